import {
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CallbackDto } from '../../../../contracts/channels.ts';
import { useCallbacks, useCalls, useLogCall, useUpdateCallback } from '../../entities/channel/api.ts';
import { RequesterPicker } from '../../features/requester-picker/RequesterPicker.tsx';
import { formatShortDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

const OUTCOMES = [
  'ticket_created',
  'resolved_on_call',
  'added_to_ticket',
  'callback_scheduled',
  'no_answer',
] as const;
type Outcome = (typeof OUTCOMES)[number];

interface CallForm {
  callerId?: number;
  callerName: string;
  callerNumber?: string;
  minutes: number;
  outcome: Outcome;
  notes?: string;
  ticketId?: number;
  subject?: string;
  callbackAt?: Dayjs;
  callbackReason?: string;
}

/** The call log form (caller, duration, outcome) and the agent's call-backs (回访). */
export default function CallbacksPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<CallForm>();
  const [outcome, setOutcome] = useState<Outcome>('ticket_created');
  const log = useLogCall();
  const callbacks = useCallbacks();
  const calls = useCalls();
  const update = useUpdateCallback();

  const submit = (values: CallForm) => {
    const needsTicket =
      values.outcome === 'ticket_created' || (values.outcome === 'resolved_on_call' && !values.ticketId);
    log.mutate(
      {
        ...(values.callerId ? { callerId: values.callerId } : {}),
        callerName: values.callerName,
        ...(values.callerNumber ? { callerNumber: values.callerNumber } : {}),
        durationSeconds: Math.round(values.minutes * 60),
        outcome: values.outcome,
        notes: values.notes ?? '',
        ...(values.ticketId ? { ticketId: values.ticketId } : {}),
        ...(needsTicket
          ? {
              ticket: {
                subject: values.subject ?? values.callerName,
                description: values.notes || values.subject || '-',
                type: 'incident',
                impact: 'low',
                urgency: 'medium',
              },
            }
          : {}),
        ...(values.outcome === 'callback_scheduled' && values.callbackAt
          ? { callback: { dueAt: values.callbackAt.toISOString(), reason: values.callbackReason ?? '' } }
          : {}),
      },
      { onSuccess: () => form.resetFields() },
    );
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card title={t('calls.logTitle')}>
          <ErrorAlert error={log.error} style={{ marginBottom: 8 }} />
          <Form
            form={form}
            layout="vertical"
            initialValues={{ outcome: 'ticket_created', minutes: 5 }}
            onFinish={submit}
            onValuesChange={(changed: Partial<CallForm>) => changed.outcome && setOutcome(changed.outcome)}
          >
            <Form.Item name="callerId" label={t('calls.caller')}>
              <RequesterPicker />
            </Form.Item>
            <Form.Item name="callerName" label={t('calls.callerName')} rules={[{ required: true, max: 120 }]}>
              <Input data-testid="call-caller-name" />
            </Form.Item>
            <Form.Item name="callerNumber" label={t('calls.number')}>
              <Input />
            </Form.Item>
            <Form.Item name="minutes" label={t('calls.duration')} rules={[{ required: true }]}>
              <InputNumber min={0} max={600} step={0.5} addonAfter={t('calls.minutes')} />
            </Form.Item>
            <Form.Item name="outcome" label={t('calls.outcome')}>
              <Select
                options={OUTCOMES.map((o) => ({ value: o, label: t(`calls.outcomes.${o}`) }))}
                data-testid="call-outcome"
              />
            </Form.Item>
            {(outcome === 'added_to_ticket' || outcome === 'resolved_on_call') && (
              <Form.Item
                name="ticketId"
                label={t('calls.ticketId')}
                rules={[{ required: outcome === 'added_to_ticket' }]}
              >
                <InputNumber min={1} style={{ width: '100%' }} />
              </Form.Item>
            )}
            {(outcome === 'ticket_created' || outcome === 'resolved_on_call') && (
              <Form.Item
                name="subject"
                label={t('calls.subject')}
                rules={[{ required: outcome === 'ticket_created', max: 200 }]}
              >
                <Input />
              </Form.Item>
            )}
            {outcome === 'callback_scheduled' && (
              <>
                <Form.Item name="callbackAt" label={t('calls.callbackAt')} rules={[{ required: true }]}>
                  <DatePicker showTime style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item
                  name="callbackReason"
                  label={t('calls.callbackReason')}
                  rules={[{ required: true, max: 1000 }]}
                >
                  <Input />
                </Form.Item>
              </>
            )}
            <Form.Item name="notes" label={t('calls.notes')}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={log.isPending} data-testid="call-submit">
              {t('calls.save')}
            </Button>
            {log.data?.ticketId && (
              <Typography.Paragraph style={{ marginTop: 8 }}>
                <Link to={`/agent/tickets/${log.data.ticketId}`}>{t('calls.openTicket')}</Link>
              </Typography.Paragraph>
            )}
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title={t('calls.callbacks')} style={{ marginBottom: 16 }}>
          <ErrorAlert error={update.error} />
          <Table<CallbackDto>
            size="small"
            rowKey="id"
            loading={callbacks.isLoading}
            dataSource={callbacks.data ?? []}
            pagination={false}
            data-testid="callback-table"
            columns={[
              {
                title: t('calls.due'),
                dataIndex: 'dueAt',
                render: (v: string) => (
                  <Tag color={dayjs(v).isBefore(dayjs()) ? 'red' : 'blue'}>{formatShortDateTime(v)}</Tag>
                ),
              },
              { title: t('calls.callerName'), dataIndex: 'contactName' },
              { title: t('calls.number'), dataIndex: 'phone' },
              { title: t('calls.callbackReason'), dataIndex: 'reason' },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_: unknown, row) => (
                  <Popconfirm
                    title={t('calls.markDone')}
                    onConfirm={() => update.mutate({ id: row.id, status: 'done' })}
                  >
                    <Button size="small">{t('calls.done')}</Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
        </Card>
        <Card title={t('calls.recent')}>
          <Table
            size="small"
            rowKey="id"
            dataSource={calls.data ?? []}
            pagination={{ pageSize: 10 }}
            columns={[
              {
                title: t('calls.loggedAt'),
                dataIndex: 'loggedAt',
                render: (v: string) => formatShortDateTime(v),
              },
              { title: t('calls.callerName'), dataIndex: 'callerName' },
              {
                title: t('calls.duration'),
                dataIndex: 'durationSeconds',
                render: (v: number) => `${Math.round(v / 60)} ${t('calls.minutes')}`,
              },
              {
                title: t('calls.outcome'),
                dataIndex: 'outcome',
                render: (v: Outcome) => t(`calls.outcomes.${v}`),
              },
              {
                title: t('calls.ticketId'),
                dataIndex: 'ticketId',
                render: (v: number | null) =>
                  v ? <Link to={`/agent/tickets/${v}`}>{t('calls.openTicket')}</Link> : '-',
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
