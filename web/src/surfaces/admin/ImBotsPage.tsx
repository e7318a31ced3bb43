import {
  App,
  Button,
  Card,
  Checkbox,
  Divider,
  Flex,
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
import {
  IM_INBOUND_FIELDS,
  IM_INBOUND_PUBLIC_FIELDS,
  type ImBotDto,
  type ImInboundCredentials,
} from '../../../../contracts/channels.ts';
import { useDeleteImBot, useImBots, useSaveImBot, useTestImBot } from '../../entities/channel/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import ImContactsCard from './ImContactsCard.tsx';

const PLATFORMS = ['wecom', 'dingtalk', 'feishu', 'slack'] as const;
type Platform = (typeof PLATFORMS)[number];
const EVENTS = ['ticket.created', 'ticket.p1', 'mentions'] as const;
type CredentialField = keyof ImInboundCredentials;

interface BotForm {
  name: string;
  platform: Platform;
  webhookUrl?: string;
  signSecret?: string;
  inboundSecret?: string;
  events: (typeof EVENTS)[number][];
  inbound?: Partial<Record<CredentialField, string>>;
}

const fieldsOf = (platform: Platform): CredentialField[] => [
  ...IM_INBOUND_FIELDS[platform].required,
  ...IM_INBOUND_FIELDS[platform].optional,
];
/** Feishu answers with the app's id and secret, Slack with the bot token; WeCom and DingTalk need nothing more. */
const canReply = (bot: ImBotDto) =>
  bot.platform === 'feishu'
    ? bot.inbound.set.includes('appId') && bot.inbound.set.includes('appSecret')
    : bot.platform === 'slack'
      ? bot.inbound.set.includes('botToken')
      : true;
const isPublic = (field: CredentialField) => (IM_INBOUND_PUBLIC_FIELDS as readonly string[]).includes(field);

/**
 * IM bots (WeCom, DingTalk, Feishu, Slack): the group robot that hears of new tickets, P1s and
 * mentions, and the platform callback through which people open tickets by messaging the bot.
 */
export default function ImBotsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const bots = useImBots();
  const save = useSaveImBot();
  const remove = useDeleteImBot();
  const test = useTestImBot();
  const [editing, setEditing] = useState<ImBotDto | 'new' | null>(null);
  const [form] = Form.useForm<BotForm>();
  const platform = Form.useWatch('platform', form) ?? 'wecom';
  const current = editing !== 'new' && editing ? editing : null;
  const open = (bot: ImBotDto | 'new') => {
    setEditing(bot);
    form.resetFields();
    form.setFieldsValue(
      bot === 'new'
        ? { platform: 'wecom', events: ['ticket.created'] }
        : {
            name: bot.name,
            platform: bot.platform,
            webhookUrl: bot.webhookUrl ?? '',
            events: bot.events as BotForm['events'],
            inbound: {
              ...(bot.inbound.corpId ? { corpId: bot.inbound.corpId } : {}),
              ...(bot.inbound.appId ? { appId: bot.inbound.appId } : {}),
            },
          },
    );
  };
  const submit = ({ signSecret, inboundSecret, inbound, webhookUrl, ...rest }: BotForm) => {
    // Secrets are write-only: an empty field keeps what is stored.
    const credentials = Object.fromEntries(
      Object.entries(inbound ?? {}).filter(
        ([key, value]) =>
          typeof value === 'string' &&
          value.trim() &&
          fieldsOf(rest.platform).includes(key as CredentialField),
      ),
    );
    save.mutate(
      {
        ...(current ? { id: current.id } : {}),
        body: {
          ...rest,
          webhookUrl: webhookUrl?.trim() ? webhookUrl.trim() : null,
          ...(signSecret ? { signSecret } : {}),
          ...(inboundSecret ? { inboundSecret } : {}),
          ...(Object.keys(credentials).length ? { inbound: credentials } : {}),
        },
      },
      { onSuccess: () => setEditing(null) },
    );
  };
  return (
    <Flex vertical gap={16}>
      <Card
        title={t('channelsAdmin.imBots')}
        extra={
          <Button type="primary" onClick={() => open('new')}>
            {t('channelsAdmin.addBot')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('imCallbacks.pageHint')}</Typography.Paragraph>
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
              render: (v: Platform) => t(`channelsAdmin.platforms.${v}`),
            },
            {
              title: t('channelsAdmin.events'),
              dataIndex: 'events',
              render: (v: (typeof EVENTS)[number][]) =>
                v.map((e) => <Tag key={e}>{t(`channelsAdmin.botEvents.${e}`)}</Tag>),
            },
            {
              title: t('imCallbacks.callback'),
              key: 'callback',
              render: (_, b) => (
                <Space direction="vertical" size={2}>
                  <Space size={4} wrap>
                    {b.inbound.ready ? (
                      <Tag color="green">{t('imCallbacks.ready')}</Tag>
                    ) : (
                      <Tag>{t('imCallbacks.notReady')}</Tag>
                    )}
                    {b.inbound.ready && !canReply(b) ? (
                      <Tag color="orange">{t('imCallbacks.noReplies')}</Tag>
                    ) : null}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {fieldsOf(b.platform)
                        .filter((field) => b.inbound.set.includes(field))
                        .map((field) => `${t(`imCallbacks.fields.${field}`)} ✓`)
                        .join(' · ')}
                    </Typography.Text>
                  </Space>
                  <Typography.Text code copyable={{ text: b.inboundUrl }} style={{ fontSize: 12 }}>
                    {b.inboundUrl}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('channelsAdmin.inboundWebhook'),
              key: 'inbound',
              render: (_, b) =>
                b.hasInboundSecret ? (
                  <Typography.Text
                    code
                    copyable
                  >{`/api/v1/channels/im-bots/${b.id}/inbound`}</Typography.Text>
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
                    disabled={!bot.webhookUrl}
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
      </Card>
      <ImContactsCard />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('channelsAdmin.addBot') : t('common.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okText={t('common.save')}
        width={640}
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
          <Divider titlePlacement="start" plain>
            {t('imCallbacks.callbackSection')}
          </Divider>
          <Typography.Paragraph type="secondary">
            {t(`imCallbacks.consoleHint.${platform}`)}
          </Typography.Paragraph>
          {current ? (
            <Form.Item label={t('imCallbacks.inboundUrl')}>
              <Typography.Text code copyable={{ text: current.inboundUrl }}>
                {current.inboundUrl}
              </Typography.Text>
            </Form.Item>
          ) : null}
          {fieldsOf(platform).map((field) => {
            const set = current?.platform === platform && current.inbound.set.includes(field);
            const required = (IM_INBOUND_FIELDS[platform].required as readonly string[]).includes(field);
            const label = `${t(`imCallbacks.fields.${field}`)}${required ? '' : ` (${t('imCallbacks.optional')})`}`;
            return (
              <Form.Item
                key={field}
                name={['inbound', field]}
                label={label}
                extra={set && !isPublic(field) ? t('imCallbacks.secretSet') : undefined}
                rules={
                  field === 'encodingAesKey' ? [{ len: 43, message: t('imCallbacks.aesKeyLength') }] : []
                }
              >
                {isPublic(field) ? (
                  <Input autoComplete="off" />
                ) : (
                  <Input.Password
                    autoComplete="off"
                    placeholder={set ? t('imCallbacks.setPlaceholder') : ''}
                  />
                )}
              </Form.Item>
            );
          })}
          <Divider titlePlacement="start" plain>
            {t('imCallbacks.robotSection')}
          </Divider>
          <Form.Item
            name="webhookUrl"
            label={t('channelsAdmin.webhookUrl')}
            extra={t('imCallbacks.webhookOptional')}
            rules={[{ type: 'url' }]}
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
          <Form.Item name="events" label={t('channelsAdmin.events')}>
            <Checkbox.Group
              options={EVENTS.map((e) => ({ value: e, label: t(`channelsAdmin.botEvents.${e}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="inboundSecret"
            label={t('channelsAdmin.inboundSecret')}
            extra={t('channelsAdmin.inboundSecretHint')}
            rules={[{ min: 16 }]}
          >
            <Input.Password autoComplete="off" />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
