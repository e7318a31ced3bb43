import {
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Switch,
  Table,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { useOrganizations } from '../../entities/organization/api.ts';
import { type Policy, type PolicyInput, useCalendars, useSavePolicy } from '../../entities/sla/api.ts';
import { formatMinutesSpan } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';

const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
const TYPES = ['incident', 'service_request', 'question'] as const;
const PAUSABLE = [
  'new',
  'open',
  'in_progress',
  'pending_requester',
  'pending_vendor',
  'pending_approval',
] as const;
const TARGETS = ['firstResponseMinutes', 'updateMinutes', 'resolutionMinutes'] as const;
type Target = (typeof TARGETS)[number];

type Values = {
  name: string;
  order: number;
  active: boolean;
  priority: string[];
  type: string[];
  category: string[];
  organizationId: number[];
  calendarId: number;
  targets: Record<string, Partial<Record<Target, number | null>>>;
  pauseStatuses: string[];
  warnAtPercent: number;
  actions: string[];
};

const ROUND_THE_CLOCK = 0;

function initialValues(policy: Policy | null): Values {
  if (!policy) {
    return {
      name: '',
      order: 100,
      active: true,
      priority: [],
      type: [],
      category: [],
      organizationId: [],
      calendarId: ROUND_THE_CLOCK,
      targets: {},
      pauseStatuses: ['pending_requester', 'pending_vendor', 'pending_approval'],
      warnAtPercent: 75,
      actions: ['notify'],
    };
  }
  return {
    name: policy.name,
    order: policy.order,
    active: policy.active,
    priority: policy.match.priority ?? [],
    type: policy.match.type ?? [],
    category: policy.match.category ?? [],
    organizationId: policy.match.organizationId ?? [],
    calendarId: policy.calendarId ?? ROUND_THE_CLOCK,
    targets: policy.targets,
    pauseStatuses: policy.pauseStatuses,
    warnAtPercent: policy.warnAtPercent,
    actions: Object.entries(policy.breachActions)
      .filter(([, on]) => on)
      .map(([key]) => key),
  };
}

/** Business minutes typed as a number, read back as words under it ("1080" -> "18 小时"). */
function MinutesInput({
  value,
  onChange,
  testId,
}: {
  value?: number | null;
  onChange?: (value: number | null) => void;
  testId: string;
}) {
  return (
    <div>
      <InputNumber<number>
        min={0}
        max={525600}
        placeholder="—"
        style={{ width: 110 }}
        value={value ?? null}
        onChange={(next) => onChange?.(next)}
        data-testid={testId}
      />
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, minHeight: 20 }}>
        {value ? formatMinutesSpan(value, { businessTime: true }) : ''}
      </Typography.Text>
    </div>
  );
}

/** The targets of each priority, in business minutes; an empty cell means "not tracked". */
function toTargets(values: Values['targets']): PolicyInput['targets'] {
  const targets: PolicyInput['targets'] = {};
  for (const priority of PRIORITIES) {
    const row = values?.[priority] ?? {};
    const clean: Partial<Record<Target, number>> = {};
    for (const key of TARGETS) {
      const value = row[key];
      if (typeof value === 'number') clean[key] = value;
    }
    if (Object.keys(clean).length) targets[priority] = clean;
  }
  return targets;
}

/**
 * An SLA policy (SL-1): which tickets (first match by order), on which calendar, the targets
 * per priority, which statuses pause the clocks, the warning threshold and the breach actions.
 */
export function PolicyEditor({ policy, onSaved }: { policy: Policy | null; onSaved: (p: Policy) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const calendars = useCalendars();
  const save = useSavePolicy();
  const organizations = useOrganizations();

  const submit = async (values: Values) => {
    const input: PolicyInput = {
      name: values.name,
      order: values.order,
      active: values.active,
      match: {
        ...(values.priority?.length ? { priority: values.priority as (typeof PRIORITIES)[number][] } : {}),
        ...(values.type?.length ? { type: values.type as (typeof TYPES)[number][] } : {}),
        ...(values.category?.length ? { category: values.category } : {}),
        ...(values.organizationId?.length ? { organizationId: values.organizationId } : {}),
      },
      calendarId: values.calendarId === ROUND_THE_CLOCK ? null : values.calendarId,
      targets: toTargets(values.targets),
      pauseStatuses: values.pauseStatuses as (typeof PAUSABLE)[number][],
      warnAtPercent: values.warnAtPercent,
      breachActions: {
        notify: values.actions.includes('notify'),
        escalateToNextTier: values.actions.includes('escalateToNextTier'),
        raisePriority: values.actions.includes('raisePriority'),
      },
    };
    try {
      const saved = await save.mutateAsync({ id: policy?.id ?? null, input });
      message.success(t('slaAdmin.policySaved'));
      onSaved(saved);
    } catch (error) {
      markFieldError(form, t, error, ['name', 'order', 'calendarId', 'warnAtPercent']);
    }
  };

  const calendarOptions = [
    { value: ROUND_THE_CLOCK, label: t('sla.roundTheClock') },
    ...(calendars.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.timezone})` })),
  ];
  const targetCell = (priority: string, key: Target) => (
    <Form.Item name={['targets', priority, key]} noStyle>
      <MinutesInput testId={`target-${priority}-${key}`} />
    </Form.Item>
  );

  return (
    <Card
      size="small"
      title={policy ? t('slaAdmin.editPolicy', { name: policy.name }) : t('slaAdmin.newPolicy')}
      data-testid="policy-editor"
    >
      <ErrorAlert error={save.error ?? calendars.error} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        key={policy?.id ?? 'new'}
        initialValues={initialValues(policy)}
      >
        <Flex gap={12} wrap>
          <Form.Item
            name="name"
            label={t('slaAdmin.name')}
            rules={[{ required: true, whitespace: true, message: t('slaAdmin.required') }]}
            style={{ flex: 1, minWidth: 220 }}
          >
            <Input data-testid="policy-name" />
          </Form.Item>
          <Form.Item name="order" label={t('slaAdmin.order')} extra={t('slaAdmin.orderHint')}>
            <InputNumber min={0} max={1000000} data-testid="policy-order" />
          </Form.Item>
          <Form.Item name="active" label={t('slaAdmin.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
        <Typography.Text strong>{t('slaAdmin.match')}</Typography.Text>
        <Flex gap={12} wrap style={{ marginTop: 8 }}>
          <Form.Item name="priority" label={t('ticket.priority')} style={{ minWidth: 200 }}>
            <Select mode="multiple" options={PRIORITIES.map((p) => ({ value: p, label: p }))} allowClear />
          </Form.Item>
          <Form.Item name="type" label={t('ticket.type')} style={{ minWidth: 240 }}>
            <Select
              mode="multiple"
              options={TYPES.map((type) => ({ value: type, label: t(`type.${type}`) }))}
              allowClear
            />
          </Form.Item>
          <Form.Item name="category" label={t('ticket.category')} style={{ minWidth: 240 }}>
            <Select mode="tags" open={false} data-testid="policy-category" />
          </Form.Item>
          {/* A customer's own service levels: the tickets of these requesters' organisations. */}
          <Form.Item name="organizationId" label={t('admin.users.organization')} style={{ minWidth: 240 }}>
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              options={(organizations.data ?? []).map((org) => ({ value: org.id, label: org.name }))}
              loading={organizations.isPending}
              allowClear
              data-testid="policy-organization"
            />
          </Form.Item>
        </Flex>
        <Form.Item name="calendarId" label={t('sla.calendar')}>
          <Select options={calendarOptions} loading={calendars.isPending} data-testid="policy-calendar" />
        </Form.Item>
        <Typography.Text strong>{t('slaAdmin.targets')}</Typography.Text>
        <Typography.Paragraph type="secondary">{t('slaAdmin.targetsHint')}</Typography.Paragraph>
        <Table
          size="small"
          pagination={false}
          rowKey="priority"
          dataSource={PRIORITIES.map((priority) => ({ priority }))}
          columns={[
            { key: 'priority', dataIndex: 'priority', title: t('ticket.priority'), width: 80 },
            ...TARGETS.map((key) => ({
              key,
              title: t(`slaAdmin.target.${key}`),
              render: (_: unknown, row: { priority: string }) => targetCell(row.priority, key),
            })),
          ]}
          style={{ marginBottom: 16 }}
        />
        <Form.Item name="pauseStatuses" label={t('slaAdmin.pauseStatuses')}>
          <Checkbox.Group
            options={PAUSABLE.map((status) => ({ value: status, label: t(`status.${status}`) }))}
          />
        </Form.Item>
        <Flex gap={24} wrap>
          <Form.Item name="warnAtPercent" label={t('slaAdmin.warnAtPercent')}>
            <InputNumber min={1} max={100} suffix="%" />
          </Form.Item>
          <Form.Item name="actions" label={t('slaAdmin.breachActions')}>
            <Checkbox.Group
              options={[
                { value: 'notify', label: t('slaAdmin.action.notify') },
                { value: 'escalateToNextTier', label: t('slaAdmin.action.escalateToNextTier') },
                { value: 'raisePriority', label: t('slaAdmin.action.raisePriority') },
              ]}
            />
          </Form.Item>
        </Flex>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="policy-save">
          {t('slaAdmin.save')}
        </Button>
      </Form>
    </Card>
  );
}
