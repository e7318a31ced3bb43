import { RiseOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { useEscalate } from '../../entities/sla/escalation-api.ts';
import { useTeams } from '../../entities/team/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';

type Values = { kind: 'functional' | 'hierarchical'; reason: string; tried?: string; toTeamId?: number };

/**
 * Escalate (ES-2, ES-3): functionally to a team (or the next tier), or hierarchically to the
 * managers, saying what was tried and why. The agent stays the owner towards the requester.
 */
export function EscalateDialog({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const teams = useTeams(open);
  const escalate = useEscalate(ticket.id);

  const submit = async (values: Values) => {
    try {
      await escalate.mutateAsync({
        kind: values.kind,
        reason: values.reason,
        tried: values.tried ?? '',
        ...(values.toTeamId ? { toTeamId: values.toTeamId } : {}),
      });
      message.success(t('escalation.done'));
      setOpen(false);
      form.resetFields();
    } catch (error) {
      markFieldError(form, t, error, ['reason', 'tried', 'toTeamId']);
    }
  };

  return (
    <>
      <Button icon={<RiseOutlined />} onClick={() => setOpen(true)} data-testid="escalate-button" block>
        {t('escalation.button')}
      </Button>
      <Modal
        open={open}
        title={t('escalation.title', { number: ticket.number })}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('escalation.submit')}
        confirmLoading={escalate.isPending}
        destroyOnHidden
      >
        <ErrorAlert error={escalate.error} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'functional' }}>
          <Form.Item name="kind" label={t('escalation.kind')}>
            <Radio.Group
              options={[
                { value: 'functional', label: t('escalation.functional') },
                { value: 'hierarchical', label: t('escalation.hierarchical') },
              ]}
            />
          </Form.Item>
          {kind !== 'hierarchical' && (
            <Form.Item name="toTeamId" label={t('escalation.toTeam')} extra={t('escalation.toTeamHint')}>
              <Select
                allowClear
                loading={teams.isPending}
                options={(teams.data ?? [])
                  .filter((team) => team.id !== ticket.team?.id)
                  .map((team) => ({ value: team.id, label: `${team.name} (${team.tier})` }))}
              />
            </Form.Item>
          )}
          <Form.Item
            name="reason"
            label={t('escalation.reason')}
            rules={[{ required: true, whitespace: true, message: t('escalation.reasonRequired') }]}
          >
            <Input.TextArea rows={2} data-testid="escalation-reason" />
          </Form.Item>
          <Form.Item name="tried" label={t('escalation.tried')}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
