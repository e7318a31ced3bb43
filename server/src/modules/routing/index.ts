export { agentAvailability, agentsOnCalendar } from './availability.ts';
export { ACTIVE_ROUTING_RULES, routeNewTicket, routeNewTickets } from './route-ticket.ts';
export { routingRoutes } from './routing.routes.ts';
export { nextTierTeam } from './tiers.ts';
