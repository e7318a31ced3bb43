import { ShopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { useCompleteHandoff, useHandOffToVendor, useVendors } from '../../entities/sla/major-incident-api.ts';
import { useMe } from '../../entities/user/api.ts';
import { formatDateTime, formatMinutesSpan } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';

/** Service-level targets count business time. */
const BUSINESS = { businessTime: true } as const;

type Values = { vendorId: number; reference?: string; note?: string };

/**
 * Hands the ticket to a vendor (SL-5) with the vendor's reference: the vendor's contract clock
 * starts beside the customer's. While a hand-off runs, the button marks it done instead.
 */
export function VendorHandoffDialog({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const vendors = useVendors(open);
  const me = useMe();
  const noVendors = vendors.isSuccess && vendors.data.length === 0;
  const handOff = useHandOffToVendor(ticket.id);
  const complete = useCompleteHandoff(ticket.id);
  const running = ticket.sla?.vendor && !ticket.sla.vendor.completedAt ? ticket.sla.vendor : null;

  const submit = async (values: Values) => {
    try {
      await handOff.mutateAsync({
        vendorId: values.vendorId,
        ...(values.reference?.trim() ? { reference: values.reference.trim() } : {}),
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      });
      message.success(t('vendor.handedOff'));
      setOpen(false);
      form.resetFields();
    } catch (error) {
      markFieldError(form, t, error, ['vendorId', 'reference', 'note']);
    }
  };

  if (running)
    return (
      <>
        <Typography.Text data-testid="vendor-clock">
          {t('vendor.clockLine', {
            vendor: running.vendorName,
            reference: running.reference ?? '—',
            due: formatDateTime(running.dueAt),
          })}{' '}
          <Tag color={running.state === 'breached' ? 'red' : 'blue'}>
            {t(`vendor.states.${running.state}`)}
          </Tag>
        </Typography.Text>
        <Button
          icon={<ShopOutlined />}
          block
          loading={complete.isPending}
          data-testid="vendor-complete"
          onClick={() =>
            complete.mutate(running.handoffId, { onSuccess: () => message.success(t('vendor.completed')) })
          }
        >
          {t('vendor.complete', { vendor: running.vendorName })}
        </Button>
        <ErrorAlert error={complete.error} />
      </>
    );

  return (
    <>
      <Button icon={<ShopOutlined />} onClick={() => setOpen(true)} data-testid="vendor-handoff" block>
        {t('vendor.handOff')}
      </Button>
      <Modal
        open={open}
        title={t('vendor.handOffTitle', { number: ticket.number })}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('vendor.handOff')}
        okButtonProps={{ disabled: noVendors }}
        confirmLoading={handOff.isPending}
        destroyOnHidden
      >
        <ErrorAlert error={handOff.error ?? vendors.error} style={{ marginBottom: 12 }} />
        {noVendors && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="vendor-empty"
            title={t('emptyStates.noVendors')}
            description={
              me.data?.role === 'admin' ? t('emptyStates.addVendorHint') : t('emptyStates.askAdminVendor')
            }
            action={
              me.data?.role === 'admin' ? (
                <Link to="/admin/vendors">
                  <Button size="small" type="primary" data-testid="vendor-empty-add">
                    {t('emptyStates.addVendor')}
                  </Button>
                </Link>
              ) : undefined
            }
          />
        )}
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item
            name="vendorId"
            label={t('vendor.vendor')}
            rules={[{ required: true, message: t('vendor.vendorRequired') }]}
          >
            <Select
              loading={vendors.isPending}
              data-testid="vendor-select"
              options={(vendors.data ?? []).map((vendor) => ({
                value: vendor.id,
                label: `${vendor.name} (${t('vendor.targetShort', { minutes: formatMinutesSpan(vendor.resolutionMinutes, BUSINESS) })})`,
              }))}
            />
          </Form.Item>
          <Form.Item name="reference" label={t('vendor.reference')} extra={t('vendor.referenceHint')}>
            <Input maxLength={200} data-testid="vendor-reference" />
          </Form.Item>
          <Form.Item name="note" label={t('vendor.note')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
