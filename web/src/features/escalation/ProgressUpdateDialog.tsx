import { NotificationOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Modal, Segmented, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgressUpdateKind } from '../../../../contracts/sla.ts';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { useProgressUpdate } from '../../entities/sla/escalation-api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';

type Values = { text?: string; impact?: string; workaround?: string; expectedAt?: Dayjs; note?: string };

/**
 * A progress update (CM-1, CM-2), sent to the requester in their language; it satisfies the
 * next-update clock. An ordinary ticket gets a plain update (what is happening, and when to
 * expect the next step if known); an outage or a P1 the notice template (impact, workaround,
 * expected recovery).
 */
export function ProgressUpdateDialog({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<ProgressUpdateKind>(ticket.priority === 'P1' ? 'outage' : 'plain');
  const [form] = Form.useForm<Values>();
  const update = useProgressUpdate(ticket.id);

  const submit = async (values: Values) => {
    const expectedAt = values.expectedAt ? { expectedAt: values.expectedAt.toISOString() } : {};
    try {
      await update.mutateAsync(
        kind === 'plain'
          ? { kind, text: values.text ?? '', ...expectedAt }
          : {
              kind,
              impact: values.impact ?? '',
              ...expectedAt,
              ...(values.workaround ? { workaround: values.workaround } : {}),
              ...(values.note ? { note: values.note } : {}),
            },
      );
      message.success(t('progress.done'));
      setOpen(false);
      form.resetFields();
    } catch (error) {
      markFieldError(form, t, error, ['text', 'impact', 'workaround', 'expectedAt', 'note']);
    }
  };

  const required = [{ required: true, whitespace: true, message: t('progress.required') }];
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
        okButtonProps={{ ...{ 'data-testid': 'progress-submit' } }}
        confirmLoading={update.isPending}
        destroyOnHidden
      >
        <ErrorAlert error={update.error} style={{ marginBottom: 12 }} />
        <Segmented<ProgressUpdateKind>
          block
          value={kind}
          onChange={setKind}
          options={[
            { value: 'plain', label: t('progress.kindPlain') },
            { value: 'outage', label: t('progress.kindOutage') },
          ]}
          data-testid="progress-kind"
          style={{ marginBottom: 8 }}
        />
        <Typography.Paragraph type="secondary">
          {t(kind === 'plain' ? 'progress.plainHint' : 'progress.outageHint')}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit}>
          {kind === 'plain' ? (
            <>
              <Form.Item name="text" label={t('progress.text')} rules={required}>
                <Input.TextArea
                  rows={4}
                  data-testid="progress-text"
                  placeholder={t('progress.textPlaceholder')}
                />
              </Form.Item>
              <Form.Item name="expectedAt" label={t('progress.expectedNext')}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
              </Form.Item>
            </>
          ) : (
            <>
              <Form.Item name="impact" label={t('progress.impact')} rules={required}>
                <Input.TextArea rows={2} data-testid="progress-impact" />
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
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}
