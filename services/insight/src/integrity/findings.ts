import { parseRfc3339, type FindingMessage, type Severity } from '@thads/contracts';
import { vnDayOf, type VnDay } from '../statistics/period';
import type { IntegrityCell } from './cells';

/**
 * A finding as the integrity figures count it: the message with the highest revision on
 * `integrity.findings.v1` (EVENTS.md v1.1; a message without one is revision 0). A finding
 * counts once, in its unit, on the Vietnam day of its `detectedAt` — event time, so a replay
 * of the detector's input gives the same days whenever it runs.
 */
export interface FindingRecord {
  readonly findingId: string;
  readonly revision: number;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly unitId: string;
  readonly officerId?: string;
  readonly day: VnDay;
}

/**
 * Keeps the higher revision. Equal revisions carry the same content (EVENTS.md); should two
 * ever differ, the smaller content wins, so the result never depends on the order of arrival.
 * Returns `current` itself when the message changes nothing.
 */
export function foldFinding(current: FindingRecord | undefined, message: FindingMessage): FindingRecord | undefined {
  const at = parseRfc3339(message.detectedAt);
  if (Number.isNaN(at)) return current;
  const next: FindingRecord = {
    findingId: message.findingId,
    revision: message.revision ?? 0,
    ruleId: message.ruleId,
    severity: message.severity,
    unitId: message.unitId,
    ...(message.officerId === undefined ? {} : { officerId: message.officerId }),
    day: vnDayOf(at),
  };
  if (current === undefined) return next;
  if (next.revision !== current.revision) return next.revision > current.revision ? next : current;
  return content(next) < content(current) ? next : current;
}

const content = (r: FindingRecord) => JSON.stringify([r.ruleId, r.severity, r.unitId, r.officerId ?? '', r.day]);

export function findingContributions(r: FindingRecord): IntegrityCell[] {
  const cell = { unitId: r.unitId, day: r.day, value: 1 };
  const out: IntegrityCell[] = [{ ...cell, key: 'finding', dims: [r.ruleId, r.severity] }];
  if (r.officerId !== undefined) out.push({ ...cell, key: 'officerFinding', dims: [r.officerId, r.ruleId] });
  return out;
}
