import { WarningOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboundEmailDto, MailboxDto } from '../../../../contracts/channels.ts';
import {
  useDeleteMailbox,
  useInboundEmails,
  useMailboxes,
  usePollMailbox,
  useReprocessInbound,
  useSaveMailbox,
} from '../../entities/channel/api.ts';
import { formatShortDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

interface MailboxForm {
  name: string;
  address: string;
  imapHost: string;
  imapPort: number;
  imapTls: boolean;
  imapUser: string;
  imapPassword?: string;
  imapFolder: string;
  createRequesters: boolean;
  active: boolean;
}

/** Mailboxes (IMAP polling; the SMTP listener appears as a row too) and the inbound mail that needs a look. */
export default function MailboxesPage() {
  const { t } = useTranslation();
  const mailboxes = useMailboxes();
  const save = useSaveMailbox();
  const poll = usePollMailbox();
  const remove = useDeleteMailbox();
  const [editing, setEditing] = useState<MailboxDto | 'new' | null>(null);
  const [form] = Form.useForm<MailboxForm>();
  const [status, setStatus] = useState<string>('failed');
  const inbound = useInboundEmails(status);
  const reprocess = useReprocessInbound();

  const open = (box: MailboxDto | 'new') => {
    setEditing(box);
    form.setFieldsValue(
      box === 'new'
        ? { imapPort: 993, imapTls: true, imapFolder: 'INBOX', createRequesters: true, active: true }
        : {
            name: box.name,
            address: box.address,
            imapHost: box.imapHost ?? '',
            imapPort: box.imapPort ?? 993,
            imapTls: box.imapTls,
            imapUser: box.imapUser ?? '',
            imapFolder: box.imapFolder,
            createRequesters: box.createRequesters,
            active: box.active,
          },
    );
  };
  const submit = (values: MailboxForm) => {
    const { address, imapPassword, ...rest } = values;
    const body =
      editing === 'new'
        ? { ...rest, address, imapPassword: imapPassword ?? '' }
        : { ...rest, ...(imapPassword ? { imapPassword } : {}) };
    save.mutate(
      { ...(editing !== 'new' && editing ? { id: editing.id } : {}), body },
      { onSuccess: () => setEditing(null) },
    );
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Card
        title={t('channelsAdmin.mailboxes')}
        extra={
          <Button type="primary" onClick={() => open('new')} data-testid="mailbox-add">
            {t('channelsAdmin.addMailbox')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('channelsAdmin.mailboxesHint')}</Typography.Paragraph>
        <ErrorAlert error={poll.error ?? remove.error} style={{ marginBottom: 8 }} />
        <Table<MailboxDto>
          rowKey="id"
          size="small"
          loading={mailboxes.isLoading}
          dataSource={mailboxes.data ?? []}
          pagination={false}
          columns={[
            { title: t('channelsAdmin.name'), dataIndex: 'name' },
            {
              title: t('channelsAdmin.kind'),
              dataIndex: 'kind',
              render: (v: string) => <Tag>{v.toUpperCase()}</Tag>,
            },
            { title: t('channelsAdmin.address'), dataIndex: 'address' },
            {
              title: t('channelsAdmin.server'),
              key: 'server',
              render: (_, b) =>
                b.imapHost ? `${b.imapHost}:${b.imapPort}${b.imapTls ? ' (TLS)' : ''}` : '-',
            },
            {
              title: t('channelsAdmin.active'),
              dataIndex: 'active',
              render: (v: boolean) =>
                v ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>,
            },
            {
              title: t('channelsAdmin.lastPolled'),
              dataIndex: 'lastPolledAt',
              render: (v: string | null, b) =>
                v ? (
                  <span title={b.lastError ?? ''}>
                    {formatShortDateTime(v)}
                    {b.lastError ? (
                      <WarningOutlined
                        style={{ color: '#faad14', marginInlineStart: 4 }}
                        aria-label={b.lastError}
                      />
                    ) : null}
                  </span>
                ) : (
                  '-'
                ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, box) =>
                box.kind === 'imap' ? (
                  <Space>
                    <Button size="small" onClick={() => open(box)}>
                      {t('common.edit')}
                    </Button>
                    <Button size="small" loading={poll.isPending} onClick={() => poll.mutate(box.id)}>
                      {t('channelsAdmin.pollNow')}
                    </Button>
                    <Popconfirm title={t('channelsAdmin.deactivate')} onConfirm={() => remove.mutate(box.id)}>
                      <Button size="small" danger>
                        {t('channelsAdmin.deactivate')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ) : null,
            },
          ]}
        />
        {poll.data && (
          <Typography.Text type="secondary">{t('channelsAdmin.polled', poll.data)}</Typography.Text>
        )}
      </Card>
      <Card title={t('channelsAdmin.inbound')}>
        {/* The filters sit above the table, wrapping on a phone (in the card's header the four of
            them ran past a 390 px screen in English). */}
        <Space wrap style={{ marginBottom: 12 }}>
          {(['failed', 'rejected', 'ignored', 'processed'] as const).map((s) => (
            <Button
              key={s}
              size="small"
              type={status === s ? 'primary' : 'default'}
              onClick={() => setStatus(s)}
            >
              {t(`channelsAdmin.inboundStatus.${s}`)}
            </Button>
          ))}
        </Space>
        <Table<InboundEmailDto>
          rowKey="id"
          size="small"
          dataSource={inbound.data ?? []}
          loading={inbound.isLoading}
          pagination={{ pageSize: 20 }}
          columns={[
            {
              title: t('channelsAdmin.received'),
              dataIndex: 'receivedAt',
              render: (v: string) => formatShortDateTime(v),
            },
            { title: t('channelsAdmin.from'), dataIndex: 'fromAddress' },
            { title: t('channelsAdmin.subject'), dataIndex: 'subject', ellipsis: true },
            { title: t('channelsAdmin.reason'), dataIndex: 'reason', ellipsis: true },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, row) => (
                <Space>
                  <a href={`/api/v1/channels/inbound-emails/${row.id}/raw`}>{t('channelsAdmin.raw')}</a>
                  {row.status !== 'processed' && (
                    <Button size="small" onClick={() => reprocess.mutate(row.id)}>
                      {t('channelsAdmin.reprocess')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('channelsAdmin.addMailbox') : t('common.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okText={t('common.save')}
      >
        <ErrorAlert error={save.error} style={{ marginBottom: 8 }} />
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="name" label={t('channelsAdmin.name')} rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="address"
            label={t('channelsAdmin.address')}
            rules={[{ required: editing === 'new', type: 'email' }]}
          >
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Space>
            <Form.Item name="imapHost" label={t('channelsAdmin.imapHost')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="imapPort" label={t('channelsAdmin.imapPort')} rules={[{ required: true }]}>
              <InputNumber min={1} max={65535} />
            </Form.Item>
            <Form.Item name="imapTls" label="TLS" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Form.Item name="imapUser" label={t('channelsAdmin.imapUser')} rules={[{ required: true }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="imapPassword"
            label={t('channelsAdmin.imapPassword')}
            rules={[{ required: editing === 'new' }]}
            extra={editing !== 'new' ? t('channelsAdmin.passwordKept') : undefined}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="imapFolder" label={t('channelsAdmin.imapFolder')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="createRequesters"
            label={t('channelsAdmin.createRequesters')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Form.Item name="active" label={t('channelsAdmin.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
