import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImBotDto } from '../../../../contracts/channels.ts';
import { useDeleteImBot, useImBots, useSaveImBot, useTestImBot } from '../../entities/channel/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

const PLATFORMS = ['wecom', 'dingtalk', 'feishu', 'slack'] as const;
const EVENTS = ['ticket.created', 'ticket.p1', 'mentions'] as const;

interface BotForm {
  name: string;
  platform: (typeof PLATFORMS)[number];
  webhookUrl: string;
  signSecret?: string;
  inboundSecret?: string;
  events: string[];
}

/** IM group bots (WeCom, DingTalk, Feishu, Slack): where notifications go, and the signed webhook that opens tickets. */
export default function ImBotsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const bots = useImBots();
  const save = useSaveImBot();
  const remove = useDeleteImBot();
  const test = useTestImBot();
  const [editing, setEditing] = useState<ImBotDto | 'new' | null>(null);
  const [form] = Form.useForm<BotForm>();
  const open = (bot: ImBotDto | 'new') => {
    setEditing(bot);
    form.resetFields();
    form.setFieldsValue(
      bot === 'new'
        ? { platform: 'wecom', events: ['ticket.created'] }
        : { name: bot.name, platform: bot.platform, webhookUrl: bot.webhookUrl, events: bot.events },
    );
  };
  const submit = ({ signSecret, inboundSecret, ...rest }: BotForm) =>
    save.mutate(
      {
        ...(editing !== 'new' && editing ? { id: editing.id } : {}),
        body: {
          ...rest,
          ...(signSecret ? { signSecret } : {}),
          ...(inboundSecret ? { inboundSecret } : {}),
        } as BotForm & { events: (typeof EVENTS)[number][] },
      },
      { onSuccess: () => setEditing(null) },
    );
  return (
    <Card
      title={t('channelsAdmin.imBots')}
      extra={
        <Button type="primary" onClick={() => open('new')}>
          {t('channelsAdmin.addBot')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('channelsAdmin.imBotsHint')}</Typography.Paragraph>
      <ErrorAlert error={test.error ?? remove.error} style={{ marginBottom: 8 }} />
      <Table<ImBotDto>
        rowKey="id"
        size="small"
        dataSource={bots.data ?? []}
        loading={bots.isLoading}
        pagination={false}
        columns={[
          { title: t('channelsAdmin.name'), dataIndex: 'name' },
          {
            title: t('channelsAdmin.platform'),
            dataIndex: 'platform',
            render: (v: (typeof PLATFORMS)[number]) => t(`channelsAdmin.platforms.${v}`),
          },
          {
            title: t('channelsAdmin.events'),
            dataIndex: 'events',
            render: (v: (typeof EVENTS)[number][]) =>
              v.map((e) => <Tag key={e}>{t(`channelsAdmin.botEvents.${e}`)}</Tag>),
          },
          {
            title: t('channelsAdmin.inboundWebhook'),
            key: 'inbound',
            render: (_, b) =>
              b.hasInboundSecret ? (
                <Typography.Text code copyable>{`/api/v1/channels/im-bots/${b.id}/inbound`}</Typography.Text>
              ) : (
                '-'
              ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, bot) => (
              <Space>
                <Button size="small" onClick={() => open(bot)}>
                  {t('common.edit')}
                </Button>
                <Button
                  size="small"
                  loading={test.isPending}
                  onClick={() =>
                    test.mutate(bot.id, { onSuccess: () => message.success(t('channelsAdmin.testSent')) })
                  }
                >
                  {t('channelsAdmin.test')}
                </Button>
                <Popconfirm title={t('common.delete')} onConfirm={() => remove.mutate(bot.id)}>
                  <Button size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('channelsAdmin.addBot') : t('common.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okText={t('common.save')}
      >
        <ErrorAlert error={save.error} style={{ marginBottom: 8 }} />
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="name" label={t('channelsAdmin.name')} rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="platform" label={t('channelsAdmin.platform')}>
            <Select
              options={PLATFORMS.map((p) => ({ value: p, label: t(`channelsAdmin.platforms.${p}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="webhookUrl"
            label={t('channelsAdmin.webhookUrl')}
            rules={[{ required: true, type: 'url' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="signSecret"
            label={t('channelsAdmin.signSecret')}
            extra={t('channelsAdmin.secretKept')}
          >
            <Input.Password autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="inboundSecret"
            label={t('channelsAdmin.inboundSecret')}
            extra={t('channelsAdmin.inboundSecretHint')}
            rules={[{ min: 16 }]}
          >
            <Input.Password autoComplete="off" />
          </Form.Item>
          <Form.Item name="events" label={t('channelsAdmin.events')}>
            <Checkbox.Group
              options={EVENTS.map((e) => ({ value: e, label: t(`channelsAdmin.botEvents.${e}`) }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
