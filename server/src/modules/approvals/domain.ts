import type { ApprovalDecision, ApprovalMode } from '../../../../contracts/approvals.ts';

/** One approver's place and decision (null: not yet), as the engine's pure rules see it. */
export interface Vote {
  userId: number;
  position: number;
  decision: ApprovalDecision | null;
}

/**
 * How the votes so far end the approval, or null while it goes on.
 * - `all` (会签): every approver approves; one reject rejects.
 * - `any` (或签): the first approve approves; it is rejected when everyone rejected.
 * - `sequence` (依次): one at a time in order; a reject rejects; the last approve approves.
 */
export function outcomeOf(mode: ApprovalMode, votes: readonly Vote[]): 'approved' | 'rejected' | null {
  if (votes.length === 0) return null;
  const approves = votes.filter((v) => v.decision === 'approve').length;
  const rejects = votes.filter((v) => v.decision === 'reject').length;
  if (mode === 'any') {
    if (approves > 0) return 'approved';
    return rejects === votes.length ? 'rejected' : null;
  }
  if (rejects > 0) return 'rejected';
  return approves === votes.length ? 'approved' : null;
}

/** Who may decide now: every undecided approver, or in a sequence the first undecided one. */
export function currentApprovers(mode: ApprovalMode, votes: readonly Vote[]): number[] {
  if (outcomeOf(mode, votes) !== null) return [];
  const open = votes.filter((v) => v.decision === null).sort((a, b) => a.position - b.position);
  if (mode === 'sequence') return open.slice(0, 1).map((v) => v.userId);
  return open.map((v) => v.userId);
}
