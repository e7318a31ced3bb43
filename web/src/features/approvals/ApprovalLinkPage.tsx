import { Button, Card, Checkbox, Flex, Input, Result, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiError } from '../../shared/api/client.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { PageLoading } from '../../shared/ui/PageLoading.tsx';
import { ApprovalStatusTag, ApproverList, SubjectLine } from './ApprovalCard.tsx';
import { useApprovalLink, useDecideByLink } from './api.ts';

const KNOWN = new Set([
  'approval.link_used',
  'approval.link_expired',
  'approval.ended',
  'approval.already_decided',
  'approval.not_your_turn',
  'approval.link_invalid',
]);

/** Why a link does not work, in words (the server's message names the reason too). */
function LinkProblem({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const code = isApiError(error) ? error.code : '';
  const title =
    code === 'approval.link_used'
      ? t('approvals.link.used')
      : code === 'approval.link_expired'
        ? t('approvals.link.expired')
        : code === 'approval.ended'
          ? t('approvals.link.ended')
          : code === 'approval.already_decided'
            ? t('approvals.link.alreadyDecided')
            : code === 'approval.not_your_turn'
              ? t('approvals.link.notYourTurn')
              : t('approvals.link.invalid');
  return (
    <Result
      status="warning"
      title={title}
      // A reason the page has no words of its own for: the server's message says it.
      subTitle={isApiError(error) && !KNOWN.has(code) ? error.message : undefined}
      data-testid="approval-link-problem"
      data-code={code}
    />
  );
}

/**
 * /approval-link/:token — the approve or reject link of an approver's mail or IM message. No
 * sign-in: the signed link carries the approver. Opening it only shows what it will do; the
 * button decides (so a mail scanner that follows links decides nothing).
 */
export default function ApprovalLinkPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const view = useApprovalLink(token);
  const decide = useDecideByLink(token);
  const [comment, setComment] = useState('');
  const [commentPublic, setCommentPublic] = useState(false);

  let body: React.ReactNode;
  if (view.isPending) body = <PageLoading />;
  else if (view.error) body = <LinkProblem error={view.error} />;
  else if (decide.isSuccess)
    body = (
      <Result
        status="success"
        title={
          decide.data.decision === 'approve'
            ? t('approvals.link.doneApprove')
            : t('approvals.link.doneReject')
        }
        subTitle={t(`approvals.status.${decide.data.approval.status}`)}
        data-testid="approval-link-done"
      />
    );
  else if (decide.error && isApiError(decide.error) && decide.error.code.startsWith('approval.'))
    body = <LinkProblem error={decide.error} />;
  else {
    const { approval, approver, decision } = view.data;
    body = (
      <Flex vertical gap={12}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {approval.title}
        </Typography.Title>
        <Typography.Text type="secondary">
          <SubjectLine approval={approval} /> · {t(`approvals.mode.${approval.mode}`)}{' '}
          <ApprovalStatusTag status={approval.status} />
        </Typography.Text>
        <ApproverList approval={approval} />
        <Typography.Text strong data-testid="approval-link-question">
          {decision === 'approve'
            ? t('approvals.link.confirmApprove', { name: approver.name })
            : t('approvals.link.confirmReject', { name: approver.name })}
        </Typography.Text>
        <Input.TextArea
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          maxLength={2000}
          autoSize={{ minRows: 2, maxRows: 6 }}
          placeholder={t('approvals.commentPlaceholder')}
          aria-label={t('approvals.comment')}
          data-testid="approval-link-comment"
        />
        <Checkbox
          checked={commentPublic}
          onChange={(event) => setCommentPublic(event.target.checked)}
          data-testid="approval-link-comment-public"
        >
          {t('approvals.commentPublic')}
        </Checkbox>
        <ErrorAlert error={decide.error} />
        <Button
          type="primary"
          danger={decision === 'reject'}
          size="large"
          block
          loading={decide.isPending}
          onClick={() => decide.mutate({ comment, commentPublic })}
          data-testid="approval-link-confirm"
        >
          {decision === 'approve' ? t('approvals.approve') : t('approvals.reject')}
        </Button>
      </Flex>
    );
  }
  return (
    <div style={{ maxWidth: 640, margin: '32px auto', padding: 12 }}>
      <Card title={t('approvals.link.title')}>{body}</Card>
    </div>
  );
}
