import type { DeliveryChannel } from '../../notifications/index.ts';
import { broadcastTicketEvent, queueImMentions } from './im-send.ts';

/** IM as a delivery channel of the notifications module (plugged in by the module registry). */
export const imDelivery: DeliveryChannel = {
  mention: queueImMentions,
  broadcastTicket: broadcastTicketEvent,
};
