import type { ChangeRisk, ChangeStatus, ChangeType, RiskFactorsDto } from '../../../../contracts/changes.ts';

/**
 * The change status machine (one pure function): draft -> submitted -> approved | rejected ->
 * scheduled -> implementing -> implemented | failed | rolled_back -> reviewed. Implementing may
 * be skipped (an outcome is recorded from approved or scheduled), scheduling too.
 */
const NEXT: Record<ChangeStatus, readonly ChangeStatus[]> = {
  draft: ['submitted'],
  // Back to draft when its approval is withdrawn (cancelled) before anyone decided.
  submitted: ['approved', 'rejected', 'draft'],
  approved: ['scheduled', 'implementing', 'implemented', 'failed', 'rolled_back'],
  rejected: [],
  scheduled: ['implementing', 'implemented', 'failed', 'rolled_back'],
  implementing: ['implemented', 'failed', 'rolled_back'],
  implemented: ['reviewed'],
  failed: ['reviewed'],
  rolled_back: ['reviewed'],
  reviewed: [],
};

export function canMove(from: ChangeStatus, to: ChangeStatus): boolean {
  return NEXT[from].includes(to);
}

/** Statuses in which a change still holds its window: the ones that conflict with another. */
export const ACTIVE_STATUSES: readonly ChangeStatus[] = [
  'draft',
  'submitted',
  'approved',
  'scheduled',
  'implementing',
];

/** A change may be edited while not yet approved. */
export const EDITABLE_STATUSES: readonly ChangeStatus[] = ['draft', 'submitted'];

/** Points of the highest asset criticality. */
const CRITICALITY_POINTS: Record<ChangeRisk, number> = { low: 0, medium: 1, high: 2, critical: 4 };

export interface RiskInputs {
  criticalities: readonly ChangeRisk[];
  openIncidents: number;
  recentFailedChanges: number;
  type: ChangeType;
}

/**
 * The computed risk (docs/itsm.md "Risk"): points for the most critical asset (low 0, medium
 * 1, high 2, critical 4), the open incidents on the assets (1-2: 1, 3 or more: 2), the failed or
 * rolled-back changes on them in the last 90 days (1: 1, 2 or more: 2) and an emergency change
 * (1). Sum 0-1 low, 2-3 medium, 4-5 high, 6 or more critical.
 */
export function computeRisk(inputs: RiskInputs): { risk: ChangeRisk; factors: RiskFactorsDto } {
  const order: ChangeRisk[] = ['low', 'medium', 'high', 'critical'];
  const maxCriticality =
    inputs.criticalities.length === 0
      ? null
      : (order[Math.max(...inputs.criticalities.map((c) => order.indexOf(c)))] ?? null);
  const incidents = inputs.openIncidents >= 3 ? 2 : inputs.openIncidents >= 1 ? 1 : 0;
  const failed = inputs.recentFailedChanges >= 2 ? 2 : inputs.recentFailedChanges === 1 ? 1 : 0;
  const emergency = inputs.type === 'emergency';
  const score =
    (maxCriticality ? CRITICALITY_POINTS[maxCriticality] : 0) + incidents + failed + (emergency ? 1 : 0);
  const risk: ChangeRisk = score >= 6 ? 'critical' : score >= 4 ? 'high' : score >= 2 ? 'medium' : 'low';
  return {
    risk,
    factors: {
      maxCriticality,
      openIncidents: inputs.openIncidents,
      recentFailedChanges: inputs.recentFailedChanges,
      emergency,
      score,
    },
  };
}

/** A calendar or change window: end after start. */
export function validWindow(start: Date, end: Date): boolean {
  return (
    Number.isFinite(start.getTime()) && Number.isFinite(end.getTime()) && end.getTime() > start.getTime()
  );
}
