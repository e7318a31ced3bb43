import { DeleteOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Input, InputNumber, Select, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RoutingRuleDto } from '../../../../contracts/routing.ts';
import {
  useCreateRule,
  useDeleteRule,
  useRules,
  useSetTier,
  useTiers,
} from '../../entities/sla/routing-api.ts';
import { useTeams } from '../../entities/team/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';

type Tier = { teamId: number; teamName: string; tier: string; nextTeamId: number | null };
type RuleValues = {
  name: string;
  order: number;
  teamId: number;
  strategy: RoutingRuleDto['strategy'];
  keywords?: string[];
  category?: string[];
  type?: string[];
  skills?: string[];
};
const STRATEGIES = ['manual', 'round_robin', 'least_loaded', 'skill'] as const;

/** Dispatch rules (ES-1) and the escalation tiers of the teams. */
export default function RoutingPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RuleValues>();
  const rules = useRules();
  const tiers = useTiers();
  const teams = useTeams();
  const create = useCreateRule();
  const remove = useDeleteRule();
  const setTier = useSetTier();
  const teamOptions = (teams.data ?? []).map((team) => ({
    value: team.id,
    label: `${team.name} (${team.tier})`,
  }));

  const submit = async (values: RuleValues) => {
    try {
      await create.mutateAsync({
        name: values.name,
        order: values.order,
        teamId: values.teamId,
        strategy: values.strategy,
        skills: values.skills ?? [],
        match: {
          ...(values.keywords?.length ? { keywords: values.keywords } : {}),
          ...(values.category?.length ? { category: values.category } : {}),
          ...(values.type?.length
            ? { type: values.type as ('incident' | 'service_request' | 'question')[] }
            : {}),
        },
      });
      message.success(t('routing.saved'));
      form.resetFields();
    } catch (error) {
      markFieldError(form, t, error, ['name', 'order', 'teamId', 'strategy']);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Card title={t('routing.rules')}>
        <ErrorAlert error={rules.error ?? create.error ?? remove.error} style={{ marginBottom: 12 }} />
        <Table<RoutingRuleDto>
          rowKey="id"
          size="small"
          pagination={false}
          loading={rules.isPending}
          dataSource={rules.data ?? []}
          columns={[
            { key: 'order', dataIndex: 'order', title: t('slaAdmin.order'), width: 70 },
            { key: 'name', dataIndex: 'name', title: t('slaAdmin.name') },
            {
              key: 'match',
              title: t('slaAdmin.match'),
              render: (_, rule) =>
                [
                  ...(rule.match.type ?? []).map((type) => t(`type.${type}`)),
                  ...(rule.match.category ?? []),
                  ...(rule.match.keywords ?? []).map((k) => `“${k}”`),
                ].join(' · ') || t('slaAdmin.matchAll'),
            },
            { key: 'team', dataIndex: 'teamName', title: t('ticket.team') },
            {
              key: 'strategy',
              title: t('routing.strategy'),
              render: (_, rule) => <Tag>{t(`routing.strategies.${rule.strategy}`)}</Tag>,
            },
            {
              key: 'delete',
              width: 50,
              render: (_, rule) => (
                <Button type="text" icon={<DeleteOutlined />} onClick={() => remove.mutate(rule.id)} />
              ),
            },
          ]}
        />
        <Form
          form={form}
          layout="inline"
          onFinish={submit}
          initialValues={{ order: 100, strategy: 'round_robin' }}
          style={{ marginTop: 16, rowGap: 8 }}
        >
          <Form.Item
            name="name"
            rules={[{ required: true, whitespace: true, message: t('slaAdmin.required') }]}
          >
            <Input placeholder={t('slaAdmin.name')} />
          </Form.Item>
          <Form.Item name="order">
            <InputNumber min={0} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="keywords">
            <Select mode="tags" open={false} placeholder={t('routing.keywords')} style={{ minWidth: 180 }} />
          </Form.Item>
          <Form.Item name="category">
            <Select mode="tags" open={false} placeholder={t('ticket.category')} style={{ minWidth: 160 }} />
          </Form.Item>
          <Form.Item name="teamId" rules={[{ required: true, message: t('slaAdmin.required') }]}>
            <Select placeholder={t('ticket.team')} options={teamOptions} style={{ minWidth: 180 }} />
          </Form.Item>
          <Form.Item name="strategy">
            <Select
              style={{ minWidth: 140 }}
              options={STRATEGIES.map((value) => ({ value, label: t(`routing.strategies.${value}`) }))}
            />
          </Form.Item>
          <Form.Item name="skills">
            <Select mode="tags" open={false} placeholder={t('routing.skills')} style={{ minWidth: 140 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t('routing.add')}
          </Button>
        </Form>
      </Card>
      <Card title={t('routing.tiers')}>
        <ErrorAlert error={tiers.error ?? setTier.error} style={{ marginBottom: 12 }} />
        <Table<Tier>
          rowKey="teamId"
          size="small"
          pagination={false}
          loading={tiers.isPending}
          dataSource={tiers.data ?? []}
          columns={[
            { key: 'team', title: t('ticket.team'), render: (_, tier) => `${tier.teamName} (${tier.tier})` },
            {
              key: 'next',
              title: t('routing.nextTier'),
              render: (_, tier) => (
                <Select
                  allowClear
                  style={{ minWidth: 220 }}
                  value={tier.nextTeamId ?? undefined}
                  options={teamOptions.filter((option) => option.value !== tier.teamId)}
                  onChange={(value?: number) =>
                    setTier.mutate({ teamId: tier.teamId, nextTeamId: value ?? null })
                  }
                />
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
