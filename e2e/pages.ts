/**
 * The app's top-level pages, one list for every journey that walks them all (the phone-width
 * sweep, the security-headers check), so a page added to the router is walked by both.
 */

/** Pages an agent works in (an administrator sees them too). */
export const AGENT_PAGES = [
  '/agent',
  '/agent/phone',
  '/agent/chats',
  '/agent/callbacks',
  '/agent/major-incidents',
  '/agent/assets',
  '/agent/duty-roster',
  '/agent/canned',
  '/agent/kb',
  '/agent/kb/new',
  '/agent/changes',
  '/agent/changes/calendar',
  '/agent/changes/new',
  '/agent/change-freezes',
  '/agent/problems',
  '/agent/problem-management',
  '/approvals',
] as const;

/** Pages only an administrator opens: the settings, the reports and the quality pages. */
export const ADMIN_PAGES = [
  '/admin/users',
  '/admin/teams',
  '/admin/organizations',
  '/admin/categories',
  '/admin/priority-matrix',
  '/admin/import',
  '/admin/tokens',
  '/admin/sla-calendars',
  '/admin/sla-policies',
  '/admin/routing',
  '/admin/automation',
  '/admin/vendors',
  '/admin/mailboxes',
  '/admin/templates',
  '/admin/im-bots',
  '/admin/alert-sources',
  '/admin/runbooks',
  '/admin/synonyms',
  '/admin/triage',
  '/admin/catalog',
  '/admin/asset-types',
  '/dashboards',
  '/dashboards/weekly',
  '/dashboards/escalations',
  '/quality/followups',
  '/quality/nps',
] as const;

/** Every staff page. */
export const STAFF_PAGES = [...AGENT_PAGES, ...ADMIN_PAGES];

/** The requester's portal pages; `{ticket}` is replaced by one of the requester's tickets. */
export const PORTAL_PAGES = [
  '/portal',
  '/portal/new',
  '/portal/tickets/{ticket}',
  '/portal/chat',
  '/portal/kb',
  '/portal/catalog',
] as const;

/** Pages anyone opens without signing in. */
export const PUBLIC_PAGES = [
  '/login',
  '/widget',
  '/survey/not-a-token',
  '/survey/nps/not-a-token',
  '/api/docs/',
] as const;
