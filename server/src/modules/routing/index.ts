export { agentAvailability, agentsOnCalendar } from './availability.ts';
export { routeNewTicket } from './route-ticket.ts';
export { routingRoutes } from './routing.routes.ts';
export { nextTierTeam } from './tiers.ts';
