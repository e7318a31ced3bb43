import type { Queryable } from '../../platform/db/database.ts';

/** Whether a module's own mail tells the requester of this status change instead of the status notice. */
export type StatusMailReplacement = (
  db: Queryable,
  change: { ticketId: number; at: Date },
) => Promise<boolean>;

const replacements = new Map<string, StatusMailReplacement>();

/**
 * A module that mails the requester when a ticket enters a status (the resolution report on
 * `resolved`, the satisfaction survey on `closed`) is registered here, once in modules/registry.ts, so
 * that the requester gets one mail for the change, not two. The in-app notice still goes.
 */
export function replaceStatusMail(status: string, replacement: StatusMailReplacement): void {
  replacements.set(status, replacement);
}

/** Whether the status-change mail for this change is left out, because another mail says it. */
export async function statusMailReplaced(
  db: Queryable,
  change: { ticketId: number; at: Date; status: unknown },
): Promise<boolean> {
  const replacement = typeof change.status === 'string' ? replacements.get(change.status) : undefined;
  return replacement ? replacement(db, change) : false;
}
