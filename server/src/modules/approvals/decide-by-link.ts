import { sql } from 'drizzle-orm';
import type { ApprovalLinkView } from '../../../../contracts/approvals.ts';
import { approvalLinkUses } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { applyDecision } from './decide.ts';
import { secretOf, verifyLink } from './link-tokens.ts';
import { loadApproval, presentApprovals } from './store.ts';

async function used(tx: Queryable, nonce: string): Promise<boolean> {
  const result = await tx.execute(sql`select 1 from approval_link_uses where nonce = ${nonce}`);
  return result.rows.length > 0;
}

async function approverName(tx: Queryable, userId: number): Promise<string> {
  const result = await tx.execute<{ name: string }>(
    sql`select name from identity_users_v where id = ${userId} and active`,
  );
  const row = result.rows[0];
  if (!row) throw new AppError('approval.link_invalid');
  return row.name;
}

/** What a link will do (`GET /approval-links/{token}`): nothing is changed by looking. */
export async function viewLink(options: {
  tx: Queryable;
  token: string;
  now?: Date;
}): Promise<ApprovalLinkView> {
  const { tx, token } = options;
  const claims = verifyLink(await secretOf(tx), token, options.now ?? new Date());
  const name = await approverName(tx, claims.userId);
  if (await used(tx, claims.nonce)) throw new AppError('approval.link_used');
  const loaded = await loadApproval(tx, claims.approvalId);
  if (!loaded?.approvers.some((a) => a.userId === claims.userId)) throw new AppError('approval.link_invalid');
  const [approval] = await presentApprovals(tx, [loaded], { id: claims.userId, staff: false, admin: false });
  if (!approval) throw new AppError('approval.link_invalid');
  return { decision: claims.decision, approver: { id: claims.userId, name }, approval };
}

/**
 * Decides with the link's approver's identity (`POST /approval-links/{token}`), once: the
 * nonce is stored in the same transaction as the decision, so two clicks decide once (the
 * second waits for the first's row and then gets 409).
 */
export async function decideByLink(options: {
  tx: Tx;
  token: string;
  input: { comment?: string | undefined; commentPublic?: boolean | undefined };
  now?: Date;
}): Promise<ApprovalLinkView> {
  const { tx, token } = options;
  const now = options.now ?? new Date();
  const claims = verifyLink(await secretOf(tx), token, now);
  const name = await approverName(tx, claims.userId);
  const loaded = await loadApproval(tx, claims.approvalId, { forUpdate: true });
  if (!loaded?.approvers.some((a) => a.userId === claims.userId)) throw new AppError('approval.link_invalid');
  const inserted = await tx
    .insert(approvalLinkUses)
    .values({ nonce: claims.nonce, approvalId: claims.approvalId, userId: claims.userId, usedAt: now })
    .onConflictDoNothing()
    .returning({ nonce: approvalLinkUses.nonce });
  if (inserted.length === 0) throw new AppError('approval.link_used');
  await applyDecision(
    tx,
    loaded,
    { id: claims.userId, name },
    {
      decision: claims.decision,
      comment: options.input.comment,
      commentPublic: options.input.commentPublic,
      via: 'link',
      now,
    },
  );
  const [approval] = await presentApprovals(tx, [loaded], { id: claims.userId, staff: false, admin: false });
  if (!approval) throw new Error('approval vanished');
  return { decision: claims.decision, approver: { id: claims.userId, name }, approval };
}
