import { Card, Form, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AssetPicker } from '../../features/assets/AssetPicker.tsx';
import { RequesterPicker } from '../../features/requester-picker/RequesterPicker.tsx';
import { TicketCreatedResult } from '../../features/ticket-form/TicketCreatedResult.tsx';
import { TicketForm, toCreateTicketInput } from '../../features/ticket-form/TicketForm.tsx';
import { useSubmitTicket } from '../../features/ticket-form/useSubmitTicket.ts';

/** An agent logs a phone call as a ticket on the caller's behalf (IN-1, channel 'phone'). */
export default function PhoneCallPage() {
  const { t } = useTranslation();
  const submit = useSubmitTicket();
  const [formKey, setFormKey] = useState(0);

  if (submit.data) {
    return (
      <Card style={{ maxWidth: 900, margin: '0 auto' }}>
        <TicketCreatedResult
          title={t('phone.created')}
          submitted={submit.data}
          ticketPath={`/agent/tickets/${submit.data.ticket.id}`}
          onAnother={() => {
            submit.reset();
            setFormKey((key) => key + 1);
          }}
        />
      </Card>
    );
  }
  return (
    <div style={{ maxWidth: 900, margin: '0 auto' }}>
      <Typography.Title level={3}>{t('phone.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('phone.hint')}</Typography.Paragraph>
      <TicketForm
        key={formKey}
        submitting={submit.isPending}
        error={submit.error}
        submitLabel={t('phone.submit')}
        header={
          <Card>
            <Form.Item
              name="requesterId"
              label={t('ticket.requester')}
              rules={[{ required: true, message: t('phone.requesterRequired') }]}
            >
              <RequesterPicker />
            </Form.Item>
            <Form.Item name="assetIds" label={t('assets.picker.label')} style={{ marginBottom: 0 }}>
              <AssetPicker testId="new-ticket-assets" />
            </Form.Item>
          </Card>
        }
        onSubmit={(values, files) =>
          submit.mutate({ input: { ...toCreateTicketInput(values), channel: 'phone' }, files })
        }
      />
    </div>
  );
}
