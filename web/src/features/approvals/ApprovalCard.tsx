import { CheckCircleTwoTone, ClockCircleOutlined, CloseCircleTwoTone } from '@ant-design/icons';
import { Button, Card, Checkbox, Flex, Input, List, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApprovalDto, ApproverDto } from '../../../../contracts/approvals.ts';
import { formatDateTime, formatTicketNumber } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { useCancelApproval, useDecideApproval } from './api.ts';

const STATUS_COLOR: Record<ApprovalDto['status'], string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  expired: 'default',
  cancelled: 'default',
};

export function ApprovalStatusTag({ status }: { status: ApprovalDto['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="approval-status">
      {t(`approvals.status.${status}`)}
    </Tag>
  );
}

function DecisionIcon({ approver }: { approver: ApproverDto }) {
  if (approver.decision === 'approve') return <CheckCircleTwoTone twoToneColor="#52c41a" />;
  if (approver.decision === 'reject') return <CloseCircleTwoTone twoToneColor="#ff4d4f" />;
  return <ClockCircleOutlined style={{ color: approver.current ? '#1677ff' : '#bfbfbf' }} />;
}

/** Who was asked, in order, and what each decided (with the comment and the time). */
export function ApproverList({ approval }: { approval: ApprovalDto }) {
  const { t } = useTranslation();
  return (
    <List
      size="small"
      dataSource={approval.approvers}
      data-testid="approver-list"
      renderItem={(approver) => (
        <List.Item style={{ paddingInline: 0 }} data-testid="approver">
          <Flex gap={8} align="start" style={{ width: '100%', minWidth: 0 }}>
            <DecisionIcon approver={approver} />
            <Flex vertical style={{ minWidth: 0, flex: 1 }}>
              <Typography.Text>
                {approval.mode === 'sequence' ? `${approver.position + 1}. ` : ''}
                {approver.name}
                <Typography.Text type="secondary">
                  {' · '}
                  {approver.decision
                    ? t(`approvals.decision.${approver.decision}`)
                    : approval.status !== 'pending'
                      ? t('approvals.noDecision')
                      : approver.current
                        ? t('approvals.waiting')
                        : t('approvals.notYet')}
                  {approver.decidedAt ? ` · ${formatDateTime(approver.decidedAt)}` : ''}
                </Typography.Text>
              </Typography.Text>
              {approver.comment && (
                <Typography.Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  “{approver.comment}”
                </Typography.Text>
              )}
            </Flex>
          </Flex>
        </List.Item>
      )}
    />
  );
}

/** The approve/reject form of a person who may decide now. */
export function DecisionForm({ approval }: { approval: ApprovalDto }) {
  const { t } = useTranslation();
  const decide = useDecideApproval();
  const [comment, setComment] = useState('');
  const [commentPublic, setCommentPublic] = useState(false);
  return (
    <Flex vertical gap={8} data-testid="decision-form">
      <Input.TextArea
        value={comment}
        onChange={(event) => setComment(event.target.value)}
        maxLength={2000}
        autoSize={{ minRows: 2, maxRows: 6 }}
        placeholder={t('approvals.commentPlaceholder')}
        aria-label={t('approvals.comment')}
        data-testid="decision-comment"
      />
      <Tooltip title={t('approvals.commentPublicHelp')}>
        <Checkbox
          checked={commentPublic}
          onChange={(event) => setCommentPublic(event.target.checked)}
          data-testid="decision-comment-public"
        >
          {t('approvals.commentPublic')}
        </Checkbox>
      </Tooltip>
      <ErrorAlert error={decide.error} />
      <Space wrap>
        <Button
          type="primary"
          loading={decide.isPending && decide.variables?.decision === 'approve'}
          disabled={decide.isPending}
          onClick={() => decide.mutate({ id: approval.id, decision: 'approve', comment, commentPublic })}
          data-testid="approve-button"
        >
          {t('approvals.approve')}
        </Button>
        <Button
          danger
          loading={decide.isPending && decide.variables?.decision === 'reject'}
          disabled={decide.isPending}
          onClick={() => decide.mutate({ id: approval.id, decision: 'reject', comment, commentPublic })}
          data-testid="reject-button"
        >
          {t('approvals.reject')}
        </Button>
      </Space>
    </Flex>
  );
}

/** The person who asked (or an administrator) withdraws a pending approval, with a reason. */
function CancelButton({ approval }: { approval: ApprovalDto }) {
  const { t } = useTranslation();
  const cancel = useCancelApproval();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="cancel-approval">
        {t('approvals.cancel.open')}
      </Button>
      <Modal
        open={open}
        title={t('approvals.cancel.title')}
        okText={t('approvals.cancel.submit')}
        okButtonProps={{ danger: true, disabled: !reason.trim(), 'data-testid': 'cancel-approval-submit' }}
        confirmLoading={cancel.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => cancel.mutate({ id: approval.id, reason }, { onSuccess: () => setOpen(false) })}
        destroyOnHidden
      >
        <Input.TextArea
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          maxLength={2000}
          autoSize={{ minRows: 2, maxRows: 6 }}
          placeholder={t('approvals.cancel.reason')}
          aria-label={t('approvals.cancel.reason')}
          data-testid="cancel-approval-reason"
        />
        <ErrorAlert error={cancel.error} />
      </Modal>
    </>
  );
}

/** What an approval is for: the ticket (a link for those who may open it) or the other subject. */
export function SubjectLine({ approval, ticketPath }: { approval: ApprovalDto; ticketPath?: string }) {
  const { t } = useTranslation();
  const subject = t(`approvals.subject.${approval.subjectType}`, { id: approval.subjectId });
  if (approval.ticketId && approval.ticketNumber !== null) {
    const label = `${subject} · ${formatTicketNumber(approval.ticketNumber)}`;
    return ticketPath ? <Link to={`${ticketPath}/${approval.ticketId}`}>{label}</Link> : <span>{label}</span>;
  }
  // A change's approval: staff (those given a ticket path) open the change (issue 14).
  if (approval.changeId && ticketPath)
    return <Link to={`/agent/changes/${approval.changeId}`}>{subject}</Link>;
  return <span>{subject}</span>;
}

/** One approval: what is asked, its mode, status, deadline and people; the decision form when it is the reader's turn. */
export function ApprovalCard({
  approval,
  ticketPath,
  decide = true,
}: {
  approval: ApprovalDto;
  ticketPath?: string;
  decide?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      data-testid="approval-card"
      data-approval-id={approval.id}
      title={
        <Typography.Text strong style={{ whiteSpace: 'normal' }}>
          {approval.title}
        </Typography.Text>
      }
      extra={<ApprovalStatusTag status={approval.status} />}
      styles={{ header: { paddingBlock: 8 } }}
    >
      <Flex vertical gap={4}>
        <Typography.Text type="secondary">
          <SubjectLine approval={approval} {...(ticketPath ? { ticketPath } : {})} />
          {' · '}
          {t(`approvals.mode.${approval.mode}`)}
        </Typography.Text>
        <Typography.Text type="secondary">
          {approval.requestedBy
            ? t('approvals.requestedBy', {
                name: approval.requestedBy.name,
                at: formatDateTime(approval.createdAt),
              })
            : t('approvals.requestedBySystem', { at: formatDateTime(approval.createdAt) })}
        </Typography.Text>
        {approval.deadline && (
          <Typography.Text type={approval.status === 'expired' ? 'danger' : 'secondary'}>
            {t('approvals.deadline', { at: formatDateTime(approval.deadline) })}
          </Typography.Text>
        )}
        {approval.cancelReason && (
          <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {t('approvals.cancelReason', { reason: approval.cancelReason })}
          </Typography.Text>
        )}
        <ApproverList approval={approval} />
        {decide && approval.canDecide && <DecisionForm approval={approval} />}
        {approval.canCancel && (
          <Flex justify="end">
            <CancelButton approval={approval} />
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
