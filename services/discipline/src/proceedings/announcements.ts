import { createHash } from 'node:crypto';
import type { DisciplineEventOf, DisciplineEventType } from '@thads/contracts';
import type { Announcement } from '../core/outbox';

/** Who and what an event on `integrity.discipline.v1` is about. */
export interface EventSubject {
  proceedingId: string;
  /** The subject of the proceeding: the key, so one officer's events stay in order. */
  officerId: string;
  unitId: string;
}

const MAX_ID = 128;

/**
 * The event id: the type, the proceeding and the step (the proceeding's version after it, and a
 * seat or round when one step says several things of one type). The same step rebuilt after a
 * crash gives the same id, which consumers drop. An id longer than the contract's 128 characters
 * (a very long finding id inside the proceeding id) is shortened to a digest of itself.
 */
export function eventIdFor(type: DisciplineEventType, proceedingId: string, step: string): string {
  const id = `${type}:${proceedingId}:${step}`;
  if (id.length <= MAX_ID) return id;
  return `${type}:${createHash('sha256').update(id).digest('hex')}`;
}

/** One event for the outbox, keyed by the subject. */
export function disciplineEvent<T extends DisciplineEventType>(
  type: T,
  about: EventSubject,
  step: string,
  at: number,
  data: DisciplineEventOf<T>['data'],
): Announcement {
  const eventId = eventIdFor(type, about.proceedingId, step);
  return {
    id: eventId,
    topic: 'Discipline',
    key: about.officerId,
    value: {
      eventId,
      type,
      schemaVersion: 1,
      occurredAt: new Date(at).toISOString(),
      proceedingId: about.proceedingId,
      officerId: about.officerId,
      unitId: about.unitId,
      data,
    },
  };
}
