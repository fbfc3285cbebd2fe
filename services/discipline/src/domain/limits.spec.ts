import { dayFromIso, isoFromDay, toVnRfc3339, WorkingCalendar, type Day } from '@thads/rules';
import { checkExclusion, DisciplineTimeLimits, sameDateYearsLater, type Exclusion } from './limits';

const limits = new DisciplineTimeLimits(new WorkingCalendar());
const on = dayFromIso;
const iso = isoFromDay;
const excluded = (kind: Exclusion['kind'], from: string, to: string): Exclusion => ({
  kind,
  from: on(from),
  to: on(to),
});
const due = (discovery: string, extended: boolean, exclusions: Exclusion[] = []) =>
  iso(
    limits.decisionDeadline(
      on(discovery),
      extended ? { grantedOn: on(discovery) + 30, reason: 'complex: bank records needed' } : undefined,
      exclusions,
    ).dueOn,
  );

describe('limitation period (thời hiệu)', () => {
  it('lets a reprimand-level breach of 10 March 2020 be opened until 10 March 2025 and refuses it the day after', () => {
    expect(limits.limitationCheck(on('2020-03-10'), 'reprimand_level', on('2025-03-10'))).toEqual({
      ok: true,
      lastDay: on('2025-03-10'),
    });
    const late = limits.limitationCheck(on('2020-03-10'), 'reprimand_level', on('2025-03-11'));
    expect(late).toEqual({
      ok: false,
      code: 'time_barred',
      lastDay: on('2025-03-10'),
      message: expect.stringContaining('5 years for an act of 2020-03-10 ended on 2025-03-10'),
    });
  });

  it('gives other breaches 10 years, and a last day on a day off runs to the next working day', () => {
    // 2 September 2025 and 1 September before it are days off: the period ends on Wednesday 3 September.
    const check = limits.limitationCheck(on('2015-09-02'), 'other', on('2025-09-03'));
    expect(check).toEqual({ ok: true, lastDay: on('2025-09-03') });
    expect(limits.limitationCheck(on('2015-09-02'), 'other', on('2025-09-04')).ok).toBe(false);
    expect(limits.limitationCheck(on('2015-09-02'), 'reprimand_level', on('2025-09-03')).ok).toBe(false);
    // Saturday 15 March 2025 → Monday 17 March.
    expect(limits.limitationCheck(on('2020-03-15'), 'reprimand_level', on('2025-03-17')).ok).toBe(true);
  });

  it('sets no limit for the grave breaches', () => {
    expect(limits.limitationCheck(on('1995-01-01'), 'grave_no_limit', on('2025-03-03'))).toEqual({
      ok: true,
      lastDay: undefined,
    });
  });

  it('runs a period that starts on 29 February to 28 February', () => {
    expect(iso(sameDateYearsLater(on('2020-02-29'), 5))).toBe('2025-02-28');
    expect(iso(sameDateYearsLater(on('2020-02-29'), 4))).toBe('2024-02-29');
  });
});

describe('time to decide (thời hạn)', () => {
  it('runs 90 days from the discovery, moved off a weekend', () => {
    expect(due('2025-03-05', false)).toBe('2025-06-03');
    // 90 days after Monday 3 March is Sunday 1 June.
    expect(due('2025-03-03', false)).toBe('2025-06-02');
    expect(limits.decisionDeadline(on('2025-03-05'), undefined, [])).toEqual({
      dueOn: on('2025-06-03'),
      days: 90,
      excludedDays: 0,
    });
  });

  it('runs 150 days once extended', () => {
    // Saturday 2 August → Monday 4 August.
    expect(due('2025-03-05', true)).toBe('2025-08-04');
  });

  it('extends once with a reason, and refuses a second extension, a bare one and one after the time ran out', () => {
    const discovery = on('2025-03-05');
    const first = { grantedOn: on('2025-05-20'), reason: 'accounts of three banks to verify' };
    expect(limits.checkExtension(discovery, undefined, first, [])).toEqual({ ok: true, dueOn: on('2025-08-04') });
    const second = limits.checkExtension(discovery, first, { grantedOn: on('2025-07-20'), reason: 'more banks' }, []);
    expect(second).toMatchObject({ ok: false, code: 'already_extended' });
    expect(
      limits.checkExtension(discovery, undefined, { grantedOn: on('2025-05-20'), reason: '  ' }, []),
    ).toMatchObject({ ok: false, code: 'reason_required' });
    expect(limits.checkExtension(discovery, undefined, { ...first, grantedOn: on('2025-06-04') }, [])).toMatchObject({
      ok: false,
      code: 'deadline_passed',
      message: expect.stringContaining('2025-06-03'),
    });
  });

  it('moves the deadline by the days of an illness inside the running period', () => {
    expect(due('2025-03-05', false, [excluded('illness', '2025-04-01', '2025-04-10')])).toBe('2025-06-13');
  });

  it('counts overlapping exclusions once', () => {
    const both = [excluded('illness', '2025-04-01', '2025-04-10'), excluded('prosecution', '2025-04-05', '2025-04-15')];
    expect(limits.decisionDeadline(on('2025-03-05'), undefined, both)).toEqual({
      dueOn: on('2025-06-18'),
      days: 90,
      excludedDays: 15,
    });
    expect(due('2025-03-05', false, [...both, excluded('illness', '2025-04-01', '2025-04-10')])).toBe('2025-06-18');
  });

  it('ignores excluded days before the discovery and after the deadline, and counts only the part that overlaps', () => {
    expect(due('2025-03-05', false, [excluded('pregnancy_or_infant', '2025-02-01', '2025-02-20')])).toBe('2025-06-03');
    expect(due('2025-03-05', false, [excluded('illness', '2025-07-01', '2025-07-10')])).toBe('2025-06-03');
    // 6–10 March overlaps: 95 days → Sunday 8 June → Monday 9 June.
    expect(due('2025-03-05', false, [excluded('illness', '2025-03-01', '2025-03-10')])).toBe('2025-06-09');
  });

  it('counts an exclusion that falls after the original deadline but before the moved one', () => {
    const chained = [excluded('illness', '2025-04-01', '2025-04-10'), excluded('illness', '2025-06-10', '2025-06-12')];
    expect(due('2025-03-05', false, chained)).toBe('2025-06-16');
  });

  it('resumes after a detention that outlasts the deadline, with the days still owed', () => {
    // 75 days ran before 20 May; the other 15 run from 11 July.
    expect(due('2025-03-05', false, [excluded('prosecution', '2025-05-20', '2025-07-10')])).toBe('2025-07-25');
    // Extended: 150 days end on 2 August, plus the 52 days of detention → Tuesday 23 September.
    expect(due('2025-03-05', true, [excluded('prosecution', '2025-05-20', '2025-07-10')])).toBe('2025-09-23');
  });

  it('refuses an excluded period that ends before it starts', () => {
    const bad = excluded('illness', '2025-04-10', '2025-04-01');
    expect(checkExclusion(bad)).toMatchObject({ ok: false, code: 'ends_before_it_starts' });
    expect(() => limits.decisionDeadline(on('2025-03-05'), undefined, [bad])).toThrow(RangeError);
  });
});

describe('working-day steps', () => {
  const wd = (f: (d: Day) => Day, from: string) => iso(f(on(from)));

  it('forms the council within 5 working days of the opening', () => {
    expect(wd((d) => limits.councilDueBy(d), '2025-03-03')).toBe('2025-03-10');
  });

  it('holds the meeting on the 5th working day after the summons at the earliest, skipping the days off', () => {
    expect(wd((d) => limits.earliestMeetingDay(d), '2025-03-03')).toBe('2025-03-10');
    // Thursday 24 April 2025: 25, Saturday 26 (a make-up working day), 28, 29 April, then 30/4–2/5 off, then 5 May.
    expect(wd((d) => limits.earliestMeetingDay(d), '2025-04-24')).toBe('2025-05-05');
    expect(wd((d) => limits.earliestMeetingDay(d), '2026-02-12')).toBe('2026-02-26');
  });

  it('refuses a meeting too close to the summons, naming the earliest day, and one on a day off', () => {
    expect(limits.checkMeetingDay(on('2025-03-03'), on('2025-03-10'))).toEqual({ ok: true });
    expect(limits.checkMeetingDay(on('2025-03-03'), on('2025-03-07'))).toMatchObject({
      ok: false,
      code: 'summons_too_late',
      earliest: on('2025-03-10'),
    });
    expect(limits.checkMeetingDay(on('2025-03-03'), on('2025-03-15'))).toMatchObject({
      ok: false,
      code: 'not_a_working_day',
    });
  });

  it('gives 5 working days for the recommendation and 5 more for the decision', () => {
    expect(wd((d) => limits.recommendationDueBy(d), '2025-03-10')).toBe('2025-03-17');
    expect(wd((d) => limits.decisionDueAfterRecommendation(d), '2025-03-17')).toBe('2025-03-24');
  });

  it('allows an appeal within 15 days of the decision and gives its review 30 days', () => {
    // 15 days after Friday 12 September 2025 is Saturday 27 September → Monday 29 September.
    expect(wd((d) => limits.appealDueBy(d), '2025-09-12')).toBe('2025-09-29');
    expect(wd((d) => limits.appealReviewDueBy(d), '2025-03-03')).toBe('2025-04-02');
  });

  it('reminds on the last working day before a deadline, before Tết when the deadline follows it', () => {
    expect(wd((d) => limits.reminderDay(d), '2025-03-10')).toBe('2025-03-07');
    expect(wd((d) => limits.reminderDay(d), '2025-02-03')).toBe('2025-01-24');
    expect(toVnRfc3339(limits.reminderAt(on('2025-03-10')))).toBe('2025-03-07T08:00:00+07:00');
  });
});
