import { AlertOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { useDeclareMajorIncident } from '../../entities/sla/major-incident-api.ts';
import { useCan } from '../../entities/user/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';

type Values = { title: string; summary?: string };

/**
 * Declares a major incident, from a ticket (it becomes P1 and the incident's first linked
 * ticket) or from the major-incident page with no ticket yet.
 */
export function DeclareMajorIncidentDialog({
  ticket,
  block = true,
}: {
  ticket?: TicketDto;
  block?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const declare = useDeclareMajorIncident();
  const canDeclare = useCan('major_incident.manage');

  const submit = async (values: Values) => {
    try {
      const incident = await declare.mutateAsync({
        title: values.title,
        summary: values.summary ?? '',
        ...(ticket ? { ticketId: ticket.id } : {}),
      });
      message.success(t('majorIncident.declared'));
      setOpen(false);
      navigate(`/agent/major-incidents?id=${incident.id}`);
    } catch (error) {
      markFieldError(form, t, error, ['title', 'summary']);
    }
  };

  if (!canDeclare) return null;
  return (
    <>
      <Button
        icon={<AlertOutlined />}
        danger
        onClick={() => setOpen(true)}
        data-testid="declare-major-incident"
        block={block}
      >
        {t('majorIncident.declare')}
      </Button>
      <Modal
        open={open}
        title={
          ticket ? t('majorIncident.declareTitle', { number: ticket.number }) : t('majorIncident.declare')
        }
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('majorIncident.declare')}
        okButtonProps={{ danger: true }}
        confirmLoading={declare.isPending}
        destroyOnHidden
      >
        <ErrorAlert error={declare.error} style={{ marginBottom: 12 }} />
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ title: ticket?.subject ?? '' }}
        >
          <Form.Item
            name="title"
            label={t('majorIncident.titleField')}
            extra={t('majorIncident.declareHint')}
            rules={[{ required: true, whitespace: true, message: t('majorIncident.titleRequired') }]}
          >
            <Input maxLength={200} data-testid="major-incident-title" />
          </Form.Item>
          <Form.Item name="summary" label={t('majorIncident.summary')}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
