import { DAY_KEYS, PAIR_KEYS, type DayKey, type PairKey } from './contributions';
import { statisticsOf, type Statistics } from './figures';
import type { Period, VnDay } from './period';

/**
 * One sum over the counters of a set of units.
 *  - `days`: a one-dimensional key summed over the days in [from, to); no `from` means every
 *    day before `to`.
 *  - `pairs`: a pair key summed over the cells whose day is in [from, to) and whose earlier
 *    day is before `from`.
 */
export type CounterQuery =
  | { readonly kind: 'days'; readonly key: DayKey; readonly from?: VnDay; readonly to: VnDay }
  | { readonly kind: 'pairs'; readonly key: PairKey; readonly from: VnDay; readonly to: VnDay };

/**
 * What the statistics need from wherever the counters live. The store-backed reader can keep
 * one document per unit × day (the one-dimensional keys as fields, each pair key as a map from
 * earlier day to value) and per unit × month roll-ups of the same shape, so a request reads a
 * few months and days per unit and never the events. Units are a set: a unit listed twice
 * counts once. Answers come in the order of the queries.
 */
export interface CounterReader {
  sums(unitIds: readonly string[], queries: readonly CounterQuery[]): Promise<readonly number[]>;
}

/** The counter sums one period needs. */
export interface PeriodSums {
  /** Every one-dimensional key over the days before the period. */
  readonly beforeStart: Readonly<Record<DayKey, number>>;
  /** Every one-dimensional key over the days of the period. */
  readonly inPeriod: Readonly<Record<DayKey, number>>;
  /** Every pair key: later day in the period, earlier day before it. */
  readonly pairs: Readonly<Record<PairKey, number>>;
}

export async function readStatistics(
  reader: CounterReader,
  unitIds: readonly string[],
  period: Period,
): Promise<Statistics> {
  const { from, to } = period;
  const queries: CounterQuery[] = [
    ...DAY_KEYS.map((key) => ({ kind: 'days', key, to: from }) as const),
    ...DAY_KEYS.map((key) => ({ kind: 'days', key, from, to }) as const),
    ...PAIR_KEYS.map((key) => ({ kind: 'pairs', key, from, to }) as const),
  ];
  const sums = await reader.sums(unitIds, queries);
  if (sums.length !== queries.length) throw new Error(`asked ${queries.length} sums, got ${sums.length}`);
  const at = (i: number) => sums[i] ?? 0;
  const byKey = <K extends string>(keys: readonly K[], offset: number) =>
    Object.fromEntries(keys.map((key, i) => [key, at(offset + i)])) as Record<K, number>;
  return statisticsFromSums({
    beforeStart: byKey(DAY_KEYS, 0),
    inPeriod: byKey(DAY_KEYS, DAY_KEYS.length),
    pairs: byKey(PAIR_KEYS, 2 * DAY_KEYS.length),
  });
}

/** The figures as combinations of counter sums; the derivation is in contributions.ts. */
export function statisticsFromSums({ beforeStart, inPeriod, pairs }: PeriodSums): Statistics {
  const S = (key: DayKey) => beforeStart[key];
  const E = (key: DayKey) => beforeStart[key] + inPeriod[key];
  // moneyS(X) = Σ X(S)·(A − K(S)) and moneyE(X) = Σ X(E)·(A − K(S)): what was left at the start
  // of the period of the claims of the cases X counts before S, or before E. X(E)·K(S) is X·K
  // before S plus the steps of X in the period weighted by money collected before the period;
  // nothing is collected before a receipt, so `received` has no such pairs.
  const moneyS = (signal: 'completed' | 'completedUnable') => S(`${signal}.claim`) - S(`${signal}.collected`);
  const moneyE = (signal: 'received' | 'returned' | 'unable' | 'returnedUnable') =>
    E(`${signal}.claim`) - S(`${signal}.collected`) - (signal === 'received' ? 0 : pairs[`${signal}.collectedBefore`]);

  const carriedOver = S('received.cases') - S('completed.cases') - S('returned.cases');
  return statisticsOf({
    carriedOver,
    new: inPeriod['received.cases'],
    handled: carriedOver + inPeriod['received.cases'],
    toExecute: E('received.cases') - S('completed.cases') - E('returned.cases'),
    unable: E('unable.cases') - S('completedUnable.cases') - E('returnedUnable.cases'),
    completed: inPeriod['completed.cases'],
    money: {
      toExecute: moneyE('received') - moneyS('completed') - moneyE('returned'),
      unable: moneyE('unable') - moneyS('completedUnable') - moneyE('returnedUnable'),
      // r(E)·ΔK − c(S)·ΔK − t(E)·ΔK with ΔK = K(E) − K(S).
      completed:
        inPeriod['received.collected'] -
        pairs['completed.collectedAfter'] -
        (inPeriod['returned.collected'] - pairs['returned.collectedBefore']),
    },
  });
}
