import {
  Button,
  Card,
  Collapse,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoticeTemplateDto } from '../../../../contracts/channels.ts';
import type { MessageTemplateDto } from '../../../../contracts/notifications.ts';
import {
  useMessageTemplates,
  useNoticeTemplates,
  useSaveMessageTemplate,
  useSaveNoticeTemplate,
} from '../../entities/channel/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

function MessageTemplateEditor({ template }: { template: MessageTemplateDto }) {
  const { t } = useTranslation();
  const save = useSaveMessageTemplate();
  const [form] = Form.useForm<{ subject: string; body: string }>();
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ subject: template.subject, body: template.body }}
      onFinish={(values) => save.mutate({ event: template.event, locale: template.locale, body: values })}
    >
      <ErrorAlert error={save.error} style={{ marginBottom: 8 }} />
      <Typography.Paragraph type="secondary">
        {t('channelsAdmin.variables')}:{' '}
        {template.variables.map((v) => (
          <Tooltip key={v} title={template.variableDescriptions[v]}>
            <Tag>{`{{${v}}}`}</Tag>
          </Tooltip>
        ))}
      </Typography.Paragraph>
      {Object.keys(template.variableDescriptions).length > 0 && (
        <ul style={{ marginTop: 0, color: 'rgba(0,0,0,0.45)' }}>
          {Object.entries(template.variableDescriptions).map(([name, text]) => (
            <li key={name}>
              <Typography.Text code>{`{{${name}}}`}</Typography.Text> {text}
            </li>
          ))}
        </ul>
      )}
      <Form.Item name="subject" label={t('channelsAdmin.subject')} rules={[{ required: true, max: 300 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="body" label={t('channelsAdmin.body')} rules={[{ required: true }]}>
        <Input.TextArea rows={8} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
        {template.custom && (
          <Popconfirm
            title={t('channelsAdmin.resetTemplate')}
            onConfirm={() =>
              save.mutate(
                { event: template.event, locale: template.locale, body: null },
                {
                  onSuccess: () =>
                    form.setFieldsValue({ subject: template.defaultSubject, body: template.defaultBody }),
                },
              )
            }
          >
            <Button>{t('channelsAdmin.resetTemplate')}</Button>
          </Popconfirm>
        )}
      </Space>
    </Form>
  );
}

type NoticeForm = Omit<NoticeTemplateDto, 'id' | 'variables' | 'updatedAt'>;

/** Message templates per event and language, and the outage / maintenance / upgrade notice templates. */
export default function TemplatesPage() {
  const { t } = useTranslation();
  const templates = useMessageTemplates();
  const notices = useNoticeTemplates();
  const saveNotice = useSaveNoticeTemplate();
  const [editing, setEditing] = useState<NoticeTemplateDto | 'new' | null>(null);
  const [form] = Form.useForm<NoticeForm>();
  const openNotice = (notice: NoticeTemplateDto | 'new') => {
    setEditing(notice);
    form.resetFields();
    if (notice !== 'new') form.setFieldsValue(notice);
    else
      form.setFieldsValue({
        kind: 'outage',
        locale: 'zh-CN',
        body: '影响范围：{{impact}}\n预计恢复时间：{{expectedRecovery}}',
      });
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Card title={t('channelsAdmin.messageTemplates')}>
        <Typography.Paragraph type="secondary">
          {t('channelsAdmin.messageTemplatesHint')}
        </Typography.Paragraph>
        <Collapse
          items={(templates.data ?? []).map((template) => ({
            key: `${template.event}/${template.locale}`,
            label: (
              <Space>
                {template.description}
                <Tag>{template.locale}</Tag>
                {template.custom && <Tag color="blue">{t('channelsAdmin.customised')}</Tag>}
              </Space>
            ),
            children: <MessageTemplateEditor template={template} />,
          }))}
        />
      </Card>
      <Card
        title={t('channelsAdmin.noticeTemplates')}
        extra={<Button onClick={() => openNotice('new')}>{t('channelsAdmin.addNotice')}</Button>}
      >
        <Typography.Paragraph type="secondary">{t('channelsAdmin.noticeHint')}</Typography.Paragraph>
        <Collapse
          items={(notices.data ?? []).map((notice) => ({
            key: notice.id,
            label: (
              <Space>
                <Tag color="orange">{t(`channelsAdmin.noticeKinds.${notice.kind}`)}</Tag>
                {notice.name}
                <Tag>{notice.locale}</Tag>
              </Space>
            ),
            extra: (
              <Button
                size="small"
                onClick={(e) => {
                  e.stopPropagation();
                  openNotice(notice);
                }}
              >
                {t('common.edit')}
              </Button>
            ),
            children: (
              <>
                <Typography.Text strong>{notice.subject}</Typography.Text>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}>
                  {notice.body}
                </Typography.Paragraph>
              </>
            ),
          }))}
        />
      </Card>
      <Modal
        open={editing !== null}
        width={640}
        title={editing === 'new' ? t('channelsAdmin.addNotice') : t('common.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={saveNotice.isPending}
        okText={t('common.save')}
      >
        <ErrorAlert error={saveNotice.error} style={{ marginBottom: 8 }} />
        <Form
          form={form}
          layout="vertical"
          onFinish={(values) =>
            saveNotice.mutate(
              { ...(editing !== 'new' && editing ? { id: editing.id } : {}), body: values },
              { onSuccess: () => setEditing(null) },
            )
          }
        >
          <Space>
            <Form.Item name="kind" label={t('channelsAdmin.kind')}>
              <Select
                style={{ width: 160 }}
                options={(['outage', 'maintenance', 'upgrade'] as const).map((k) => ({
                  value: k,
                  label: t(`channelsAdmin.noticeKinds.${k}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="locale" label={t('lang.label')}>
              <Select
                style={{ width: 120 }}
                options={[
                  { value: 'zh-CN', label: '中文' },
                  { value: 'en', label: 'English' },
                ]}
              />
            </Form.Item>
          </Space>
          <Form.Item name="name" label={t('channelsAdmin.name')} rules={[{ required: true, max: 120 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="subject" label={t('channelsAdmin.subject')} rules={[{ required: true, max: 300 }]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="body"
            label={t('channelsAdmin.body')}
            extra={t('channelsAdmin.noticeRequired')}
            rules={[{ required: true }]}
          >
            <Input.TextArea rows={8} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
