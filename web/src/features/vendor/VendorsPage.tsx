import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCalendars } from '../../entities/sla/api.ts';
import { useCreateVendor, useVendors, type Vendor } from '../../entities/sla/major-incident-api.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';

type Values = {
  name: string;
  contact?: string;
  calendarId?: number;
  responseMinutes?: number;
  resolutionMinutes: number;
};

/** Vendors and their contract targets (SL-5): the vendor clock runs on these. */
export default function VendorsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const vendors = useVendors();
  const calendars = useCalendars();
  const create = useCreateVendor();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const calendarName = (id: number | null) =>
    id === null ? t('vendor.noCalendar') : (calendars.data?.find((c) => c.id === id)?.name ?? `#${id}`);

  const submit = async (values: Values) => {
    try {
      await create.mutateAsync({
        name: values.name,
        ...(values.contact?.trim() ? { contact: values.contact.trim() } : {}),
        calendarId: values.calendarId ?? null,
        ...(values.responseMinutes ? { responseMinutes: values.responseMinutes } : {}),
        resolutionMinutes: values.resolutionMinutes,
      });
      message.success(t('vendor.created'));
      setOpen(false);
      form.resetFields();
    } catch (error) {
      markFieldError(form, t, error, [
        'name',
        'contact',
        'calendarId',
        'responseMinutes',
        'resolutionMinutes',
      ]);
    }
  };

  return (
    <Card
      title={t('vendor.vendors')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="vendor-new">
          {t('vendor.new')}
        </Button>
      }
    >
      <ErrorAlert error={vendors.error} />
      <Table<Vendor>
        rowKey="id"
        size="small"
        loading={vendors.isPending}
        dataSource={vendors.data ?? []}
        data-testid="vendor-table"
        columns={[
          { key: 'name', dataIndex: 'name', title: t('vendor.name') },
          { key: 'contact', title: t('vendor.contact'), render: (_, v) => v.contact ?? '—' },
          { key: 'calendar', title: t('vendor.calendar'), render: (_, v) => calendarName(v.calendarId) },
          {
            key: 'response',
            title: t('vendor.responseMinutes'),
            render: (_, v) => (v.responseMinutes === null ? '—' : v.responseMinutes),
          },
          { key: 'resolution', dataIndex: 'resolutionMinutes', title: t('vendor.resolutionMinutes') },
          { key: 'created', title: t('vendor.createdAt'), render: (_, v) => formatDateTime(v.createdAt) },
        ]}
      />
      <Modal
        open={open}
        title={t('vendor.new')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <ErrorAlert error={create.error} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item
            name="name"
            label={t('vendor.name')}
            rules={[{ required: true, whitespace: true, message: t('vendor.nameRequired') }]}
          >
            <Input maxLength={120} data-testid="vendor-name" />
          </Form.Item>
          <Form.Item name="contact" label={t('vendor.contact')}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="calendarId" label={t('vendor.calendar')} extra={t('vendor.calendarHint')}>
            <Select
              allowClear
              loading={calendars.isPending}
              options={(calendars.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
          <Form.Item name="responseMinutes" label={t('vendor.responseMinutes')}>
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="resolutionMinutes"
            label={t('vendor.resolutionMinutes')}
            rules={[{ required: true, message: t('vendor.resolutionRequired') }]}
          >
            <InputNumber min={1} style={{ width: '100%' }} data-testid="vendor-resolution" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
