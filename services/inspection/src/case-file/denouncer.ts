import type { Principal } from '@thads/auth';
import type { StoredEvent } from './case-events.repository';

/** Fields of a complaint that are not about who made it (EVENTS.md); everything else a denunciation carries is the denouncer's. */
export const PUBLIC_COMPLAINT_FIELDS = ['complaintId', 'kind', 'againstOfficerId', 'topic'];

export function isDenunciation(e: StoredEvent): boolean {
  return e.type === 'complaint.received' && e.data['kind'] === 'denunciation';
}

/**
 * A denunciation as anyone may see it in a case file: what it is about, never who made it
 * (DOMAIN.md: the denouncer's name, address and handwriting are kept secret).
 */
export function withoutDenouncer(e: StoredEvent): StoredEvent & { denouncerWithheld?: true } {
  if (!isDenunciation(e)) return e;
  const kept = Object.fromEntries(Object.entries(e.data).filter(([k]) => PUBLIC_COMPLAINT_FIELDS.includes(k)));
  const withheld = Object.keys(e.data).length > Object.keys(kept).length;
  const { actorId: _actor, ...rest } = e;
  return { ...rest, data: kept, ...(withheld ? { denouncerWithheld: true as const } : {}) };
}

/** The denouncer's part of a denunciation: the fields that `withoutDenouncer` leaves out. */
export function denouncerOf(e: StoredEvent): Record<string, unknown> {
  return Object.fromEntries(Object.entries(e.data).filter(([k]) => !PUBLIC_COMPLAINT_FIELDS.includes(k)));
}

/** Roles whose work needs a denouncer's identity: handling the denunciation, chairing the discipline case. */
export const DENOUNCER_READERS = ['inspection_supervisor', 'committee_chair'] as const;

/**
 * Why `user` may not learn who denounced an officer of `accusedUnitId`, or undefined when they
 * may: never anyone of the accused's own unit, never the accused.
 */
export function denouncerRefusal(
  user: Pick<Principal, 'unitId'> & { officerId?: string },
  accusedOfficerId: string | undefined,
  accusedUnitId: string,
): string | undefined {
  if (user.unitId === accusedUnitId) return `you belong to unit ${accusedUnitId}, the accused officer's unit`;
  if (accusedOfficerId !== undefined && user.officerId === accusedOfficerId) return 'you are the accused officer';
  return undefined;
}
