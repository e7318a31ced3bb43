import type { TicketDto } from '../../../../contracts/tickets.ts';
import type { Queryable } from '../../platform/db/database.ts';

/**
 * A delivery channel that a module above notifications provides and the module registry plugs
 * in: IM, through the channels module's bots. Notifications decides who is told what and on
 * which channel; the channel only delivers.
 */
export interface DeliveryChannel {
  /** A personal notice, mentioning the person by their handle on the channel. */
  mention(tx: Queryable, message: { handle: string; title: string; text: string }): Promise<void>;
  /** A ticket event (`ticket.created`, `ticket.p1`) posted to the group bots that follow it. */
  broadcastTicket(tx: Queryable, event: string, ticket: TicketDto): Promise<void>;
}

export type DeliveryChannelName = 'im';

const channels = new Map<DeliveryChannelName, DeliveryChannel>();

/** Registered once at start by the module registry. */
export function registerDeliveryChannel(name: DeliveryChannelName, channel: DeliveryChannel): void {
  channels.set(name, channel);
}

/** The channel's adapter; none when no module provides it (nothing is delivered there). */
export function deliveryChannel(name: DeliveryChannelName): DeliveryChannel | undefined {
  return channels.get(name);
}
