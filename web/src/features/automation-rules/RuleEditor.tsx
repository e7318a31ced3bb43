import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Flex,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Switch,
  Typography,
} from 'antd';
import { cloneElement, isValidElement, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ConditionField,
  ConditionField as ConditionFields,
  type ConditionOp,
  FIELD_KINDS,
  OPS_BY_KIND,
  RULE_EVENTS,
  RuleAction,
  type RuleDto,
  SCHEDULE_UNITS,
  type ScheduleUnit,
} from '../../../../contracts/automation.ts';
import { Channel, Level, Priority, TicketStatus, TicketType } from '../../../../contracts/tickets.ts';
import { useSaveAutomationRule } from '../../entities/automation/api.ts';
import { useCalendars } from '../../entities/sla/api.ts';
import { useTeams } from '../../entities/team/api.ts';
import { isApiError } from '../../shared/api/client.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { errorText } from '../../shared/ui/errors.ts';
import { EMPTY_RULE, formField, fromRule, type RuleFormValues, toRuleInput } from './rule-form.ts';

const ACTION_TYPES = RuleAction.options.map((option) => option.shape.type.value);
const VARIABLES = '{{ticket.number}}, {{ticket.subject}}, {{requester.name}}';
const full = { width: '100%' };
const CHANGED_BY = ['requester', 'staff', 'automation', 'system'] as const;
type ParamKey =
  | 'tag'
  | 'team'
  | 'agentId'
  | 'priority'
  | 'reason'
  | 'status'
  | 'replyZh'
  | 'replyEn'
  | 'body'
  | 'escalationKind'
  | 'functional'
  | 'hierarchical'
  | 'toTeam'
  | 'userIds'
  | 'messageZh'
  | 'messageEn'
  | 'runbookId';

/** The words of a trigger (the keys have `_` where the event has `.`). */
export const EVENT_LABELS = {
  'ticket.created': 'automationRules.event.ticket_created',
  'ticket.updated': 'automationRules.event.ticket_updated',
  'ticket.message_added': 'automationRules.event.ticket_message_added',
  'sla.warning': 'automationRules.event.sla_warning',
  'sla.breached': 'automationRules.event.sla_breached',
  schedule: 'automationRules.event.schedule',
} as const satisfies Record<(typeof RULE_EVENTS)[number] | 'schedule', string>;

export function eventLabelKey(event: string) {
  return EVENT_LABELS[event as keyof typeof EVENT_LABELS] ?? EVENT_LABELS['ticket.created'];
}

/** The options of an enumerated condition field, in the reader's language. */
function useEnumOptions(field: ConditionField): { value: string; label: string }[] {
  const { t } = useTranslation();
  switch (field) {
    case 'status':
      return TicketStatus.options.map((value) => ({ value, label: t(`status.${value}`) }));
    case 'priority':
      return Priority.options.map((value) => ({ value, label: value }));
    case 'type':
      return TicketType.options.map((value) => ({ value, label: t(`type.${value}`) }));
    case 'channel':
      return Channel.options.map((value) => ({ value, label: t(`channel.${value}`) }));
    case 'impact':
      return Level.options.map((value) => ({ value, label: t(`impact.${value}`) }));
    case 'urgency':
      return Level.options.map((value) => ({ value, label: t(`urgency.${value}`) }));
    case 'changedBy':
      return CHANGED_BY.map((value) => ({ value, label: t(`automationRules.changedBy.${value}`) }));
    default:
      return [];
  }
}

function ConditionRow({ form, name, onRemove }: { form: FormInstance; name: number; onRemove: () => void }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const field = (Form.useWatch(['conditions', name, 'field'], form) ?? 'subject') as ConditionField;
  const op = (Form.useWatch(['conditions', name, 'op'], form) ?? 'contains') as ConditionOp;
  const kind = FIELD_KINDS[field];
  const ops: readonly ConditionOp[] = OPS_BY_KIND[kind];
  const enumOptions = useEnumOptions(field);
  const list = op === 'in' || op === 'not_in';
  const teamOptions = (teams.data ?? []).map((team) => ({ value: team.id, label: team.name }));

  let valueInput: React.ReactNode = null;
  if (op !== 'is_empty') {
    if (kind === 'enum')
      valueInput = <Select mode={list ? 'multiple' : undefined} options={enumOptions} style={full} />;
    else if (field === 'teamId')
      valueInput = <Select mode={list ? 'multiple' : undefined} options={teamOptions} style={full} />;
    else if (kind === 'id')
      valueInput = list ? (
        <Select mode="tags" open={false} style={full} />
      ) : (
        <InputNumber min={1} style={full} />
      );
    else valueInput = <Input data-testid="condition-value" />;
  }

  return (
    <Flex wrap gap={8} align="start" data-testid="rule-condition">
      <Form.Item name={[name, 'field']} style={{ flex: '1 1 150px', marginBottom: 8 }}>
        <Select
          aria-label={t('automationRules.conditionsTitle')}
          options={ConditionFields.options.map((value) => ({
            value,
            label: t(`automationRules.field.${value}`),
          }))}
          onChange={(next: ConditionField) => {
            const nextOps: readonly string[] = OPS_BY_KIND[FIELD_KINDS[next]];
            form.setFieldValue(['conditions', name, 'op'], nextOps[0]);
            form.setFieldValue(['conditions', name, 'value'], undefined);
          }}
        />
      </Form.Item>
      <Form.Item name={[name, 'op']} style={{ flex: '0 1 130px', marginBottom: 8 }}>
        <Select
          options={ops.map((value) => ({ value, label: t(`automationRules.op.${value}`) }))}
          onChange={() => form.setFieldValue(['conditions', name, 'value'], undefined)}
        />
      </Form.Item>
      {valueInput && (
        <Form.Item
          name={[name, 'value']}
          style={{ flex: '2 1 180px', marginBottom: 8 }}
          rules={[{ required: true, message: t('automationRules.required') }]}
        >
          {valueInput}
        </Form.Item>
      )}
      <Button
        type="text"
        icon={<DeleteOutlined />}
        onClick={onRemove}
        aria-label={t('automationRules.remove')}
      />
    </Flex>
  );
}

function ActionRow({ form, name, onRemove }: { form: FormInstance; name: number; onRemove: () => void }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const type = Form.useWatch(['actions', name, 'type'], form) as RuleFormValues['actions'][number]['type'];
  const teamOptions = (teams.data ?? []).map((team) => ({ value: team.id, label: team.name }));
  const required = [{ required: true, message: t('automationRules.required') }];
  const item = (key: string, label: string, input: React.ReactNode, optional = false) => (
    <Form.Item
      key={key}
      name={[name, key]}
      label={label}
      rules={optional ? [] : required}
      style={{ flex: '1 1 200px', marginBottom: 8 }}
    >
      {isValidElement(input)
        ? cloneElement(input as React.ReactElement<Record<string, unknown>>, {
            'data-testid': `action-${key}`,
          })
        : input}
    </Form.Item>
  );
  const p = (key: ParamKey) => t(`automationRules.params.${key}`);
  const texts = (zhKey: ParamKey, enKey: ParamKey) => [
    item('zh', p(zhKey), <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />),
    item('en', p(enKey), <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />),
  ];
  const fields: Record<string, React.ReactNode[]> = {
    add_tag: [item('tag', p('tag'), <Input maxLength={50} />)],
    assign_team: [item('teamId', p('team'), <Select options={teamOptions} />)],
    assign_agent: [item('agentId', p('agentId'), <InputNumber min={1} style={full} />)],
    set_priority: [
      item(
        'priority',
        p('priority'),
        <Select options={Priority.options.map((v) => ({ value: v, label: v }))} />,
      ),
      item('reason', p('reason'), <Input maxLength={500} />),
    ],
    set_status: [
      item(
        'status',
        p('status'),
        <Select
          data-testid="schedule-status"
          options={TicketStatus.options.map((v) => ({ value: v, label: t(`status.${v}`) }))}
        />,
      ),
    ],
    reply: texts('replyZh', 'replyEn'),
    internal_note: [item('body', p('body'), <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />)],
    escalate: [
      item(
        'kind',
        p('escalationKind'),
        <Select
          options={[
            { value: 'functional', label: p('functional') },
            { value: 'hierarchical', label: p('hierarchical') },
          ]}
        />,
      ),
      item('toTeamId', p('toTeam'), <Select allowClear options={teamOptions} />, true),
      item('reason', p('reason'), <Input maxLength={500} />),
    ],
    notify: [
      item('userIds', p('userIds'), <Select mode="tags" open={false} />),
      ...texts('messageZh', 'messageEn'),
    ],
    run_runbook: [item('runbookId', p('runbookId'), <InputNumber min={1} style={full} />)],
  };
  return (
    <Card size="small" data-testid="rule-action" styles={{ body: { paddingBottom: 0 } }}>
      <Flex gap={8} align="start">
        <Typography.Text type="secondary" style={{ paddingTop: 5 }}>
          {name + 1}.
        </Typography.Text>
        <Form.Item name={[name, 'type']} style={{ flex: 1, marginBottom: 8 }}>
          <Select
            data-testid="action-type"
            aria-label={t('automationRules.actionsTitle')}
            options={ACTION_TYPES.map((value) => ({ value, label: t(`automationRules.action.${value}`) }))}
          />
        </Form.Item>
        <Button
          type="text"
          icon={<DeleteOutlined />}
          onClick={onRemove}
          aria-label={t('automationRules.remove')}
        />
      </Flex>
      <Flex wrap gap={8}>
        {fields[type] ?? null}
      </Flex>
      {(type === 'reply' || type === 'notify' || type === 'internal_note') && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('automationRules.params.variablesHint', {
            vars: VARIABLES,
            interpolation: { escapeValue: false },
          })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** A scheduled trigger's status and hours (shown when the trigger is `schedule`). */
function ScheduleFields({ form }: { form: FormInstance }) {
  const { t } = useTranslation();
  const event = Form.useWatch('event', form);
  const unit = Form.useWatch('forUnit', form) as ScheduleUnit | undefined;
  const business = unit === 'forBusinessHours' || unit === 'forBusinessDays';
  const calendars = useCalendars();
  if (event !== 'schedule') return null;
  const required = [{ required: true, message: t('automationRules.required') }];
  return (
    <Flex wrap gap={8}>
      <Form.Item
        name="scheduleStatus"
        label={t('automationRules.scheduleStatus')}
        rules={required}
        style={{ flex: '1 1 200px' }}
      >
        <Select options={TicketStatus.options.map((v) => ({ value: v, label: t(`status.${v}`) }))} />
      </Form.Item>
      <Form.Item
        name="forHours"
        label={t('automationRules.forHours')}
        rules={required}
        style={{ flex: '1 1 120px' }}
      >
        <InputNumber
          min={1}
          max={unit === 'forBusinessDays' ? 365 : 8760}
          style={full}
          data-testid="schedule-amount"
        />
      </Form.Item>
      <Form.Item
        name="forUnit"
        label={t('automationRules.forUnit')}
        initialValue="forHours"
        style={{ flex: '1 1 160px' }}
      >
        <Select
          data-testid="schedule-unit"
          options={SCHEDULE_UNITS.map((value) => ({ value, label: t(`automationRules.units.${value}`) }))}
        />
      </Form.Item>
      {business && (
        <Form.Item
          name="calendarId"
          label={t('automationRules.calendar')}
          rules={required}
          extra={t('automationRules.calendarHint')}
          initialValue={calendars.data?.[0]?.id}
          style={{ flex: '1 1 100%', minWidth: 0 }}
        >
          <Select
            style={full}
            data-testid="schedule-calendar"
            loading={calendars.isLoading}
            options={(calendars.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.timezone})` }))}
          />
        </Form.Item>
      )}
    </Flex>
  );
}

/** The rule editor: when (trigger), if (conditions), then (actions in order). */
export function RuleEditor({
  rule,
  open,
  onClose,
}: {
  rule: RuleDto | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RuleFormValues>();
  const save = useSaveAutomationRule();

  useEffect(() => {
    if (open) form.setFieldsValue(rule ? fromRule(rule) : { ...EMPTY_RULE, actions: [{ type: 'add_tag' }] });
    if (open && !rule) form.resetFields();
  }, [open, rule, form]);

  const submit = async (values: RuleFormValues) => {
    try {
      await save.mutateAsync({ id: rule?.id ?? null, input: toRuleInput(values) });
      message.success(t('automationRules.saved'));
      onClose();
    } catch (error) {
      const name = isApiError(error) && error.field ? formField(error.field) : null;
      if (name) form.setFields([{ name: name as never, errors: [errorText(t, error)] }]);
    }
  };

  return (
    <Modal
      open={open}
      title={rule ? t('automationRules.edit') : t('automationRules.new')}
      onCancel={onClose}
      width={820}
      destroyOnHidden
      okText={t('automationRules.save')}
      cancelText={t('automationRules.cancel')}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'rule-save' } as never}
      confirmLoading={save.isPending}
      data-testid="rule-editor"
    >
      <ErrorAlert error={save.error} style={{ marginBottom: 12 }} />
      <Form<RuleFormValues> form={form} layout="vertical" onFinish={submit} initialValues={EMPTY_RULE}>
        <Flex wrap gap={8}>
          <Form.Item
            name="name"
            label={t('automationRules.name')}
            rules={[{ required: true, whitespace: true, message: t('automationRules.required') }]}
            style={{ flex: '3 1 240px' }}
          >
            <Input maxLength={200} data-testid="rule-name" />
          </Form.Item>
          <Form.Item name="position" label={t('automationRules.position')} style={{ flex: '0 1 90px' }}>
            <InputNumber min={0} style={full} />
          </Form.Item>
          <Form.Item name="enabled" label={t('automationRules.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
        <Form.Item name="event" label={t('automationRules.trigger')}>
          <Select
            data-testid="rule-trigger"
            options={[...RULE_EVENTS, 'schedule' as const].map((value) => ({
              value,
              label: t(EVENT_LABELS[value]),
            }))}
          />
        </Form.Item>
        <ScheduleFields form={form} />
        <Typography.Title level={5}>{t('automationRules.conditionsTitle')}</Typography.Title>
        <Form.Item name="mode" style={{ marginBottom: 8 }}>
          <Radio.Group
            options={[
              { value: 'all', label: t('automationRules.matchAll') },
              { value: 'any', label: t('automationRules.matchAny') },
            ]}
          />
        </Form.Item>
        <Form.List name="conditions">
          {(items, { add, remove }) => (
            <Flex vertical gap={0} style={{ marginBottom: 12 }}>
              {items.length === 0 && (
                <Typography.Text type="secondary">{t('automationRules.noConditions')}</Typography.Text>
              )}
              {items.map((item) => (
                <ConditionRow
                  key={item.key}
                  form={form}
                  name={item.name}
                  onRemove={() => remove(item.name)}
                />
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ field: 'subject', op: 'contains' })}
                style={{ alignSelf: 'flex-start', marginTop: 4 }}
                data-testid="rule-add-condition"
              >
                {t('automationRules.addCondition')}
              </Button>
            </Flex>
          )}
        </Form.List>
        <Typography.Title level={5}>{t('automationRules.actionsTitle')}</Typography.Title>
        <Form.List name="actions">
          {(items, { add, remove }) => (
            <Flex vertical gap={8}>
              {items.map((item) => (
                <ActionRow key={item.key} form={form} name={item.name} onRemove={() => remove(item.name)} />
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ type: 'add_tag' })}
                style={{ alignSelf: 'flex-start' }}
                data-testid="rule-add-action"
              >
                {t('automationRules.addAction')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
