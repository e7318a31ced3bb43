import type { Role } from '../../../../contracts/identity.ts';

export const ROLES: readonly Role[] = ['requester', 'agent', 'lead', 'quality', 'admin'];
const STAFF: readonly Role[] = ['agent', 'lead', 'quality', 'admin'];

export const isStaff = (role: Role): boolean => STAFF.includes(role);

/** Where a user lands after signing in. */
export const homePathFor = (role: Role): string => (isStaff(role) ? '/agent' : '/portal');
