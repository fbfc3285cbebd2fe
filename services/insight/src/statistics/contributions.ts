import { CellSum, diffCells, type Cell } from '../counters/cell';
import type { CaseRecord } from './case-record';
import { vnDayOf, type VnDay } from './period';

export { cellId } from '../counters/cell';

/*
 * How the statistics become sums of day-keyed counters.
 *
 * Write S and E for the first instants of `from` and `to` (both midnights, so "before S" is "on
 * a day before from"), and X(D) for X summed over the days before D. A case's events count at
 * their time clamped to its receipt (reference.ts, 4), so its end is never before its receipt.
 * Each case is a handful of step functions of the day D:
 *   r(D)  received before D                               +1 on the day of receipt
 *   c(D)  ended before D, not returned                    +1 on the day of the end
 *   t(D)  ended before D, returned                        +1 on the day of the end
 *   u(D)  the latest classification before min(D, end) says unable: ±1 on the days the
 *         category changes; after the end it stays at the final category f
 *   cu(D) = f·c(D), tu(D) = f·t(D)
 *   K(D)  money collected, net of reversals of its receipts, before D
 * and its claim A. From the definitions, for one case (ended before S implies received before E):
 *   carried over = r(S) − c(S) − t(S)          new       = r(E) − r(S)
 *   to execute   = r(E) − c(S) − t(E)          completed = c(E) − c(S)
 *   unable       = to execute × u frozen at E  = u(E) − cu(S) − tu(E)
 * Money to execute and unable are those signed sums times A − K(S); money completed is the
 * to-execute sum times K(E) − K(S). Each money figure is then a signed sum of A·X(T) and of
 * products X(T1)·K(T2) for T, T1, T2 in {S, E}. A product is a sum over the pairs (x, d) of a day
 * X steps on and a day money is collected, with x < T1 and d < T2:
 *   - if T1 = T2 = T, over the pairs with max(x, d) < T: a one-dimensional counter `X.collected`
 *     that counts each pair on its later day;
 *   - if T1 = E and T2 = S, that counter before S plus the pairs with d < S ≤ x < E: the pair
 *     counter `X.collectedBefore`, kept on day x with d as its earlier day;
 *   - if T1 = S and T2 = E, that counter before S plus the pairs with x < S ≤ d < E:
 *     `X.collectedAfter`, kept on day d with x as its earlier day.
 * Only the products the figures use get a pair counter, and their pairs are rare:
 *   r(E)·K(S)  none: nothing is collected on a case before its receipt;
 *   c(S)·K(E)  money collected in the period on a case completed before it;
 *   t(E)·K(S), tu(E)·K(S)  a case returned in the period after money was collected on it;
 *   u(E)·K(S)  a classification changed in the period after money was collected on the case.
 * answer.ts writes each figure out in the counters below.
 *
 * The counters, per unit (the unit of the case's receipt), for the six signals received (r),
 * completed (c), returned (t), unable (u), completedUnable (cu) and returnedUnable (tu):
 *   `<signal>.cases`      the steps, on the day of the step
 *   `<signal>.claim`      the steps times the claim
 *   `<signal>.collected`  step × net collection, for each pair of step day and collection day, on the later day
 * (18 one-dimensional keys), and four pair keys, each kept on its later day with the earlier day
 * as a second dimension:
 *   `returned.collectedBefore`, `returnedUnable.collectedBefore`  return day, earlier collection day
 *   `unable.collectedBefore`                                      classification change, earlier collection day
 *   `completed.collectedAfter`                                    collection day, earlier completion day
 */

export const SIGNALS = ['received', 'completed', 'returned', 'unable', 'completedUnable', 'returnedUnable'] as const;
export type Signal = (typeof SIGNALS)[number];

const MEASURES = ['cases', 'claim', 'collected'] as const;
export type DayKey = `${Signal}.${(typeof MEASURES)[number]}`;
export const DAY_KEYS: readonly DayKey[] = SIGNALS.flatMap((s) => MEASURES.map((m) => `${s}.${m}` as const));

export const PAIR_KEYS = [
  'returned.collectedBefore',
  'returnedUnable.collectedBefore',
  'unable.collectedBefore',
  'completed.collectedAfter',
] as const;
export type PairKey = (typeof PAIR_KEYS)[number];
export type CounterKey = DayKey | PairKey;

const COLLECTED_BEFORE: Partial<Record<Signal, PairKey>> = {
  returned: 'returned.collectedBefore',
  returnedUnable: 'returnedUnable.collectedBefore',
  unable: 'unable.collectedBefore',
};
const COLLECTED_AFTER: Partial<Record<Signal, PairKey>> = { completed: 'completed.collectedAfter' };

/** An additive delta to one statistics counter of one unit. */
export interface Contribution extends Cell {
  readonly key: CounterKey;
}

/**
 * What one case adds to the counters. When a case's record changes, the service applies
 * `diffContributions(contributions(before), contributions(after))`; summed over all cases the
 * counters are then what the current records contribute, whatever the order of the events.
 */
export function contributions(record: CaseRecord): Contribution[] {
  const { received, end } = record;
  if (received === undefined) return [];
  const effective = (at: number) => Math.max(at, received.at);
  const endAt = end === undefined ? Infinity : effective(end.at);

  // Only the last classification of a day matters to a day boundary; a Map keeps the days in
  // order because the classifications are sorted.
  const unableByDay = new Map<VnDay, number>();
  for (const c of record.classifications) {
    if (effective(c.at) < endAt) unableByDay.set(vnDayOf(effective(c.at)), c.unable ? 1 : 0);
  }
  const unableSteps: [VnDay, number][] = [];
  let unable = 0;
  for (const [day, now] of unableByDay) {
    if (now !== unable) unableSteps.push([day, now - unable]);
    unable = now;
  }

  const receiptNos = new Set(record.collections.map((c) => c.receiptNo));
  const collected = new Map<VnDay, number>();
  const collect = (at: number, amount: number) => {
    const day = vnDayOf(effective(at));
    collected.set(day, (collected.get(day) ?? 0) + amount);
  };
  for (const c of record.collections) collect(c.at, c.amount);
  for (const v of record.reversals) if (receiptNos.has(v.ref)) collect(v.at, -v.amount);

  const ended: [VnDay, number][] = end === undefined ? [] : [[vnDayOf(endAt), 1]];
  const [completed, returned] = end?.returned === true ? [[], ended] : [ended, []];
  const steps: Record<Signal, [VnDay, number][]> = {
    received: [[vnDayOf(received.at), 1]],
    completed,
    returned,
    unable: unableSteps,
    completedUnable: completed.map(([day]) => [day, unable]),
    returnedUnable: returned.map(([day]) => [day, unable]),
  };

  const out = new CellSum<Contribution>();
  const unitId = received.unitId;
  for (const signal of SIGNALS) {
    for (const [x, step] of steps[signal]) {
      out.add({ unitId, key: `${signal}.cases`, day: x, value: step });
      out.add({ unitId, key: `${signal}.claim`, day: x, value: step * received.claimAmount });
      for (const [d, amount] of collected) {
        out.add({ unitId, key: `${signal}.collected`, day: x > d ? x : d, value: step * amount });
        const before = COLLECTED_BEFORE[signal];
        if (before !== undefined && d < x)
          out.add({ unitId, key: before, day: x, earlierDay: d, value: step * amount });
        const after = COLLECTED_AFTER[signal];
        if (after !== undefined && x < d) out.add({ unitId, key: after, day: d, earlierDay: x, value: step * amount });
      }
    }
  }
  return out.list();
}

/** `after − before`, netted per counter cell: what to add to the counters when a case changes. */
export function diffContributions(before: readonly Contribution[], after: readonly Contribution[]): Contribution[] {
  return diffCells(before, after);
}
