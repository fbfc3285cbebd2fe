import { parseRfc3339, type FindingMessage, type Severity } from '@thads/contracts';
import { vnDayOf, type VnDay } from '../statistics/period';
import type { IntegrityCell } from './cells';
import { durationCells } from './durations';

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
  /** `detectedAt` in epoch ms (absent on records checkpointed before the workflow times). */
  readonly detectedAt?: number;
  /**
   * The finding's first move out of `open`: the lowest revision whose status is `triaged` or
   * `dismissed`, and its `statusChangedAt` (v1.2; absent on messages published before it).
   */
  readonly firstMove?: FirstMove;
  /**
   * Held by a suppression at this revision (`suppressed`, findings v1.3): counted apart from the
   * findings, until a later revision without it (the suppression ended) counts it again.
   */
  readonly suppressed?: true;
}

export interface FirstMove {
  readonly revision: number;
  readonly at?: number;
}

/** The statuses that take a finding out of `open` (the inspection workflow's first step). */
const FIRST_MOVES: ReadonlySet<string> = new Set(['triaged', 'dismissed']);

/**
 * Keeps the higher revision. Equal revisions carry the same content (EVENTS.md); should two
 * ever differ, the smaller content wins, so the result never depends on the order of arrival.
 * The first move out of `open` is kept apart, from whichever message carries it: the lowest
 * such revision wins, then the earlier time. Returns `current` itself when the message changes
 * nothing.
 */
export function foldFinding(current: FindingRecord | undefined, message: FindingMessage): FindingRecord | undefined {
  const at = parseRfc3339(message.detectedAt);
  if (Number.isNaN(at)) return current;
  const revision = message.revision ?? 0;
  const moved = FIRST_MOVES.has(message.status) ? firstMoveOf(revision, message.statusChangedAt) : undefined;
  const incoming: FindingRecord = {
    findingId: message.findingId,
    revision,
    ruleId: message.ruleId,
    severity: message.severity,
    unitId: message.unitId,
    ...(message.officerId === undefined ? {} : { officerId: message.officerId }),
    day: vnDayOf(at),
    detectedAt: at,
    ...(message.suppressed === true ? { suppressed: true as const } : {}),
  };
  if (current === undefined) return moved === undefined ? incoming : { ...incoming, firstMove: moved };
  const winner =
    incoming.revision !== current.revision
      ? incoming.revision > current.revision
        ? incoming
        : current
      : content(incoming) < content(current)
        ? incoming
        : current;
  const firstMove = earlierMove(current.firstMove, moved);
  const detectedAt = winner.detectedAt ?? current.detectedAt ?? incoming.detectedAt;
  if (winner === current && firstMove === current.firstMove && detectedAt === current.detectedAt) return current;
  const { firstMove: _, ...rest } = winner;
  return { ...rest, detectedAt, ...(firstMove === undefined ? {} : { firstMove }) };
}

function firstMoveOf(revision: number, statusChangedAt: string | undefined): FirstMove {
  const at = statusChangedAt === undefined ? NaN : parseRfc3339(statusChangedAt);
  return Number.isNaN(at) ? { revision } : { revision, at };
}

/** The earlier of two first moves (lower revision, then a known time, then the earlier time); `a` itself on a tie. */
export function earlierMove(a: FirstMove | undefined, b: FirstMove | undefined): FirstMove | undefined {
  if (a === undefined) return b;
  if (b === undefined || a.revision < b.revision) return a;
  if (b.revision < a.revision) return b;
  if (b.at === undefined) return a;
  return a.at === undefined || b.at < a.at ? b : a;
}

const content = (r: FindingRecord) =>
  JSON.stringify([r.ruleId, r.severity, r.unitId, r.officerId ?? '', r.day, r.suppressed === true]);

/**
 * A finding counts under `finding` (and its officer's), or under `suppressedFinding` alone while
 * a suppression holds it: a held finding is nobody's irregularity yet, so it is left out of the
 * rates, the score and the officers with repeated findings.
 */
export function findingContributions(r: FindingRecord): IntegrityCell[] {
  const cell = { unitId: r.unitId, day: r.day, value: 1 };
  const out: IntegrityCell[] = [
    { ...cell, key: r.suppressed ? 'suppressedFinding' : 'finding', dims: [r.ruleId, r.severity] },
  ];
  if (r.officerId !== undefined && !r.suppressed)
    out.push({ ...cell, key: 'officerFinding', dims: [r.officerId, r.ruleId] });
  // Time to triage: from the rule firing to the first move out of `open`, on the finding's day.
  if (r.detectedAt !== undefined && r.firstMove?.at !== undefined)
    out.push(...durationCells(r.unitId, r.day, 'triage', (r.firstMove.at - r.detectedAt) / 1000));
  return out;
}
