import { MailOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Button, Descriptions, Empty, Flex, Modal, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OriginalMailDto } from '../../../../contracts/channels.ts';
import { formatDateTime, formatFileSize } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { PageLoading } from '../../shared/ui/PageLoading.tsx';
import { useOriginalMail } from './api.ts';

// The mail's HTML was sanitised by the server; it is still shown in a sandbox without scripts,
// under a policy that loads nothing remote (no tracking pixels) and only the ticket's own
// attachments as images.
const FRAME_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src 'none'";

export function mailFrameDocument(html: string): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${FRAME_POLICY}">`,
    '<base target="_blank">',
    '<style>body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;font-size:14px;',
    'line-height:1.6;margin:8px;word-break:break-word}img{max-width:100%;height:auto}</style>',
    `</head><body>${html}</body></html>`,
  ].join('');
}

function MailView({ mail }: { mail: OriginalMailDto }) {
  const { t } = useTranslation();
  const files = mail.attachments.map((file, position) => ({ ...file, id: `${position}:${file.filename}` }));
  const text = (
    <Typography.Paragraph
      data-testid="original-mail-text"
      style={{ whiteSpace: 'pre-wrap', maxHeight: '60vh', overflow: 'auto', marginBottom: 0 }}
    >
      {mail.text || t('originalMail.noText')}
    </Typography.Paragraph>
  );
  return (
    <Flex vertical gap={12}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('originalMail.from')}>{mail.from ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('originalMail.to')}>{mail.to ?? '—'}</Descriptions.Item>
        {mail.cc && <Descriptions.Item label={t('originalMail.cc')}>{mail.cc}</Descriptions.Item>}
        <Descriptions.Item label={t('originalMail.subject')}>{mail.subject ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('originalMail.date')}>
          {formatDateTime(mail.date ?? mail.receivedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('originalMail.messageId')}>
          <Typography.Text copyable style={{ fontSize: 12 }}>
            {mail.messageId}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      {mail.html ? (
        <Tabs
          items={[
            {
              key: 'html',
              label: t('originalMail.formatted'),
              children: (
                <iframe
                  data-testid="original-mail-frame"
                  title={t('originalMail.title')}
                  sandbox="allow-popups allow-popups-to-escape-sandbox allow-same-origin"
                  referrerPolicy="no-referrer"
                  srcDoc={mailFrameDocument(mail.html)}
                  style={{ width: '100%', height: '60vh', border: '1px solid #f0f0f0', borderRadius: 4 }}
                />
              ),
            },
            { key: 'text', label: t('originalMail.plain'), children: text },
          ]}
        />
      ) : (
        text
      )}
      {files.length > 0 && (
        <Space wrap>
          {files.map((file) => (
            <Typography.Text key={file.id} type="secondary">
              <PaperClipOutlined /> {file.filename} ({formatFileSize(file.size)})
            </Typography.Text>
          ))}
        </Space>
      )}
    </Flex>
  );
}

/** "Original message": the mail a ticket message came from, sanitised, in a modal (staff only). */
export function OriginalMailButton({ ticketId, messageId }: { ticketId: number; messageId: number | null }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const mail = useOriginalMail(ticketId, messageId, open);
  return (
    <>
      <Button
        size="small"
        type="link"
        icon={<MailOutlined />}
        onClick={() => setOpen(true)}
        data-testid="original-mail-button"
      >
        {messageId === null ? t('originalMail.openingButton') : t('originalMail.button')}
      </Button>
      <Modal
        open={open}
        title={t('originalMail.title')}
        width={900}
        footer={null}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {mail.isPending ? (
          <PageLoading />
        ) : mail.isError ? (
          <ErrorAlert error={mail.error} />
        ) : mail.data ? (
          <MailView mail={mail.data} />
        ) : (
          <Empty />
        )}
      </Modal>
    </>
  );
}
