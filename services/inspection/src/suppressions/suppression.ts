/**
 * Suppressions (issue 14): a supervisor holds back the findings of one rule in one unit and its
 * sub-units until an end date, with a reason — a known data error at one office, a rule being
 * recalibrated. A finding raised meanwhile is stored as usual (never lost), marked with the
 * suppression and given no inspection; when the suppression ends (lifted, or its last day over)
 * the mark goes and the finding enters the workflow as if just raised.
 *
 * "Meanwhile" is the service's clock when the finding is taken in, not its detection time: the
 * issue speaks of findings raised while the suppression stands, and detection time would let a
 * late or replayed finding about last year be held by a suppression made today (or a backlog
 * detected today escape one because its events are old).
 *
 * Pure: no store, no queue, no clock of its own.
 */
import { isRealDate } from '@thads/contracts';
import { dayFromIso, dayOf, isoFromDay, startOfDay } from '@thads/rules';

export const SUPPRESSION_STATES = ['active', 'lifted', 'expired'] as const;
export type SuppressionState = (typeof SUPPRESSION_STATES)[number];

/** A suppression may not reach further ahead than this: a rule switched off for good is a rule change. */
export const MAX_SUPPRESSION_DAYS = 366;

export interface Suppression {
  id: string;
  ruleId: string;
  /** The scope: this unit and every unit below it. */
  unitId: string;
  reason: string;
  /** The last day held (YYYY-MM-DD, Vietnam time), inclusive. */
  until: string;
  /** Epoch ms: the first instant after `until`, when it expires. */
  endsAt: number;
  createdBy: string;
  createdAt: number;
  state: SuppressionState;
  /** When and by whom it was lifted (by nobody: it expired), and why. */
  endedAt?: number;
  endedBy?: string;
  liftReason?: string;
  /** Findings it held that went back to the workflow when it ended. */
  released?: number;
}

/** What a unit scope needs of the unit tree. */
export interface Scope {
  inScope(viewerUnitId: string, unitId: string): boolean;
}

/** The first instant after the last day `until` (Vietnam time has no daylight saving). */
export function endOf(until: string): number {
  return startOfDay(dayFromIso(until) + 1);
}

/** Why `until` cannot end a suppression made at `now`, or undefined when it can. */
export function untilProblem(until: string, now: number): string | undefined {
  if (!isRealDate(until)) return 'a day that exists, YYYY-MM-DD';
  const today = dayOf(now);
  const day = dayFromIso(until);
  if (day < today) return `the last day held: today (${isoFromDay(today)}) or later`;
  if (day > today + MAX_SUPPRESSION_DAYS)
    return `at most ${MAX_SUPPRESSION_DAYS} days ahead (${isoFromDay(today + MAX_SUPPRESSION_DAYS)})`;
  return undefined;
}

/** Whether `s` holds findings at `now`: not lifted, not expired, its last day not over. */
export function isActive(s: Pick<Suppression, 'state' | 'endsAt'>, now: number): boolean {
  return s.state === 'active' && now < s.endsAt;
}

/**
 * The suppression that holds a finding of `ruleId` in `unitId` at `now`, if any. Of several
 * that cover it, the one that ends last: when a shorter one ends, the finding is still held by
 * the longer one rather than let through and held again.
 */
export function holderOf(
  f: { ruleId: string; unitId: string },
  suppressions: readonly Suppression[],
  tree: Scope,
  now: number,
): Suppression | undefined {
  let best: Suppression | undefined;
  for (const s of suppressions) {
    if (s.ruleId !== f.ruleId || !isActive(s, now) || !tree.inScope(s.unitId, f.unitId)) continue;
    if (!best || s.endsAt > best.endsAt || (s.endsAt === best.endsAt && s.id < best.id)) best = s;
  }
  return best;
}

/**
 * Why someone of `actorUnitId` may not suppress findings in `unitId`'s scope, or undefined: a
 * unit never silences findings about itself (DOMAIN.md: the unit concerned does not act alone on
 * its own findings), so the suppression must lie strictly below the actor's unit.
 */
export function suppressionConcern(actorUnitId: string, unitId: string, tree: Scope): string | undefined {
  if (actorUnitId === unitId) return `you belong to ${unitId}: a unit does not suppress findings about itself`;
  if (tree.inScope(unitId, actorUnitId))
    return `you belong to ${actorUnitId}, inside ${unitId}: a unit does not suppress findings about itself`;
  return undefined;
}

/**
 * Whether a user of `viewerUnitId` sees `s`: one over a unit in their scope, or over a unit
 * above theirs (it holds their unit's findings too).
 */
export function visibleTo(viewerUnitId: string, s: Pick<Suppression, 'unitId'>, tree: Scope): boolean {
  return tree.inScope(viewerUnitId, s.unitId) || tree.inScope(s.unitId, viewerUnitId);
}
