import type { CaseStreamEvent } from '@thads/contracts';
import { aCase, IncrementalStatistics } from './__tests__/case-events';
import type { Statistics } from './figures';
import { parsePeriod } from './period';
import { referenceStatistics } from './reference';

// The first quarter of statistical year 2025 (1 October 2024 – 31 December 2024), and September 2024.
const Q1 = ['2024-10-01', '2025-01-01'] as const;
const SEPTEMBER = ['2024-09-01', '2024-10-01'] as const;
const M = 1_000_000;

/**
 * The figures from the oracle, checked to be exactly what the counters give when the events are
 * folded in the order given and in the reverse order.
 */
async function figures(
  events: readonly CaseStreamEvent[],
  [from, to]: readonly [string, string],
  unitIds: readonly string[] = ['U-1'],
): Promise<Statistics> {
  const expected = referenceStatistics(events, unitIds, { from, to });
  expect(await new IncrementalStatistics().applyAll(events).read(unitIds, from, to)).toEqual(expected);
  expect(await new IncrementalStatistics().applyAll([...events].reverse()).read(unitIds, from, to)).toEqual(expected);
  return expected;
}

describe('statistics of a unit over a period', () => {
  it('carries a case received before 1 October and open after it into the new statistical year, with what is left of its claim', async () => {
    const c = aCase('C-1')
      .on('2024-09-20')
      .received(100 * M)
      .on('2024-09-25')
      .collected(30 * M)
      .on('2024-11-05')
      .collected(20 * M);

    expect(await figures(c.events, SEPTEMBER)).toEqual({
      carriedOver: 0,
      new: 1,
      handled: 1,
      toExecute: 1,
      able: 1,
      unable: 0,
      completed: 0,
      completionRate: 0,
      carriedNext: 1,
      money: { toExecute: 100 * M, able: 100 * M, unable: 0, completed: 30 * M, completionRate: 0.3 },
    });
    expect(await figures(c.events, Q1)).toEqual({
      carriedOver: 1,
      new: 0,
      handled: 1,
      toExecute: 1,
      able: 1,
      unable: 0,
      completed: 0,
      completionRate: 0,
      carriedNext: 1,
      money: { toExecute: 70 * M, able: 70 * M, unable: 0, completed: 20 * M, completionRate: 20 / 70 },
    });
  });

  it('takes a case returned in the period out of the cases to execute, with the money collected on it', async () => {
    const c = aCase('C-2')
      .on('2024-10-03')
      .received(50 * M)
      .on('2024-10-10')
      .collected(5 * M)
      .on('2024-11-01')
      .closed('returned');

    expect(await figures(c.events, Q1)).toEqual({
      carriedOver: 0,
      new: 1,
      handled: 1,
      toExecute: 0,
      able: 0,
      unable: 0,
      completed: 0,
      completionRate: null,
      carriedNext: 0,
      money: { toExecute: 0, able: 0, unable: 0, completed: 0, completionRate: null },
    });
    // Before the return the case is to execute, and carried to the next period.
    expect(await figures(c.events, ['2024-10-01', '2024-10-15'])).toMatchObject({
      toExecute: 1,
      carriedNext: 1,
      money: { toExecute: 50 * M, completed: 5 * M },
    });
    // After it, the case is gone.
    expect(await figures(c.events, ['2025-01-01', '2025-04-01'])).toMatchObject({ carriedOver: 0, handled: 0 });

    const carried = aCase('C-2b')
      .on('2024-09-10')
      .received(30 * M)
      .on('2024-09-15')
      .collected(10 * M)
      .on('2024-10-05')
      .collected(4 * M)
      .on('2024-10-20')
      .closed('returned');
    expect(await figures([...c.events, ...carried.events], Q1)).toMatchObject({
      carriedOver: 1,
      new: 1,
      handled: 2,
      toExecute: 0,
      carriedNext: 0,
      money: { toExecute: 0, completed: 0 },
    });
  });

  it('counts a terminated case as completed, like a fully executed one', async () => {
    const terminated = aCase('C-3')
      .on('2024-08-01')
      .received(40 * M)
      .on('2024-08-15')
      .collected(10 * M)
      .on('2024-10-20')
      .terminated();
    const executed = aCase('C-4')
      .on('2024-10-02')
      .received(20 * M)
      .on('2024-10-15')
      .collected(20 * M)
      .on('2024-10-16')
      .closed('fully_executed');

    expect(await figures([...terminated.events, ...executed.events], Q1)).toEqual({
      carriedOver: 1,
      new: 1,
      handled: 2,
      toExecute: 2,
      able: 2,
      unable: 0,
      completed: 2,
      completionRate: 1,
      carriedNext: 0,
      money: { toExecute: 50 * M, able: 50 * M, unable: 0, completed: 20 * M, completionRate: 0.4 },
    });
    // A case that ended before the period is not in it, nor is money collected on it since.
    terminated.on('2025-01-10').collected(M);
    expect(await figures(terminated.events, ['2025-01-01', '2025-04-01'])).toMatchObject({
      carriedOver: 0,
      handled: 0,
      money: { completed: 0 },
    });
  });

  it('reads the classification at the end of the period, whatever it was before', async () => {
    const c = aCase('C-5')
      .on('2024-09-01')
      .received(80 * M)
      .on('2024-09-10')
      .classified('unable')
      .on('2024-10-05')
      .classified('able')
      .on('2024-12-20')
      .classified('unable');

    expect(await figures(c.events, SEPTEMBER)).toMatchObject({ unable: 1, able: 0, completionRate: null });
    expect(await figures(c.events, ['2024-10-01', '2024-12-01'])).toMatchObject({
      unable: 0,
      able: 1,
      money: { able: 80 * M, unable: 0 },
    });
    expect(await figures(c.events, Q1)).toMatchObject({
      unable: 1,
      able: 0,
      money: { toExecute: 80 * M, able: 0, unable: 80 * M, completionRate: null },
    });
    // The last classification of a day is the one that holds at midnight.
    c.on('2024-12-31', '09:00:00').classified('unable').on('2024-12-31', '15:00:00').classified('able');
    expect(await figures(c.events, Q1)).toMatchObject({ unable: 0, able: 1 });
  });

  it('freezes the classification when the case ends', async () => {
    const c = aCase('C-6')
      .on('2024-09-01')
      .received(30 * M)
      .on('2024-09-10')
      .classified('unable')
      .on('2024-10-20')
      .closed('partially_executed')
      .on('2024-11-01')
      .classified('able');

    // Completed counts every case completed, unable ones too; the rate divides by the able ones.
    expect(await figures(c.events, Q1)).toMatchObject({ completed: 1, unable: 1, able: 0, completionRate: null });
  });

  it('nets reversals of the case’s receipts, at their own time, and ignores a reversal of anything else', async () => {
    const c = aCase('C-7')
      .on('2024-09-01')
      .received(100 * M);
    c.on('2024-09-05').collected(40 * M);
    const first = c.receipt;
    c.on('2024-09-06').reversed(first, 10 * M);
    c.on('2024-10-10').collected(25 * M);
    c.on('2024-10-11').reversed(c.receipt, 5 * M);
    c.on('2024-10-12').reversed('PC-C-7-1', 7 * M);
    c.on('2024-10-20').reversed(first, 3 * M);

    expect(await figures(c.events, Q1)).toMatchObject({
      money: { toExecute: 70 * M, able: 70 * M, completed: 17 * M, completionRate: 17 / 70 },
    });
  });

  it('counts money collected on a case unable at the end as completed, against the able money', async () => {
    const unable = aCase('C-8')
      .on('2024-09-01')
      .received(60 * M)
      .on('2024-09-20')
      .classified('unable')
      .on('2024-11-11')
      .collected(15 * M);
    expect(await figures(unable.events, Q1)).toEqual({
      carriedOver: 1,
      new: 0,
      handled: 1,
      toExecute: 1,
      able: 0,
      unable: 1,
      completed: 0,
      completionRate: null,
      carriedNext: 1,
      money: { toExecute: 60 * M, able: 0, unable: 60 * M, completed: 15 * M, completionRate: null },
    });

    const able = aCase('C-9')
      .on('2024-10-07')
      .received(40 * M)
      .on('2024-12-01')
      .collected(10 * M);
    expect(await figures([...unable.events, ...able.events], Q1)).toMatchObject({
      money: { toExecute: 100 * M, able: 40 * M, unable: 60 * M, completed: 25 * M, completionRate: 25 / 40 },
    });
  });

  it('counts a money figure from a classification made after money was collected, in the period', async () => {
    const c = aCase('C-10')
      .on('2024-09-01')
      .received(90 * M)
      .on('2024-09-02')
      .collected(20 * M)
      .on('2024-10-03')
      .collected(5 * M)
      .on('2024-11-04')
      .classified('unable')
      .on('2024-12-05')
      .classified('able')
      .on('2024-12-06')
      .classified('unable');
    expect(await figures(c.events, Q1)).toMatchObject({
      unable: 1,
      money: { toExecute: 70 * M, unable: 70 * M, able: 0, completed: 5 * M },
    });
  });

  it('starts and ends the period at midnight in Vietnam, whatever the offset of the events', async () => {
    const atStart = aCase('C-11').at('2024-10-01T00:00:00+07:00').received(M);
    const justBefore = aCase('C-12').at('2024-09-30T16:59:59Z').received(M);
    const endsAtEnd = aCase('C-13').on('2024-10-02').received(M).at('2024-12-31T17:00:00Z').closed();
    const endsBefore = aCase('C-14').on('2024-10-02').received(M).at('2024-12-31T23:59:59+07:00').closed();
    const events = [atStart, justBefore, endsAtEnd, endsBefore].flatMap((c) => c.events);

    expect(await figures(events, Q1)).toMatchObject({
      carriedOver: 1,
      new: 3,
      handled: 4,
      completed: 1,
      carriedNext: 3,
    });
  });

  it('adds up the units asked for, a case counting in the unit of its receipt', async () => {
    const one = aCase('C-15', 'U-1')
      .on('2024-10-02')
      .received(10 * M);
    const two = aCase('C-16', 'U-2')
      .on('2024-10-02')
      .received(20 * M)
      .on('2024-10-03')
      .collected(M);
    const events = [...one.events, ...two.events];

    expect(await figures(events, Q1, ['U-2'])).toMatchObject({ new: 1, money: { toExecute: 20 * M } });
    expect(await figures(events, Q1, ['U-1', 'U-2'])).toMatchObject({
      new: 2,
      money: { toExecute: 30 * M, completed: M },
    });
    expect(await figures(events, Q1, ['U-1', 'U-1'])).toMatchObject({ new: 1 });
    expect(await figures(events, Q1, ['U-3'])).toMatchObject({ handled: 0, completionRate: null });
  });
});

describe('interpretations', () => {
  it('gives a redelivered event no second effect', async () => {
    const c = aCase('C-20')
      .on('2024-09-01')
      .received(10 * M)
      .on('2024-10-05')
      .collected(2 * M);
    const events = [...c.events, ...c.events];
    expect(await figures(events, Q1)).toMatchObject({ carriedOver: 1, money: { completed: 2 * M } });
  });

  it('takes the unit, time and claim of a case from its earliest receipt', async () => {
    const c = aCase('C-21')
      .on('2024-10-05')
      .received(10 * M, 'U-2')
      .on('2024-09-20')
      .received(30 * M, 'U-1');
    expect(await figures(c.events, Q1, ['U-1'])).toMatchObject({ carriedOver: 1, money: { toExecute: 30 * M } });
    expect(await figures(c.events, Q1, ['U-2'])).toMatchObject({ handled: 0 });
  });

  it('counts what happens to a case before its receipt at the time of receipt', async () => {
    const returnedEarly = aCase('C-22')
      .on('2024-09-25')
      .closed('returned')
      .on('2024-10-02')
      .received(10 * M);
    const paidEarly = aCase('C-23')
      .on('2024-09-28')
      .collected(4 * M)
      .on('2024-10-02')
      .received(10 * M);
    expect(await figures(returnedEarly.events, Q1)).toMatchObject({ new: 1, toExecute: 0, carriedNext: 0 });
    expect(await figures(returnedEarly.events, SEPTEMBER)).toMatchObject({ handled: 0 });
    expect(await figures(paidEarly.events, Q1)).toMatchObject({ money: { toExecute: 10 * M, completed: 4 * M } });
    expect(await figures(paidEarly.events, SEPTEMBER)).toMatchObject({ handled: 0, money: { completed: 0 } });
  });

  it('orders events at the same instant by eventId, and does not count a classification made at the end', async () => {
    const c = aCase('C-24')
      .on('2024-09-01')
      .received(10 * M)
      .on('2024-10-10')
      .id('b')
      .classified('able')
      .id('a')
      .classified('unable');
    expect(await figures(c.events, Q1)).toMatchObject({ unable: 0 });

    c.on('2024-11-01').id('z').classified('unable').id('y').closed();
    expect(await figures(c.events, Q1)).toMatchObject({ completed: 1, unable: 0 });
  });

  it('ignores a case that was never received', async () => {
    const c = aCase('C-25').on('2024-10-02').collected(M).classified('unable').closed();
    expect(await figures(c.events, Q1)).toMatchObject({ handled: 0, completed: 0, money: { completed: 0 } });
  });

  it('lets a claim go negative when more was collected than claimed, rather than floor it', async () => {
    const c = aCase('C-26')
      .on('2024-09-01')
      .received(10 * M)
      .on('2024-09-02')
      .collected(12 * M);
    expect(await figures(c.events, Q1)).toMatchObject({ money: { toExecute: -2 * M, completionRate: 0 } });
  });
});

describe('parsePeriod', () => {
  it('accepts two real days in order and refuses anything else', () => {
    expect(parsePeriod('2024-10-01', '2025-01-01')).toEqual({ from: '2024-10-01', to: '2025-01-01' });
    expect(() => parsePeriod('2024-10-01', '2024-10-01')).toThrow(RangeError);
    expect(() => parsePeriod('2025-02-30', '2025-03-01')).toThrow(/from must be a day/);
    expect(() => parsePeriod('2025-01-01', '2025-1-2')).toThrow(/to must be a day/);
  });
});
