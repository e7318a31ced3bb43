import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Flex, Form, Input, InputNumber, Modal, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApprovalMode, ApproverRule } from '../../../../contracts/approvals.ts';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { ApprovalCard } from './ApprovalCard.tsx';
import { ApproverPicker, ApproverRulePicker } from './ApproverPicker.tsx';
import { useRequestTicketApproval, useTicketApprovals } from './api.ts';

type FormValues = {
  title: string;
  approverIds?: number[];
  approverRules?: ApproverRule[];
  mode: ApprovalMode;
  deadline?: Dayjs | null;
  remindAfterMinutes?: number | null;
};

function RequestApprovalDialog({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const request = useRequestTicketApproval(ticket.id);
  const submit = (values: FormValues) =>
    request.mutate(
      {
        title: values.title,
        approverIds: values.approverIds ?? [],
        approverRules: values.approverRules ?? [],
        mode: values.mode,
        deadline: values.deadline ? values.deadline.toISOString() : null,
        remindAfterMinutes: values.remindAfterMinutes ?? null,
      },
      {
        onSuccess: () => {
          setOpen(false);
          form.resetFields();
        },
      },
    );
  return (
    <>
      <Button
        size="small"
        icon={<PlusOutlined />}
        onClick={() => setOpen(true)}
        data-testid="request-approval"
      >
        {t('approvals.form.open')}
      </Button>
      <Modal
        open={open}
        title={t('approvals.form.title')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('approvals.form.submit')}
        confirmLoading={request.isPending}
        okButtonProps={{ 'data-testid': 'request-approval-submit' }}
        destroyOnHidden
      >
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={{ mode: 'all', title: '' }}
          onFinish={submit}
          data-testid="request-approval-form"
        >
          <Form.Item
            name="title"
            label={t('approvals.form.what')}
            rules={[{ required: true, whitespace: true, max: 300 }]}
          >
            <Input data-testid="approval-title" />
          </Form.Item>
          <Form.Item
            name="approverIds"
            label={t('approvals.form.approvers')}
            extra={t('approvals.form.approversHelp')}
          >
            <ApproverPicker />
          </Form.Item>
          <Form.Item
            name="approverRules"
            label={t('approvals.rule.rulesLabel')}
            extra={t('approvals.rule.rulesHelp')}
          >
            <ApproverRulePicker />
          </Form.Item>
          <Form.Item name="mode" label={t('approvals.form.mode')}>
            <Radio.Group
              optionType="button"
              options={(['all', 'any', 'sequence'] as const).map((mode) => ({
                value: mode,
                label: t(`approvals.modeShort.${mode}`),
              }))}
            />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item name="deadline" label={t('approvals.form.deadline')} style={{ flex: '1 1 200px' }}>
              <DatePicker showTime style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name="remindAfterMinutes"
              label={t('approvals.form.remind')}
              style={{ flex: '1 1 160px' }}
            >
              <InputNumber min={1} max={43200} style={{ width: '100%' }} />
            </Form.Item>
          </Flex>
          <ErrorAlert error={request.error} />
        </Form>
      </Modal>
    </>
  );
}

/**
 * The approvals of a ticket (status, who decided what) on the ticket page; agents ask for one
 * here, and an approver whose turn it is decides here too. The requester sees them read-only.
 */
export function TicketApprovalsCard({
  ticket,
  asRequester = false,
}: {
  ticket: TicketDto;
  asRequester?: boolean;
}) {
  const { t } = useTranslation();
  const approvals = useTicketApprovals(ticket.id);
  const items = approvals.data?.items ?? [];
  if (asRequester && items.length === 0) return null;
  return (
    <Card
      size="small"
      title={t('approvals.ticketCard')}
      extra={!asRequester && <RequestApprovalDialog ticket={ticket} />}
      data-testid="ticket-approvals"
    >
      <ErrorAlert error={approvals.error} />
      {items.length === 0 ? (
        <span style={{ color: 'rgba(0,0,0,0.45)' }}>{t('approvals.noneOnTicket')}</span>
      ) : (
        <Flex vertical gap={8}>
          {items.map((approval) => (
            <ApprovalCard key={approval.id} approval={approval} />
          ))}
        </Flex>
      )}
    </Card>
  );
}
