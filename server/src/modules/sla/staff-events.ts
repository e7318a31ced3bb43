/** The SLA alerts desk people are told about, with their default channels. */
export const SLA_STAFF_EVENTS: Record<string, { email: boolean }> = {
  'sla.warning': { email: false },
  'sla.breached': { email: true },
};
