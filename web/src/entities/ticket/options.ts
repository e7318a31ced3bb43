import type { TFunction } from 'i18next';
import type { Channel, Level, Priority, TicketSort, TicketType } from '../../../../contracts/tickets.ts';

export const TYPES: readonly TicketType[] = ['incident', 'service_request', 'question'];
export const LEVELS: readonly Level[] = ['high', 'medium', 'low'];
export const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];
export const CHANNELS: readonly Channel[] = [
  'portal',
  'email',
  'chat',
  'phone',
  'im',
  'api',
  'monitoring',
  'import',
];
export const SORTS: readonly TicketSort[] = ['created_desc', 'created_asc', 'updated_desc', 'priority'];

/** Select options with translated labels for each ticket enum. */
export const ticketOptions = {
  type: (t: TFunction) => TYPES.map((value) => ({ value, label: t(`type.${value}`) })),
  impact: (t: TFunction) => LEVELS.map((value) => ({ value, label: t(`impact.${value}`) })),
  urgency: (t: TFunction) => LEVELS.map((value) => ({ value, label: t(`urgency.${value}`) })),
  priority: () => PRIORITIES.map((value) => ({ value, label: value })),
  channel: (t: TFunction) => CHANNELS.map((value) => ({ value, label: t(`channel.${value}`) })),
  sort: (t: TFunction) => SORTS.map((value) => ({ value, label: t(`queue.sort.${value}`) })),
};
