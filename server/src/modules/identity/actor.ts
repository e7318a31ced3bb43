import type { Role } from '../../../../contracts/identity.ts';
import { AppError } from '../../platform/http/errors.ts';

/** Who is making a request, as every use case sees it. */
export interface Actor {
  id: number;
  role: Role;
  name: string;
  email: string;
  locale: 'zh-CN' | 'en';
  /** The user's IANA time zone: times in the messages they read are shown in it. */
  timezone?: string;
  organizationId: number | null;
  /**
   * Set on the desk's own actors (system-actor.ts): their capabilities are their purpose's,
   * never a role's.
   */
  system?: SystemPurpose | 'reader';
}

/** What the desk acts for when no person does; the audit trail names the account of each. */
export type SystemPurpose = 'automation' | 'system' | 'monitoring';

/** What a role may do. Checked in use cases, not only in the interface (GV-1). */
const CAPABILITIES = {
  'ticket.work': ['agent', 'lead', 'quality', 'admin'],
  'ticket.internal': ['agent', 'lead', 'quality', 'admin'],
  'ticket.assign': ['agent', 'lead', 'admin'],
  'ticket.create_for_others': ['agent', 'lead', 'quality', 'admin'],
  'user.read': ['agent', 'lead', 'quality', 'admin'],
  'user.manage': ['admin'],
  'team.manage': ['admin'],
  'organization.manage': ['admin'],
  'settings.manage': ['admin'],
  'category.manage': ['admin'],
  'import.run': ['admin'],
  // closing the loop (issue 6): NPS campaigns, quality follow-ups, reports
  'survey.manage': ['quality', 'admin'],
  'quality.followup': ['lead', 'quality', 'admin'],
  'report.read': ['lead', 'quality', 'admin'],
  // knowledge, search and triage (issue 4)
  'kb.write': ['agent', 'lead', 'quality', 'admin'],
  'kb.publish': ['lead', 'quality', 'admin'],
  'search.manage': ['admin'],
  'triage.manage': ['admin'],
  'problem.read': ['lead', 'quality', 'admin'],
  // service levels, routing and escalation (issue 3)
  'sla.manage': ['admin'],
  'routing.manage': ['admin'],
  'roster.manage': ['lead', 'admin'],
  'escalation.report': ['lead', 'quality', 'admin'],
  'major_incident.manage': ['agent', 'lead', 'admin'],
  // assets (issue 14): agents keep the asset records; administrators define the types
  'asset.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAPABILITIES;

/**
 * What the desk's own actors may do: only what their work needs. Automation routes, assigns,
 * reprioritises and escalates tickets; the system closes resolved tickets and seeds demo
 * data (one vendor); monitoring opens, resolves and reopens its alert incidents; the reader
 * reads tickets as the desk does (internal parts included) and is never recorded as an actor.
 */
const SYSTEM_CAPABILITIES: Record<SystemPurpose | 'reader', readonly Capability[]> = {
  automation: ['ticket.work', 'ticket.internal', 'ticket.assign', 'user.read'],
  system: ['ticket.work', 'ticket.internal', 'user.read', 'sla.manage'],
  monitoring: ['ticket.work', 'ticket.internal', 'user.read'],
  reader: ['ticket.work', 'ticket.internal', 'user.read'],
};

export function can(actor: Actor, capability: Capability): boolean {
  if (actor.system) return SYSTEM_CAPABILITIES[actor.system].includes(capability);
  return (CAPABILITIES[capability] as readonly Role[]).includes(actor.role);
}

/** Everything a role may do: sent with the signed-in user so the interface offers only what the server allows. */
export function capabilitiesOf(role: Role): Capability[] {
  return (Object.keys(CAPABILITIES) as Capability[]).filter((capability) =>
    (CAPABILITIES[capability] as readonly Role[]).includes(role),
  );
}

export function assertCan(actor: Actor, capability: Capability): void {
  if (!can(actor, capability)) throw new AppError('auth.forbidden');
}

export function isStaff(actor: Actor): boolean {
  return can(actor, 'ticket.work');
}
