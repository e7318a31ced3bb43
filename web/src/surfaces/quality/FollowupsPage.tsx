import { App, Button, Card, Form, Input, Modal, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FollowupDto } from '../../../../contracts/surveys.ts';
import { useCloseFollowup, useFollowups } from '../../entities/feedback/api.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

/** The quality manager's low-score follow-ups (FB-4): read the comment, call back, close with a note. */
export default function FollowupsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [status, setStatus] = useState<'open' | 'closed' | 'all'>('open');
  const [closing, setClosing] = useState<FollowupDto | null>(null);
  const [form] = Form.useForm<{ note: string }>();
  const followups = useFollowups(status);
  const close = useCloseFollowup();
  const submit = async ({ note }: { note: string }) => {
    if (!closing) return;
    await close.mutateAsync({ id: closing.id, note });
    message.success(t('feedback.followups.closed'));
    setClosing(null);
    form.resetFields();
  };
  return (
    <Card
      title={t('feedback.followups.title')}
      extra={
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={(['open', 'closed', 'all'] as const).map((s) => ({
            value: s,
            label: t(`feedback.followups.${s}`),
          }))}
        />
      }
    >
      <ErrorAlert error={followups.error} />
      <Table<FollowupDto>
        rowKey="id"
        size="small"
        loading={followups.isPending}
        dataSource={followups.data?.items ?? []}
        locale={{ emptyText: t('feedback.followups.empty') }}
        data-testid="followups-table"
        columns={[
          {
            title: t('feedback.followups.ticket'),
            render: (_, f) => (
              <Link to={`/agent/tickets/${f.ticket.id}`}>
                #{f.ticket.number} {f.ticket.subject}
              </Link>
            ),
          },
          {
            title: t('feedback.followups.score'),
            dataIndex: 'score',
            render: (s: number | null) => <Tag color="red">{s ?? '—'}</Tag>,
          },
          {
            title: t('feedback.followups.comment'),
            dataIndex: 'comment',
            render: (c: string | null) => c ?? '—',
          },
          { title: t('feedback.followups.assignee'), render: (_, f) => f.ticket.assigneeName ?? '—' },
          { title: t('feedback.followups.requester'), render: (_, f) => f.ticket.requesterName },
          {
            title: t('feedback.followups.created'),
            dataIndex: 'createdAt',
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('feedback.followups.note'),
            render: (_, f) =>
              f.status === 'open' ? (
                <Button size="small" onClick={() => setClosing(f)}>
                  {t('feedback.followups.close')}
                </Button>
              ) : (
                <Typography.Text>
                  {f.note}
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('feedback.followups.closedBy', { name: f.closedBy?.name ?? '' })} ·{' '}
                    {formatDateTime(f.closedAt)}
                  </Typography.Text>
                </Typography.Text>
              ),
          },
        ]}
      />
      <Modal
        open={closing !== null}
        title={t('feedback.followups.closeTitle')}
        onCancel={() => setClosing(null)}
        onOk={() => form.submit()}
        confirmLoading={close.isPending}
        destroyOnHidden
      >
        <ErrorAlert error={close.error} />
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item
            name="note"
            label={t('feedback.followups.note')}
            rules={[{ required: true, whitespace: true, message: t('feedback.resolve.required') }]}
          >
            <Input.TextArea rows={4} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
