import { App, Button, Card, Flex, Form, Input, List, Rate, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import {
  useCallbacks,
  useRateTicket,
  useRecordCallback,
  useTicketCsat,
} from '../../entities/feedback/api.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { CsatForm } from './CsatForm.tsx';
import { CsatResult } from './CsatResult.tsx';

/** In the portal: the requester rates a closed ticket, signed in (FB-3). */
export function PortalCsatCard({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const csat = useTicketCsat(ticket.id);
  const rate = useRateTicket(ticket.id);
  if (ticket.status !== 'closed' || !csat.data) return null;
  return (
    <Card size="small" title={t('feedback.csat.title')} data-testid="portal-csat">
      <ErrorAlert error={rate.error} />
      {csat.data.pending ? (
        <CsatForm
          pending={rate.isPending}
          onSubmit={(input) =>
            rate.mutate(input, { onSuccess: () => message.success(t('feedback.csat.thanks')) })
          }
        />
      ) : (
        <CsatResult csat={csat.data} />
      )}
    </Card>
  );
}

type CallbackValues = { outcome: string; note?: string; score?: number; comment?: string };

/** For staff: the ticket's rating, and the satisfaction call-backs with a form to record one. */
export function AgentCsatCard({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const csat = useTicketCsat(ticket.id);
  const callbacks = useCallbacks(ticket.id);
  const record = useRecordCallback(ticket.id);
  const [form] = Form.useForm<CallbackValues>();
  const outcome = Form.useWatch('outcome', form);
  if (!['resolved', 'closed'].includes(ticket.status)) return null;
  const save = async (values: CallbackValues) => {
    await record.mutateAsync({
      outcome: values.outcome,
      ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      ...(values.score ? { score: values.score } : {}),
      ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}),
    });
    message.success(t('feedback.callback.saved'));
    form.resetFields();
  };
  return (
    <Card size="small" title={t('feedback.csat.title')} data-testid="agent-csat">
      {csat.data && <CsatResult csat={csat.data} />}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('feedback.callback.title')}
      </Typography.Title>
      <List
        size="small"
        dataSource={callbacks.data?.items ?? []}
        locale={{ emptyText: t('feedback.callback.none') }}
        renderItem={(c) => (
          <List.Item>
            <Flex vertical>
              <span>
                <Tag>{t(`feedback.callback.outcomes.${c.outcome}`)}</Tag>
                {c.score !== null && <Rate disabled value={c.score} style={{ fontSize: 12 }} />}
              </span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {c.agent.name} · {formatDateTime(c.createdAt)}
              </Typography.Text>
              {c.note && <Typography.Text>{c.note}</Typography.Text>}
            </Flex>
          </List.Item>
        )}
      />
      <ErrorAlert error={record.error} />
      <Form form={form} layout="vertical" onFinish={save} style={{ marginTop: 8 }}>
        <Form.Item
          name="outcome"
          label={t('feedback.callback.outcome')}
          rules={[{ required: true, message: t('feedback.resolve.required') }]}
        >
          <Select
            options={(['reached', 'no_answer', 'declined', 'wrong_number'] as const).map((o) => ({
              value: o,
              label: t(`feedback.callback.outcomes.${o}`),
            }))}
          />
        </Form.Item>
        {outcome === 'reached' && (
          <Form.Item name="score" label={t('feedback.callback.score')}>
            <Rate />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('feedback.callback.note')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button htmlType="submit" loading={record.isPending}>
          {t('feedback.callback.save')}
        </Button>
      </Form>
    </Card>
  );
}
