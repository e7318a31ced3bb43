import { DeleteOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, Popconfirm, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { FreezeDto } from '../../../../contracts/changes.ts';
import { useMe } from '../../entities/user/api.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { useDeleteFreeze, useFreezes, useSaveFreeze } from './api.ts';

/** 封网: freeze windows, in which only an emergency change with the freeze approval may be planned. */
export default function FreezesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const canManage = me.data?.role === 'admin' || me.data?.role === 'lead';
  const freezes = useFreezes();
  const save = useSaveFreeze();
  const remove = useDeleteFreeze();
  const [form] = Form.useForm<{ name: string; window: [Dayjs, Dayjs]; reason?: string }>();
  return (
    <Card title={t('changes.freeze.title')} data-testid="freezes-page">
      {canManage && (
        <Form
          form={form}
          layout="vertical"
          style={{ maxWidth: 640, marginBottom: 16 }}
          onFinish={(values) =>
            save.mutate(
              {
                name: values.name,
                startsAt: values.window[0].toISOString(),
                endsAt: values.window[1].toISOString(),
                reason: values.reason ?? '',
              },
              {
                onSuccess: () => {
                  form.resetFields();
                  void message.success(t('changes.freeze.saved'));
                },
              },
            )
          }
        >
          <Form.Item
            name="name"
            label={t('changes.freeze.name')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input data-testid="freeze-name" />
          </Form.Item>
          <Form.Item name="window" label={t('changes.freeze.window')} rules={[{ required: true }]}>
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
            />
          </Form.Item>
          <Form.Item name="reason" label={t('changes.freeze.reason')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
          </Form.Item>
          <ErrorAlert error={save.error} />
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="freeze-save">
            {t('changes.freeze.add')}
          </Button>
        </Form>
      )}
      <ErrorAlert error={freezes.error ?? remove.error} />
      <Table<FreezeDto>
        rowKey="id"
        size="small"
        loading={freezes.isPending}
        dataSource={freezes.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="freezes-table"
        columns={[
          { key: 'name', dataIndex: 'name', title: t('changes.freeze.name') },
          {
            key: 'window',
            title: t('changes.freeze.window'),
            render: (_, row) => `${formatDateTime(row.startsAt)} – ${formatDateTime(row.endsAt)}`,
          },
          { key: 'reason', dataIndex: 'reason', title: t('changes.freeze.reason') },
          { key: 'by', title: t('changes.freeze.by'), render: (_, row) => row.createdBy?.name ?? '—' },
          ...(canManage
            ? [
                {
                  key: 'actions',
                  title: '',
                  render: (_: unknown, row: FreezeDto) => (
                    <Popconfirm
                      title={t('changes.freeze.confirmDelete')}
                      onConfirm={() => remove.mutate(row.id)}
                    >
                      <Button
                        size="small"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('changes.freeze.delete')}
                      />
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
