import type { VnDay } from '../statistics/period';
import type { IntegrityCell } from './cells';

/*
 * Workflow times (README, "Workflow times"): how long findings wait for triage and for a
 * conclusion, and how long proceedings take to be decided. Each measured duration adds two
 * cells to its unit and day — one to its bucket of a fixed histogram (`duration`), its seconds
 * to a sum (`durationSeconds`) — so a period's count and mean are exact sums of days, and its
 * median is read from the summed histogram without keeping a single duration.
 */

export const MEASURES = ['triage', 'conclude', 'decide'] as const;
export type Measure = (typeof MEASURES)[number];

/**
 * Upper bounds of the histogram's buckets, in hours: an hour, a working morning, a day, the
 * 3/5/7/10/15/20/30/45/60/90/150-day marks of the legal time limits, a year; the last bucket
 * (a year or more) is open. Stored cells name their bucket by this bound, so the ladder may
 * only ever be changed with a replay of the topics into a fresh group.
 */
export const BUCKET_HOURS = [1, 4, 8, 24, 48, 72, 120, 168, 240, 360, 480, 720, 1080, 1440, 2160, 3600, 8760] as const;
/** The name of the open bucket. */
export const OPEN_BUCKET = 'more';

const HOUR = 3_600;
const DAY = 86_400;

/** The bucket of a duration in seconds: the first bound it is below, else the open bucket. */
export function bucketOf(seconds: number): string {
  const bound = BUCKET_HOURS.find((h) => seconds < h * HOUR);
  return bound === undefined ? OPEN_BUCKET : String(bound);
}

/**
 * The cells of one measured duration, on the day and in the unit it is attributed to. A
 * negative duration (an end stamped before its start by another clock) counts as zero; seconds
 * are whole, so the sums stay exact integers whatever the order they are added and taken back in.
 */
export function durationCells(unitId: string, day: VnDay, measure: Measure, seconds: number): IntegrityCell[] {
  const s = Math.max(0, Math.round(seconds));
  return [
    { unitId, day, key: 'duration', dims: [measure, bucketOf(s)], value: 1 },
    { unitId, day, key: 'durationSeconds', dims: [measure], value: s },
  ];
}

/** Whole days from one Vietnam day to another. */
export function daysBetween(from: VnDay, to: VnDay): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / (DAY * 1000));
}

/** A measure over a period. Days are fractional (an hour is 1/24); `null` when nothing was measured. */
export interface DurationFigures {
  readonly count: number;
  readonly meanDays: number | null;
  /** Approximate: read from the histogram (`approximateMedian`). */
  readonly medianDays: number | null;
}

/**
 * The grouped median of a histogram (counts per bucket of `BUCKET_HOURS`, then the open bucket),
 * in seconds: L + (n/2 − F) ÷ f × w, with L the lower bound and w the width of the bucket that
 * holds the middle, F the count below it and f its own — as if the durations of a bucket were
 * spread evenly across it. Within the open bucket it is its lower bound, a year: a floor.
 * The true median is in the same bucket, so the error is below that bucket's width.
 */
export function approximateMedian(counts: readonly number[]): number | null {
  const n = counts.reduce((a, c) => a + c, 0);
  if (n <= 0) return null;
  const half = n / 2;
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] ?? 0;
    if (c > 0 && below + c >= half) {
      const lo = i === 0 ? 0 : (BUCKET_HOURS[i - 1] ?? 0) * HOUR;
      const hi = BUCKET_HOURS[i];
      return hi === undefined ? lo : lo + ((half - below) / c) * (hi * HOUR - lo);
    }
    below += c;
  }
  return null;
}

/**
 * A measure's figures from the cells of a period (any units, any days): `counts` of key
 * `duration`, `seconds` of key `durationSeconds`; cells of other measures are ignored.
 */
export function durationFigures(
  measure: Measure,
  counts: readonly IntegrityCell[],
  seconds: readonly IntegrityCell[],
): DurationFigures {
  const buckets = [...BUCKET_HOURS.map(String), OPEN_BUCKET];
  const histogram = buckets.map(() => 0);
  for (const c of counts) {
    if (c.dims[0] !== measure) continue;
    const i = buckets.indexOf(c.dims[1] ?? '');
    if (i >= 0) histogram[i] = (histogram[i] ?? 0) + c.value;
  }
  const count = histogram.reduce((a, c) => a + c, 0);
  const total = seconds.reduce((a, c) => (c.dims[0] === measure ? a + c.value : a), 0);
  const median = approximateMedian(histogram);
  return {
    count,
    meanDays: count === 0 ? null : total / count / DAY,
    medianDays: median === null ? null : median / DAY,
  };
}
