import { DeleteOutlined, EditOutlined, ExperimentOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Flex,
  InputNumber,
  Modal,
  Popconfirm,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  type ActionResult,
  type ConditionResult,
  type RuleDto,
  type RuleRunDto,
  SCHEDULE_UNITS,
} from '../../../../contracts/automation.ts';
import {
  useAutomationRules,
  useAutomationRuns,
  useDeleteAutomationRule,
  useDryRun,
  useToggleAutomationRule,
} from '../../entities/automation/api.ts';
import { formatDateTime, formatTicketNumber } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { eventLabelKey, RuleEditor } from './RuleEditor.tsx';

const OUTCOME_COLOURS: Record<string, string> = { applied: 'green', failed: 'orange', loop_stopped: 'red' };

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map(show).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The values an action shows, by their label; ids are left out where a name stands beside them. */
const DETAIL_KEYS = [
  'tag',
  'team',
  'agent',
  'priority',
  'status',
  'reason',
  'from',
  'locale',
  'body',
  'kind',
  'toTeamId',
  'userIds',
  'runbookId',
  'runId',
] as const;

/** An action's outcome and its values, in words. */
function ActionLine({ action }: { action: ActionResult }) {
  const { t } = useTranslation();
  const detail = DETAIL_KEYS.filter((key) => action.detail[key] !== undefined && action.detail[key] !== null)
    .map((key) => {
      const value = action.detail[key];
      const shown =
        key === 'status' || (key === 'from' && action.type === 'set_status')
          ? t(`status.${String(value) as 'open'}`, { defaultValue: String(value) })
          : key === 'kind'
            ? t(`automationRules.params.${value === 'hierarchical' ? 'hierarchical' : 'functional'}`)
            : show(value);
      return `${t(`automationRules.detail.${key}`)}: ${shown}`;
    })
    .join(' · ');
  return (
    <div>
      <Tag color={action.outcome === 'failed' ? 'orange' : action.outcome === 'done' ? 'green' : undefined}>
        {t(`automationRules.action.${action.type}`, { defaultValue: t('automationRules.action.unknown') })}
        {' · '}
        {t(`automationRules.actionOutcome.${action.outcome}`)}
      </Tag>
      {action.error && (
        <Typography.Text type="danger">
          {t(`automationRules.error.${action.error.replace('automation.', '')}`, {
            defaultValue: t('automationRules.error.unknown'),
          })}
        </Typography.Text>
      )}{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-word' }}>
        {detail}
      </Typography.Text>
    </div>
  );
}

function DryRunModal({ rule, onClose }: { rule: RuleDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [ticketId, setTicketId] = useState<number | null>(null);
  const dryRun = useDryRun();
  const result = dryRun.data;
  return (
    <Modal
      open={rule !== null}
      title={t('automationRules.testTitle')}
      onCancel={() => {
        dryRun.reset();
        onClose();
      }}
      footer={null}
      width={720}
      destroyOnHidden
    >
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <InputNumber
          min={1}
          placeholder={t('automationRules.testTicket')}
          value={ticketId}
          onChange={(value) => setTicketId(value)}
          style={{ width: 160 }}
          data-testid="dry-run-ticket"
        />
        <Button
          type="primary"
          disabled={!ticketId || !rule}
          loading={dryRun.isPending}
          onClick={() => rule && ticketId && dryRun.mutate({ id: rule.id, ticketId })}
          data-testid="dry-run-go"
        >
          {t('automationRules.testRun')}
        </Button>
      </Flex>
      <ErrorAlert error={dryRun.error} style={{ marginBottom: 12 }} />
      {result && (
        <Flex vertical gap={12} data-testid="dry-run-result">
          <Alert
            type={result.matched ? 'success' : 'info'}
            title={result.matched ? t('automationRules.testMatched') : t('automationRules.testNotMatched')}
            description={t('automationRules.testNothingChanged')}
          />
          <Table<ConditionResult>
            size="small"
            pagination={false}
            rowKey={(_, index) => String(index)}
            dataSource={result.conditions}
            scroll={{ x: true }}
            columns={[
              {
                key: 'condition',
                title: t('automationRules.conditionsTitle'),
                render: (_, c) =>
                  `${t(`automationRules.field.${c.field}`)} ${t(`automationRules.op.${c.op}`)} ${c.op === 'is_empty' ? '' : show(c.value)}`,
              },
              { key: 'actual', title: t('automationRules.actual'), render: (_, c) => show(c.actual) },
              {
                key: 'matched',
                title: t('automationRules.matched'),
                render: (_, c) => (
                  <Tag color={c.matched ? 'green' : undefined}>
                    {c.matched ? t('automationRules.matched') : t('automationRules.notMatched')}
                  </Tag>
                ),
              },
            ]}
          />
          <div>
            <Typography.Text strong>{t('automationRules.actionsTitle')}</Typography.Text>
            {result.actions.map((action, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: actions have no identity but their order
              <ActionLine key={`${action.type}-${index}`} action={action} />
            ))}
          </div>
        </Flex>
      )}
    </Modal>
  );
}

function RunsCard() {
  const { t } = useTranslation();
  const [onlyStops, setOnlyStops] = useState(false);
  const runs = useAutomationRuns(onlyStops ? { outcome: 'loop_stopped' } : {});
  return (
    <Card
      title={t('automationRules.runs')}
      extra={
        <Flex gap={8} align="center">
          <Switch size="small" checked={onlyStops} onChange={setOnlyStops} data-testid="runs-only-stops" />
          <Typography.Text>{t('automationRules.onlyStops')}</Typography.Text>
        </Flex>
      }
    >
      <ErrorAlert error={runs.error} style={{ marginBottom: 12 }} />
      <Table<RuleRunDto>
        rowKey="id"
        size="small"
        loading={runs.isPending}
        dataSource={runs.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('automationRules.runsEmpty') }}
        scroll={{ x: 720 }}
        data-testid="automation-runs"
        columns={[
          {
            key: 'at',
            title: t('automationRules.runAt'),
            width: 150,
            render: (_, run) => formatDateTime(run.at),
          },
          { key: 'rule', title: t('automationRules.rule'), dataIndex: 'ruleName' },
          {
            key: 'ticket',
            title: t('automationRules.ticket'),
            width: 90,
            render: (_, run) => (
              <Link to={`/agent/tickets/${run.ticketId}`}>{formatTicketNumber(run.ticketNumber)}</Link>
            ),
          },
          {
            key: 'trigger',
            title: t('automationRules.trigger'),
            render: (_, run) => t(eventLabelKey(run.trigger)),
          },
          {
            key: 'outcome',
            title: t('automationRules.outcomeLabel'),
            render: (_, run) => (
              <Tooltip
                title={
                  run.stopReason
                    ? t(`automationRules.stopReason.${run.stopReason as 'depth' | 'rate'}`)
                    : undefined
                }
              >
                <Tag color={OUTCOME_COLOURS[run.outcome]}>{t(`automationRules.outcome.${run.outcome}`)}</Tag>
              </Tooltip>
            ),
          },
          { key: 'depth', title: t('automationRules.depth'), dataIndex: 'depth', width: 70 },
          {
            key: 'actions',
            title: t('automationRules.details'),
            render: (_, run) =>
              run.stopReason
                ? t(`automationRules.stopReason.${run.stopReason as 'depth' | 'rate'}`)
                : run.actions.map((action, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: actions have no identity but their order
                    <ActionLine key={`${run.id}-${index}`} action={action} />
                  )),
          },
        ]}
      />
    </Card>
  );
}

/** A rule's trigger in words: the event, or the status and the hours of a schedule. */
function TriggerText({ trigger }: { trigger: RuleDto['trigger'] }) {
  const { t } = useTranslation();
  if ('event' in trigger) return <>{t(eventLabelKey(trigger.event))}</>;
  const unit = SCHEDULE_UNITS.find((u) => trigger.schedule[u] !== undefined) ?? 'forHours';
  return (
    <>
      {t('automationRules.scheduleText', {
        status: t(`status.${trigger.schedule.status}`),
        amount: trigger.schedule[unit],
        unit: t(`automationRules.units.${unit}`),
      })}
    </>
  );
}

/** AU-1: the administrators' automation rules, their run log and the dry run. */
export default function RulesPage() {
  const { t } = useTranslation();
  const rules = useAutomationRules();
  const toggle = useToggleAutomationRule();
  const remove = useDeleteAutomationRule();
  const [editing, setEditing] = useState<{ rule: RuleDto | null } | null>(null);
  const [testing, setTesting] = useState<RuleDto | null>(null);

  return (
    <Flex vertical gap={16}>
      <Card
        title={t('automationRules.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ rule: null })}
            data-testid="rule-new"
          >
            {t('automationRules.new')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('automationRules.intro')}</Typography.Paragraph>
        <ErrorAlert error={rules.error ?? toggle.error ?? remove.error} style={{ marginBottom: 12 }} />
        <Table<RuleDto>
          rowKey="id"
          size="small"
          pagination={false}
          loading={rules.isPending}
          dataSource={rules.data ?? []}
          locale={{ emptyText: t('automationRules.noRules') }}
          scroll={{ x: 640 }}
          data-testid="automation-rules"
          columns={[
            {
              key: 'enabled',
              width: 60,
              render: (_, rule) => (
                <Switch
                  size="small"
                  checked={rule.enabled}
                  aria-label={t('automationRules.enabled')}
                  onChange={(enabled) => toggle.mutate({ id: rule.id, enabled })}
                />
              ),
            },
            {
              key: 'name',
              title: t('automationRules.name'),
              render: (_, rule) => (
                <div>
                  <Typography.Text strong>{rule.name}</Typography.Text>
                  {rule.loopStops > 0 && (
                    <div>
                      <Tooltip
                        title={t('automationRules.loopStops', {
                          count: rule.loopStops,
                          at: formatDateTime(rule.lastLoopStopAt),
                        })}
                      >
                        <Tag color="red" data-testid="rule-loop-stops">
                          {t('automationRules.loopStopsShort', { count: rule.loopStops })}
                        </Tag>
                      </Tooltip>
                    </div>
                  )}
                </div>
              ),
            },
            {
              key: 'trigger',
              title: t('automationRules.trigger'),
              render: (_, rule) => <TriggerText trigger={rule.trigger} />,
            },
            {
              key: 'actions',
              title: t('automationRules.actionsTitle'),
              render: (_, rule) => (
                <Flex wrap gap={4}>
                  {rule.actions.map((action, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: actions have no identity but their order
                    <Tag key={`${action.type}-${index}`} style={{ marginInlineEnd: 0 }}>
                      {t(`automationRules.action.${action.type}`)}
                    </Tag>
                  ))}
                </Flex>
              ),
            },
            {
              key: 'tools',
              width: 130,
              render: (_, rule) => (
                <Flex gap={0}>
                  <Tooltip title={t('automationRules.edit')}>
                    <Button type="text" icon={<EditOutlined />} onClick={() => setEditing({ rule })} />
                  </Tooltip>
                  <Tooltip title={t('automationRules.test')}>
                    <Button
                      type="text"
                      icon={<ExperimentOutlined />}
                      onClick={() => setTesting(rule)}
                      data-testid="rule-test"
                    />
                  </Tooltip>
                  <Popconfirm
                    title={t('automationRules.deleteConfirm')}
                    onConfirm={() => remove.mutate(rule.id)}
                  >
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('automationRules.delete')}
                    />
                  </Popconfirm>
                </Flex>
              ),
            },
          ]}
        />
      </Card>
      <RunsCard />
      <RuleEditor rule={editing?.rule ?? null} open={editing !== null} onClose={() => setEditing(null)} />
      <DryRunModal rule={testing} onClose={() => setTesting(null)} />
    </Flex>
  );
}
