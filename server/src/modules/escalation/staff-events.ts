/** The escalation events desk people are told about, with their default channels. */
export const ESCALATION_STAFF_EVENTS: Record<string, { email: boolean }> = {
  'ticket.escalated': { email: true },
  'ticket.nudged': { email: false },
};
