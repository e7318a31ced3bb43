import { LockOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePostMessage } from '../../entities/ticket/api.ts';
import { useReplyInsert } from '../../shared/lib/reply-insert.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { FilePicker } from '../../shared/ui/FilePicker.tsx';
import { CannedResponsePicker } from '../canned-responses/CannedResponsePicker.tsx';

type Props = { ticketId: number; allowInternal: boolean; disabled?: boolean };

/** A public reply, or (staff only) an internal note that the requester never sees. */
export function ReplyComposer({ ticketId, allowInternal, disabled }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const post = usePostMessage(ticketId);
  const isInternal = allowInternal && internal;
  useReplyInsert(ticketId, (text) => setBody((current) => (current ? `${current}\n${text}` : text)));

  const submit = () => {
    if (!body.trim()) return;
    post.mutate(
      { body: body.trim(), internal: isInternal, files },
      {
        onSuccess: ({ failed }) => {
          setBody('');
          setFiles([]);
          message.success(isInternal ? t('reply.noteSaved') : t('reply.sent'));
          if (failed.length > 0) message.warning(t('ticketForm.uploadsFailed', { names: failed.join(', ') }));
        },
      },
    );
  };

  return (
    <Form
      layout="vertical"
      onFinish={submit}
      style={{
        padding: 12,
        borderRadius: 8,
        border: `1px solid ${isInternal ? '#ffe58f' : '#d9d9d9'}`,
        background: isInternal ? '#fffbe6' : '#fafafa',
      }}
      data-testid="reply-composer"
    >
      {allowInternal && (
        <Segmented
          data-testid="reply-internal-toggle"
          data-internal={isInternal ? 'true' : 'false'}
          style={{ marginBottom: 8 }}
          value={isInternal ? 'internal' : 'public'}
          onChange={(value) => setInternal(value === 'internal')}
          options={[
            { value: 'public', label: t('reply.publicReply') },
            { value: 'internal', label: t('reply.internalNote'), icon: <LockOutlined /> },
          ]}
        />
      )}
      {allowInternal && (
        <span style={{ marginLeft: 8 }}>
          <CannedResponsePicker
            ticketId={ticketId}
            onInsert={(text) => setBody((current) => (current ? `${current}\n${text}` : text))}
          />
        </span>
      )}
      <ErrorAlert error={post.error} style={{ marginBottom: 8 }} />
      <Input.TextArea
        value={body}
        onChange={(event) => setBody(event.target.value)}
        rows={4}
        disabled={disabled}
        placeholder={isInternal ? t('reply.internalPlaceholder') : t('reply.placeholder')}
        data-testid="reply-body"
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
        }}
      />
      <Flex justify="space-between" align="flex-start" gap={8} style={{ marginTop: 8 }}>
        <FilePicker files={files} onChange={setFiles} disabled={disabled} testId="reply-attachments" />
        <Flex align="center" gap={8}>
          {allowInternal && (
            <span style={{ color: 'rgba(0,0,0,0.45)' }}>
              {isInternal ? t('reply.internalHint') : t('reply.publicHint')}
            </span>
          )}
          <Button
            type="primary"
            htmlType="submit"
            icon={isInternal ? <LockOutlined /> : <SendOutlined />}
            loading={post.isPending}
            disabled={disabled || !body.trim()}
            data-testid="reply-submit"
          >
            {isInternal ? t('reply.saveNote') : t('reply.send')}
          </Button>
        </Flex>
      </Flex>
    </Form>
  );
}
