import { NotificationOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { useProgressUpdate } from '../../entities/sla/escalation-api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';

type Values = { impact: string; workaround?: string; expectedAt: Dayjs; note?: string };

/**
 * A progress update from the template (CM-1, CM-2): impact, workaround and expected time, sent
 * to the requester in their language; it satisfies the next-update clock.
 */
export function ProgressUpdateDialog({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const update = useProgressUpdate(ticket.id);

  const submit = async (values: Values) => {
    try {
      await update.mutateAsync({
        impact: values.impact,
        expectedAt: values.expectedAt.toISOString(),
        ...(values.workaround ? { workaround: values.workaround } : {}),
        ...(values.note ? { note: values.note } : {}),
      });
      message.success(t('progress.done'));
      setOpen(false);
      form.resetFields();
    } catch (error) {
      markFieldError(form, t, error, ['impact', 'workaround', 'expectedAt', 'note']);
    }
  };

  return (
    <>
      <Button
        icon={<NotificationOutlined />}
        onClick={() => setOpen(true)}
        data-testid="progress-update-button"
        block
      >
        {t('progress.button')}
      </Button>
      <Modal
        open={open}
        title={t('progress.title')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('progress.submit')}
        confirmLoading={update.isPending}
        destroyOnHidden
      >
        <ErrorAlert error={update.error} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item
            name="impact"
            label={t('progress.impact')}
            rules={[{ required: true, whitespace: true, message: t('progress.required') }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="workaround" label={t('progress.workaround')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item
            name="expectedAt"
            label={t('progress.expectedAt')}
            rules={[{ required: true, message: t('progress.required') }]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="note" label={t('progress.note')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
