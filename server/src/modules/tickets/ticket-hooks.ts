import type { Tx } from '../../platform/db/database.ts';

/**
 * What happened to a ticket, told to the modules that follow tickets (SLA clocks, search
 * index, notifications, routing). The ticket use cases call `runTicketHooks` explicitly,
 * inside their transaction, after the audit event: a hook's writes and jobs commit with
 * the change or not at all.
 */
export type TicketChange =
  | { kind: 'created'; ticketId: number; actorId: number | null; at: Date; imported?: boolean }
  | {
      kind: 'updated';
      ticketId: number;
      actorId: number | null;
      at: Date;
      changes: Record<string, { from: unknown; to: unknown }>;
    }
  | {
      kind: 'message';
      ticketId: number;
      actorId: number | null;
      at: Date;
      messageId: number;
      internal: boolean;
      fromStaff: boolean;
    }
  | { kind: 'imported'; ticketId: number; actorId: number | null; at: Date };

export type TicketHook = (tx: Tx, change: TicketChange) => Promise<void>;

const hooks: TicketHook[] = [];

/** Registers a module's hook; the module registry does this once at start. */
export function onTicketChange(hook: TicketHook): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

export async function runTicketHooks(tx: Tx, change: TicketChange): Promise<void> {
  for (const hook of hooks) await hook(tx, change);
}
