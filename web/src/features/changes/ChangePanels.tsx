import { Alert, Button, Card, Descriptions, Flex, Form, Input, List, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApprovalMode } from '../../../../contracts/approvals.ts';
import {
  CHANGE_OUTCOMES,
  CHANGE_RISKS,
  type ChangeDto,
  type ChangeOutcome,
  type ChangeRisk,
} from '../../../../contracts/changes.ts';
import { formatDateTime, formatTicketNumber } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { ApprovalStatusTag, ApproverList } from '../approvals/ApprovalCard.tsx';
import { ApproverPicker } from '../approvals/ApproverPicker.tsx';
import { useApproval } from '../approvals/api.ts';
import {
  useImplementChange,
  useMoveChange,
  useReviewChange,
  useSubmitChange,
  useUpdateChange,
} from './api.ts';
import { ChangeRiskTag, ChangeStatusTag } from './ChangeTags.tsx';

const EDITABLE = ['draft', 'submitted'];

/** The risk in force, the factors that computed it, and the override with its reason. */
export function RiskCard({ change }: { change: ChangeDto }) {
  const { t } = useTranslation();
  const update = useUpdateChange(change.id);
  const [risk, setRisk] = useState<ChangeRisk | undefined>();
  const [reason, setReason] = useState('');
  const f = change.riskFactors;
  return (
    <Card size="small" title={t('changes.riskTitle')} data-testid="change-risk-card">
      <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
        <ChangeRiskTag risk={change.risk} />
        {change.riskOverridden && (
          <Typography.Text type="secondary">
            {t('changes.riskOverridden', { computed: t(`changes.risk.${change.computedRisk}`) })}
          </Typography.Text>
        )}
      </Flex>
      {change.riskReason && <Typography.Paragraph>“{change.riskReason}”</Typography.Paragraph>}
      <Descriptions size="small" column={1} data-testid="change-risk-factors">
        <Descriptions.Item label={t('changes.factor.maxCriticality')}>
          {f.maxCriticality ? t(`changes.criticality.${f.maxCriticality}`) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('changes.factor.openIncidents')}>{f.openIncidents}</Descriptions.Item>
        <Descriptions.Item label={t('changes.factor.recentFailedChanges')}>
          {f.recentFailedChanges}
        </Descriptions.Item>
        <Descriptions.Item label={t('changes.factor.emergency')}>
          {f.emergency ? t('changes.yes') : t('changes.no')}
        </Descriptions.Item>
        <Descriptions.Item label={t('changes.factor.score')}>{f.score}</Descriptions.Item>
      </Descriptions>
      {EDITABLE.includes(change.status) && (
        <Flex vertical gap={8}>
          <Select<ChangeRisk>
            placeholder={t('changes.overrideRisk')}
            value={risk}
            onChange={setRisk}
            options={CHANGE_RISKS.map((value) => ({ value, label: t(`changes.risk.${value}`) }))}
            data-testid="change-risk-override"
          />
          <Input.TextArea
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('changes.riskReason')}
            autoSize={{ minRows: 1, maxRows: 4 }}
            data-testid="change-risk-reason"
          />
          <Flex gap={8} wrap>
            <Button
              disabled={!risk}
              loading={update.isPending}
              onClick={() =>
                update.mutate({ risk, riskReason: reason }, { onSuccess: () => setRisk(undefined) })
              }
              data-testid="change-risk-apply"
            >
              {t('changes.applyOverride')}
            </Button>
            {change.riskOverridden && (
              <Button
                onClick={() => update.mutate({ risk: null, riskReason: reason })}
                disabled={!reason.trim()}
              >
                {t('changes.clearOverride')}
              </Button>
            )}
          </Flex>
          <ErrorAlert error={update.error} />
        </Flex>
      )}
    </Card>
  );
}

/** Other changes on the same or related assets in an overlapping window. */
export function ConflictsCard({ change }: { change: ChangeDto }) {
  const { t } = useTranslation();
  if (change.conflicts.length === 0 && change.freezes.length === 0) return null;
  return (
    <Card size="small" title={t('changes.conflictsTitle')} data-testid="change-conflicts">
      {change.freezes.map((freeze) => (
        <Alert
          key={freeze.id}
          type={change.type === 'emergency' ? 'warning' : 'error'}
          showIcon
          style={{ marginBottom: 8 }}
          message={t(change.type === 'emergency' ? 'changes.inFreezeEmergency' : 'changes.inFreeze', {
            name: freeze.name,
          })}
          data-testid="change-freeze-alert"
        />
      ))}
      <List
        size="small"
        dataSource={change.conflicts}
        renderItem={(c) => (
          <List.Item data-testid="change-conflict">
            <Flex vertical style={{ minWidth: 0 }}>
              <Link to={`/agent/changes/${c.changeId}`}>
                #{c.changeId} {c.title}
              </Link>
              <Typography.Text type="secondary">
                {formatDateTime(c.plannedStart)} – {formatDateTime(c.plannedEnd)} ·{' '}
                {t(`changes.status.${c.status}`)}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** Submit to the CAB: approvers and mode (会签 all, 或签 any, 依次 sequence), freeze approvers when needed. */
function SubmitForm({ change }: { change: ChangeDto }) {
  const { t } = useTranslation();
  const submit = useSubmitChange(change.id);
  const [approvers, setApprovers] = useState<number[]>([]);
  const [freezeApprovers, setFreezeApprovers] = useState<number[]>([]);
  const [mode, setMode] = useState<ApprovalMode>('all');
  const standard = change.type === 'standard';
  const needsFreeze = change.type === 'emergency' && change.freezes.length > 0;
  return (
    <Flex vertical gap={8} data-testid="change-submit-form">
      {standard ? (
        <Typography.Text type="secondary">{t('changes.standardNoCab')}</Typography.Text>
      ) : (
        <>
          <Typography.Text strong>{t('changes.cab')}</Typography.Text>
          <ApproverPicker value={approvers} onChange={setApprovers} testId="change-cab-picker" />
          <Radio.Group
            value={mode}
            onChange={(e) => setMode(e.target.value)}
            optionType="button"
            options={(['all', 'any', 'sequence'] as const).map((value) => ({
              value,
              label: t(`changes.mode.${value}`),
            }))}
            data-testid="change-cab-mode"
          />
        </>
      )}
      {needsFreeze && (
        <>
          <Typography.Text strong>{t('changes.freezeApprovers')}</Typography.Text>
          <ApproverPicker
            value={freezeApprovers}
            onChange={setFreezeApprovers}
            testId="change-freeze-picker"
          />
        </>
      )}
      <ErrorAlert error={submit.error} />
      <Button
        type="primary"
        loading={submit.isPending}
        onClick={() => submit.mutate({ approvers, mode, freezeApproverIds: freezeApprovers })}
        data-testid="change-submit"
      >
        {t('changes.submit')}
      </Button>
    </Flex>
  );
}

function ApprovalPanel({ approvalId, stage }: { approvalId: number; stage: string | null }) {
  const { t } = useTranslation();
  const approval = useApproval(approvalId);
  if (!approval.data) return null;
  return (
    <Flex vertical gap={4} data-testid="change-approval">
      <Flex gap={8} align="center" wrap>
        <Typography.Text strong>
          {t(stage === 'freeze' ? 'changes.freezeApproval' : 'changes.cabApproval')}
        </Typography.Text>
        <Typography.Text type="secondary">{t(`changes.mode.${approval.data.mode}`)}</Typography.Text>
        <ApprovalStatusTag status={approval.data.status} />
      </Flex>
      <ApproverList approval={approval.data} />
    </Flex>
  );
}

function ImplementForm({ change }: { change: ChangeDto }) {
  const { t } = useTranslation();
  const implement = useImplementChange(change.id);
  const move = useMoveChange(change.id);
  const [outcome, setOutcome] = useState<ChangeOutcome>('successful');
  const [notes, setNotes] = useState('');
  return (
    <Flex vertical gap={8} data-testid="change-implement-form">
      <Flex gap={8} wrap>
        {change.status === 'approved' && (
          <Button
            onClick={() => move.mutate('schedule')}
            loading={move.isPending}
            data-testid="change-schedule"
          >
            {t('changes.schedule')}
          </Button>
        )}
        {change.status !== 'implementing' && (
          <Button onClick={() => move.mutate('start')} loading={move.isPending} data-testid="change-start">
            {t('changes.start')}
          </Button>
        )}
      </Flex>
      <Typography.Text strong>{t('changes.outcomeTitle')}</Typography.Text>
      <Radio.Group
        value={outcome}
        onChange={(e) => setOutcome(e.target.value)}
        options={CHANGE_OUTCOMES.map((value) => ({ value, label: t(`changes.outcome.${value}`) }))}
        data-testid="change-outcome"
      />
      <Input.TextArea
        value={notes}
        onChange={(e) => setNotes(e.target.value)}
        placeholder={t('changes.notes')}
        autoSize={{ minRows: 2, maxRows: 6 }}
        data-testid="change-implement-notes"
      />
      <ErrorAlert error={implement.error ?? move.error} />
      <Button
        type="primary"
        loading={implement.isPending}
        onClick={() => implement.mutate({ outcome, notes })}
        data-testid="change-implement"
      >
        {t('changes.implement')}
      </Button>
    </Flex>
  );
}

function ReviewForm({ change }: { change: ChangeDto }) {
  const { t } = useTranslation();
  const review = useReviewChange(change.id);
  const [form] = Form.useForm<{ notes: string }>();
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(values) => review.mutate(values)}
      data-testid="change-review-form"
    >
      {change.reviewRequired && (
        <Alert type="warning" showIcon message={t('changes.reviewAsked')} style={{ marginBottom: 8 }} />
      )}
      <Form.Item name="notes" label={t('changes.reviewNotes')} rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} data-testid="change-review-notes" />
      </Form.Item>
      <ErrorAlert error={review.error} />
      <Button htmlType="submit" loading={review.isPending} data-testid="change-review">
        {t('changes.review')}
      </Button>
    </Form>
  );
}

/** Where the change stands and what can be done next. */
export function WorkflowCard({ change }: { change: ChangeDto }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('changes.workflow')} data-testid="change-workflow">
      <Flex vertical gap={12}>
        <Flex gap={8} align="center">
          <ChangeStatusTag status={change.status} />
        </Flex>
        {change.approvalId !== null && (
          <ApprovalPanel approvalId={change.approvalId} stage={change.approvalStage} />
        )}
        {change.status === 'draft' && <SubmitForm change={change} />}
        {['approved', 'scheduled', 'implementing'].includes(change.status) && (
          <ImplementForm change={change} />
        )}
        {['implemented', 'failed', 'rolled_back'].includes(change.status) && <ReviewForm change={change} />}
        {change.outcome && (
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('changes.outcomeTitle')}>
              {t(`changes.outcome.${change.outcome}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('changes.implementedAt')}>
              {formatDateTime(change.implementedAt)}
            </Descriptions.Item>
            {change.implementationNotes && (
              <Descriptions.Item label={t('changes.notes')}>{change.implementationNotes}</Descriptions.Item>
            )}
            {change.reviewNotes && (
              <Descriptions.Item label={t('changes.reviewNotes')}>{change.reviewNotes}</Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Flex>
    </Card>
  );
}

/** The incidents the change fixes (their status shows whether the change resolved them). */
export function TicketsCard({ change }: { change: ChangeDto }) {
  const { t } = useTranslation();
  if (change.tickets.length === 0) return null;
  return (
    <Card size="small" title={t('changes.tickets')} data-testid="change-tickets">
      <List
        size="small"
        dataSource={change.tickets}
        renderItem={(ticket) => (
          <List.Item data-testid="change-ticket">
            <Link to={`/agent/tickets/${ticket.id}`}>
              {formatTicketNumber(ticket.number)} {ticket.subject}
            </Link>
            <Typography.Text type="secondary">
              {t(`status.${ticket.status}`, { defaultValue: ticket.status })}
            </Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
