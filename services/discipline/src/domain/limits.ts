/**
 * The time limits of a disciplinary proceeding (DOMAIN.md, Discipline and Calendar).
 *
 * - Limitation period (thời hiệu), counted from the act: 5 years for a breach at the level of a
 *   reprimand, 10 years for others, none for the grave breaches the decree lists (`grave_no_limit`).
 *   A proceeding opened after its last day cannot go on.
 * - Time to decide (thời hạn), counted from the discovery: 90 days, extendable once to 150 days
 *   with a reason. Periods in which the subject cannot be dealt with (illness, pregnancy or a
 *   child under 12 months, prosecution or detention) do not count: each excluded day that falls
 *   in the running period moves the deadline by a day, and overlapping exclusions count once.
 * - The working-day steps: council within 5 WD of opening; summons at least 5 WD before the
 *   meeting; recommendation within 5 WD of the meeting; decision within 5 WD of the
 *   recommendation; appeal within 15 days of receiving the decision.
 *
 * Counting follows the calendar's convention: day 1 is the day after the event; a deadline in
 * calendar days that falls on a day off moves to the next working day (Civil Code art. 148 does
 * the same for the last day of a period, which is why the limitation period rolls too).
 *
 * Assumptions, for a lawyer to confirm:
 * - The appeal against a discipline decision is reviewed within 30 days of lodging (a first
 *   complaint's time in DOMAIN.md runs 15–30 d; the longest is taken, without the +30 for
 *   complex matters).
 * - The appeal period runs from the day the subject received the decision (its service,
 *   recorded by the authority: `recordService`), not from the day it was taken.
 * - A limitation period runs to the same date 5 or 10 years later (29 February → 28 February).
 */
import { isoFromDay, startOfDay, type Day, type WorkingCalendar } from '@thads/rules';
import type { Bilingual } from '@thads/contracts';

export const BREACH_CLASSES = ['reprimand_level', 'other', 'grave_no_limit'] as const;
export type BreachClass = (typeof BREACH_CLASSES)[number];

export const BREACH_CLASS_LABELS: Readonly<Record<BreachClass, Bilingual>> = {
  reprimand_level: { vi: 'Vi phạm đến mức khiển trách', en: 'Breach at the level of a reprimand' },
  other: { vi: 'Vi phạm khác', en: 'Other breach' },
  grave_no_limit: { vi: 'Vi phạm không áp dụng thời hiệu', en: 'Grave breach without limitation period' },
};

export const LIMITATION_YEARS: Readonly<Record<Exclude<BreachClass, 'grave_no_limit'>, number>> = {
  reprimand_level: 5,
  other: 10,
};

export const DECISION_DAYS = 90;
export const EXTENDED_DECISION_DAYS = 150;
export const COUNCIL_WORKING_DAYS = 5;
export const SUMMONS_WORKING_DAYS = 5;
export const RECOMMENDATION_WORKING_DAYS = 5;
export const DECISION_WORKING_DAYS = 5;
export const APPEAL_DAYS = 15;
/** Assumption (see above): the appeal review's own time. */
export const APPEAL_REVIEW_DAYS = 30;

export const EXCLUSION_KINDS = ['illness', 'pregnancy_or_infant', 'prosecution'] as const;
export type ExclusionKind = (typeof EXCLUSION_KINDS)[number];

export const EXCLUSION_LABELS: Readonly<Record<ExclusionKind, Bilingual>> = {
  illness: { vi: 'Nghỉ ốm, điều trị bệnh', en: 'Illness' },
  pregnancy_or_infant: {
    vi: 'Mang thai, nghỉ thai sản, nuôi con dưới 12 tháng tuổi',
    en: 'Pregnancy, maternity leave or a child under 12 months',
  },
  prosecution: { vi: 'Bị khởi tố, tạm giữ, tạm giam', en: 'Prosecution or detention' },
};

/** A period, first and last day included, that does not count towards the time to decide. */
export interface Exclusion {
  kind: ExclusionKind;
  from: Day;
  to: Day;
}

/** The one extension the time to decide allows. */
export interface Extension {
  grantedOn: Day;
  reason: string;
}

export type LimitationCheck =
  { ok: true; lastDay: Day | undefined } | { ok: false; code: 'time_barred'; lastDay: Day; message: string };

export interface DecisionDeadline {
  /** The last day to decide, after exclusions, moved to a working day. */
  dueOn: Day;
  /** 90, or 150 once extended. */
  days: number;
  /** Excluded days that fell in the running period (each counted once). */
  excludedDays: number;
}

export type ExtensionCheck =
  | { ok: true; dueOn: Day }
  | { ok: false; code: 'already_extended' | 'reason_required' | 'deadline_passed'; message: string };

export type ExclusionCheck = { ok: true } | { ok: false; code: 'ends_before_it_starts'; message: string };

export type MeetingDayCheck =
  { ok: true } | { ok: false; code: 'summons_too_late' | 'not_a_working_day'; earliest: Day; message: string };

/** Why an exclusion cannot be recorded, if it cannot. */
export function checkExclusion(e: Exclusion): ExclusionCheck {
  if (e.to < e.from)
    return {
      ok: false,
      code: 'ends_before_it_starts',
      message: `an excluded period cannot end (${isoFromDay(e.to)}) before it starts (${isoFromDay(e.from)})`,
    };
  return { ok: true };
}

/** The same date `years` later (29 February becomes 28 February in a common year). */
export function sameDateYearsLater(day: Day, years: number): Day {
  const [y, m, d] = isoFromDay(day).split('-').map(Number) as [number, number, number];
  const lastOfMonth = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return Math.round(Date.UTC(y + years, m - 1, Math.min(d, lastOfMonth)) / 86_400_000);
}

/** Merged, sorted copies of the exclusions: overlapping or touching periods become one. */
function merged(exclusions: readonly Exclusion[]): { from: Day; to: Day }[] {
  const sorted = exclusions.map((e) => ({ from: e.from, to: e.to })).sort((a, b) => a.from - b.from);
  const out: { from: Day; to: Day }[] = [];
  for (const e of sorted) {
    const last = out.at(-1);
    if (last !== undefined && e.from <= last.to + 1) last.to = Math.max(last.to, e.to);
    else out.push(e);
  }
  return out;
}

/**
 * The deadlines of one proceeding, on one working calendar. Pure: the calendar is data (the
 * official days off), and nothing here reads the clock.
 */
export class DisciplineTimeLimits {
  constructor(private readonly calendar: WorkingCalendar) {}

  /**
   * Whether a proceeding opened on `openedOn` is still within the limitation period of an act
   * of `factsOn`. The last day is the anniversary, moved to the next working day if it is off.
   */
  limitationCheck(factsOn: Day, breachClass: BreachClass, openedOn: Day): LimitationCheck {
    if (breachClass === 'grave_no_limit') return { ok: true, lastDay: undefined };
    const years = LIMITATION_YEARS[breachClass];
    const lastDay = this.calendar.addDays(sameDateYearsLater(factsOn, years), 0, true);
    if (openedOn <= lastDay) return { ok: true, lastDay };
    return {
      ok: false,
      code: 'time_barred',
      lastDay,
      message:
        `the limitation period of ${years} years for an act of ${isoFromDay(factsOn)} ended on ` +
        `${isoFromDay(lastDay)}; the proceeding was opened on ${isoFromDay(openedOn)}`,
    };
  }

  /**
   * The last day to decide: the Nth day after the discovery not covered by an exclusion (N = 90,
   * or 150 once extended), moved to a working day. Exclusions before the discovery or after the
   * deadline change nothing; one that starts inside the running period pushes the deadline past
   * its own end. Throws on an exclusion that ends before it starts (see `checkExclusion`).
   */
  decisionDeadline(
    discoveredOn: Day,
    extension: Extension | undefined,
    exclusions: readonly Exclusion[],
  ): DecisionDeadline {
    for (const e of exclusions) {
      const check = checkExclusion(e);
      if (!check.ok) throw new RangeError(check.message);
    }
    const days = extension === undefined ? DECISION_DAYS : EXTENDED_DECISION_DAYS;
    let end = discoveredOn + days;
    let excludedDays = 0;
    // Invariant: the days from discoveredOn + 1 to `end`, less the excluded ones, number `days`.
    for (const e of merged(exclusions)) {
      const from = Math.max(e.from, discoveredOn + 1);
      if (e.to < from) continue;
      if (from > end) break;
      const length = e.to - from + 1;
      excludedDays += length;
      end += length;
    }
    return { dueOn: this.calendar.addDays(end, 0, true), days, excludedDays };
  }

  /** Whether the time to decide may be extended now: once, with a reason, before it has run out. */
  checkExtension(
    discoveredOn: Day,
    existing: Extension | undefined,
    request: Extension,
    exclusions: readonly Exclusion[],
  ): ExtensionCheck {
    const barred = this.extensionBarred(discoveredOn, existing, request.grantedOn, exclusions);
    if (barred) return barred;
    if (!request.reason.trim())
      return { ok: false, code: 'reason_required', message: 'an extension needs its reason (a complex matter)' };
    return { ok: true, dueOn: this.decisionDeadline(discoveredOn, request, exclusions).dueOn };
  }

  /** Why no extension granted on `grantedOn` can be, whatever its reason: one already, or the time run out. */
  extensionBarred(
    discoveredOn: Day,
    existing: Extension | undefined,
    grantedOn: Day,
    exclusions: readonly Exclusion[],
  ): Extract<ExtensionCheck, { ok: false }> | undefined {
    if (existing !== undefined)
      return {
        ok: false,
        code: 'already_extended',
        message: `the time to decide was already extended on ${isoFromDay(existing.grantedOn)}; it extends only once`,
      };
    const current = this.decisionDeadline(discoveredOn, undefined, exclusions);
    if (grantedOn > current.dueOn)
      return {
        ok: false,
        code: 'deadline_passed',
        message: `the time to decide ran out on ${isoFromDay(current.dueOn)}; it can no longer be extended`,
      };
    return undefined;
  }

  /** The council is formed within 5 working days of the opening. */
  councilDueBy(openedOn: Day): Day {
    return this.calendar.addWorkingDays(openedOn, COUNCIL_WORKING_DAYS);
  }

  /**
   * The first day the meeting may be held after a summons delivered on `summonedOn`: the summons
   * must come at least 5 working days before, so the meeting falls on the 5th working day after
   * it at the earliest.
   */
  earliestMeetingDay(summonedOn: Day): Day {
    return this.calendar.addWorkingDays(summonedOn, SUMMONS_WORKING_DAYS);
  }

  checkMeetingDay(summonedOn: Day, meetingOn: Day): MeetingDayCheck {
    const earliest = this.earliestMeetingDay(summonedOn);
    if (meetingOn >= earliest && this.calendar.isWorkingDay(meetingOn)) return { ok: true };
    if (meetingOn >= earliest)
      return { ok: false, code: 'not_a_working_day', earliest, message: `${isoFromDay(meetingOn)} is a day off` };
    return {
      ok: false,
      code: 'summons_too_late',
      earliest,
      message:
        `a summons delivered on ${isoFromDay(summonedOn)} allows a meeting on ${isoFromDay(earliest)} at the ` +
        `earliest (${SUMMONS_WORKING_DAYS} working days), not on ${isoFromDay(meetingOn)}`,
    };
  }

  /** The council's recommendation is due within 5 working days of the meeting. */
  recommendationDueBy(meetingOn: Day): Day {
    return this.calendar.addWorkingDays(meetingOn, RECOMMENDATION_WORKING_DAYS);
  }

  /** The authority decides within 5 working days of the recommendation. */
  decisionDueAfterRecommendation(recommendedOn: Day): Day {
    return this.calendar.addWorkingDays(recommendedOn, DECISION_WORKING_DAYS);
  }

  /** The subject may appeal within 15 days of receiving the decision. */
  appealDueBy(servedOn: Day): Day {
    return this.calendar.addDays(servedOn, APPEAL_DAYS, true);
  }

  /** The appeal is resolved within 30 days of lodging (assumption, see above). */
  appealReviewDueBy(lodgedOn: Day): Day {
    return this.calendar.addDays(lodgedOn, APPEAL_REVIEW_DAYS, true);
  }

  /**
   * The day to remind whoever owns a step: the last working day before its deadline (the
   * deadline itself is always a working day, so the reminder leaves one working day to act).
   */
  reminderDay(dueOn: Day): Day {
    let d = dueOn - 1;
    while (!this.calendar.isWorkingDay(d)) d -= 1;
    return d;
  }

  /**
   * When the reminder job should fire, as epoch milliseconds: `hour` o'clock Vietnam time on the
   * reminder day (a BullMQ delayed job takes `reminderAt - now` as its delay).
   */
  reminderAt(dueOn: Day, hour = 8): number {
    return startOfDay(this.reminderDay(dueOn)) + hour * 3_600_000;
  }
}
