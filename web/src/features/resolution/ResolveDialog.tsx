import { CheckCircleOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResolveTicketInput } from '../../../../contracts/resolution.ts';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { useResolutionCodes, useResolveTicket } from '../../entities/feedback/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';

const RESOLVABLE = ['new', 'open', 'in_progress', 'pending_requester', 'pending_vendor', 'pending_approval'];

/** The agent resolves with a code, the root cause, what was done and how to prevent it (RS-1, RS-3). */
export function ResolveDialog({ ticket }: { ticket: TicketDto }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ResolveTicketInput>();
  const codes = useResolutionCodes();
  const resolve = useResolveTicket(ticket.id);
  if (!RESOLVABLE.includes(ticket.status)) return null;
  const required = [{ required: true, whitespace: true, message: t('feedback.resolve.required') }];

  const submit = async (values: ResolveTicketInput) => {
    try {
      await resolve.mutateAsync({ ...values, firstContact: Boolean(values.firstContact) });
      message.success(t('feedback.resolve.done'));
      setOpen(false);
      form.resetFields();
    } catch (error) {
      markFieldError(form, t, error, ['resolutionCode', 'rootCause', 'actions', 'prevention']);
    }
  };

  return (
    <>
      <Button
        type="primary"
        icon={<CheckCircleOutlined />}
        onClick={() => setOpen(true)}
        data-testid="resolve-button"
        block
      >
        {t('feedback.resolve.button')}
      </Button>
      <Modal
        open={open}
        title={t('feedback.resolve.title', { number: ticket.number })}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('feedback.resolve.submit')}
        confirmLoading={resolve.isPending}
        okButtonProps={{ 'data-testid': 'resolve-submit' } as Record<`data-${string}`, string>}
        width={640}
        destroyOnHidden
      >
        <ErrorAlert error={resolve.error} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ firstContact: false }}>
          <Form.Item
            name="resolutionCode"
            label={t('feedback.resolve.code')}
            rules={[{ required: true, message: t('feedback.resolve.required') }]}
          >
            <Select
              data-testid="resolve-code"
              loading={codes.isPending}
              options={(codes.data?.items ?? []).map((c) => ({
                value: c.code,
                label: i18n.language === 'en' ? c.labelEn : c.labelZh,
              }))}
            />
          </Form.Item>
          <Form.Item name="rootCause" label={t('feedback.resolve.rootCause')} rules={required}>
            <Input.TextArea rows={2} maxLength={5000} data-testid="resolve-root-cause" />
          </Form.Item>
          <Form.Item name="actions" label={t('feedback.resolve.actions')} rules={required}>
            <Input.TextArea rows={3} maxLength={10000} data-testid="resolve-actions" />
          </Form.Item>
          <Form.Item name="prevention" label={t('feedback.resolve.prevention')} rules={required}>
            <Input.TextArea rows={2} maxLength={5000} data-testid="resolve-prevention" />
          </Form.Item>
          <Form.Item name="firstContact" valuePropName="checked">
            <Checkbox>{t('feedback.resolve.firstContact')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
