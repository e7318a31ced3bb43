/** An event as a module records it (its own file: recording and subscriptions both use it). */
export interface AuditEventInput {
  kind: string;
  entityType: string;
  entityId: number | null;
  ticketId?: number | null;
  actorId: number | null;
  data?: Record<string, unknown>;
  /** Defaults to now; imports pass the original time. */
  at?: Date;
}
