import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateSavedView, useDeleteSavedView, useSavedViews } from '../../entities/saved-view/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { errorText, markFieldError } from '../../shared/ui/errors.ts';
import { pickFilters, type QueueFilters, sameFilters } from './useQueueFilters.ts';

type Props = { filters: QueueFilters; onApply: (filters: QueueFilters) => void };

/** Named filter sets per agent: save the current filters, pick one, delete one. */
export function SavedViews({ filters, onApply }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const views = useSavedViews();
  const create = useCreateSavedView();
  const remove = useDeleteSavedView();
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ name: string }>();

  const active = (views.data ?? []).find((view) => sameFilters(pickFilters(view.filters), filters));

  const save = ({ name }: { name: string }) => {
    const payload: Record<string, string> = {};
    for (const [key, value] of Object.entries(filters)) if (value) payload[key] = value;
    create.mutate(
      { name: name.trim(), filters: payload },
      {
        onSuccess: () => {
          setSaving(false);
          form.resetFields();
          message.success(t('queue.viewSaved'));
        },
        onError: (error) => markFieldError(form, t, error, ['name']),
      },
    );
  };

  return (
    <Space wrap data-testid="saved-views">
      <Select<number>
        placeholder={t('queue.savedViews')}
        value={active?.id}
        loading={views.isPending}
        options={(views.data ?? []).map((view) => ({ value: view.id, label: view.name }))}
        onChange={(id) => {
          const view = views.data?.find((candidate) => candidate.id === id);
          if (view) onApply(pickFilters(view.filters));
        }}
        style={{ minWidth: 180 }}
        data-testid="saved-view-select"
      />
      <Button icon={<SaveOutlined />} onClick={() => setSaving(true)} data-testid="saved-view-save">
        {t('queue.saveView')}
      </Button>
      {active && (
        <Popconfirm
          title={t('queue.deleteViewConfirm', { name: active.name })}
          onConfirm={() =>
            remove.mutate(active.id, {
              onSuccess: () => message.success(t('queue.viewDeleted')),
              onError: (error) => message.error(errorText(t, error)),
            })
          }
        >
          <Button danger icon={<DeleteOutlined />} data-testid="saved-view-delete">
            {t('queue.deleteView')}
          </Button>
        </Popconfirm>
      )}
      <Modal
        open={saving}
        title={t('queue.saveView')}
        onCancel={() => setSaving(false)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <ErrorAlert error={create.error} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item
            name="name"
            label={t('queue.viewName')}
            rules={[{ required: true, whitespace: true, message: t('queue.viewNameRequired') }, { max: 120 }]}
          >
            <Input autoFocus data-testid="saved-view-name" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
