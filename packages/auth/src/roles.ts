/**
 * The roles of the system's users (DOMAIN.md): inspectors and their supervisors work findings;
 * committee members and chairs decide discipline; leadership reads the figures; administrators
 * manage users and configuration.
 */
export const ROLES = [
  'inspector',
  'inspection_supervisor',
  'committee_member',
  'committee_chair',
  'leadership',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
