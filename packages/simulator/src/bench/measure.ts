import { partitionFor } from '@thads/messaging';
import { matchKey, type ExpectedFinding } from '../simulation';

/** Rules judged over many cases: they can fire only once every source partition has moved on. */
export const CROSS_CASE_RULES: ReadonlySet<string> = new Set([
  'complaint-cluster',
  'unable-rate-outlier',
  'split-payouts',
]);

/**
 * When each input message was handed to the producer, per topic partition ("lane"), in the order
 * published. Within a lane business time never goes back (the simulator publishes in time order).
 */
export class PublishLog {
  private readonly lanes = new Map<string, { at: number[]; sent: number[] }>();

  constructor(readonly partitions: number) {}

  record(topic: 'CaseEvents' | 'FinanceEvents', partition: number, at: number, sentAt: number): void {
    const id = `${topic}:${partition}`;
    let lane = this.lanes.get(id);
    if (!lane) this.lanes.set(id, (lane = { at: [], sent: [] }));
    lane.at.push(at);
    lane.sent.push(sentAt);
  }

  /**
   * The earliest wall-clock time at which a finding detected at business time `instant` could be
   * known: every lane it depends on (both topics of its case's partition; every partition for a
   * rule over many cases) had a message at or after `instant` on its way. Using "at or after"
   * rather than "after" makes this time early, so latencies measured from it err on the long side.
   * Undefined when some lane never reached `instant`.
   */
  readyAt(instant: number, partitions: number[]): number | undefined {
    let ready = Number.NEGATIVE_INFINITY;
    for (const p of partitions) {
      for (const topic of ['CaseEvents', 'FinanceEvents'] as const) {
        const lane = this.lanes.get(`${topic}:${p}`);
        if (!lane) return undefined;
        let lo = 0;
        let hi = lane.at.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (lane.at[mid]! < instant) lo = mid + 1;
          else hi = mid;
        }
        if (lo === lane.at.length) return undefined;
        ready = Math.max(ready, lane.sent[lo]!);
      }
    }
    return ready;
  }

  /** The lanes a finding depends on. */
  partitionsOf(finding: { ruleId: string; caseId?: string | undefined; officerId?: string | undefined }): number[] {
    const key = CROSS_CASE_RULES.has(finding.ruleId) ? undefined : (finding.caseId ?? finding.officerId);
    if (key === undefined) return Array.from({ length: this.partitions }, (_, i) => i);
    return [partitionFor(key, this.partitions)];
  }
}

export interface PublishedFinding {
  ruleId: string;
  caseId?: string;
  officerId?: string;
  detectedAt: string;
  /** When the detector published it (the message's create time, epoch ms). */
  publishedAt: number;
}

/** Event-to-finding latencies (ms), one per finding whose trigger is in the log. */
export function latencies(log: PublishLog, findings: PublishedFinding[]): number[] {
  const out: number[] = [];
  for (const f of findings) {
    const ready = log.readyAt(Date.parse(f.detectedAt), log.partitionsOf(f));
    if (ready !== undefined) out.push(f.publishedAt - ready);
  }
  return out;
}

/** Nearest-rank percentile of unsorted values (q from 0 to 1). */
export function percentile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export interface Quality {
  expected: number;
  found: number;
  matched: number;
  recall: number;
  precision: number;
  missed: string[];
  unexpected: string[];
}

/** Findings against the simulator's truth: one finding per expected key; a second one is a false positive. */
export function quality(
  findings: { ruleId: string; caseId?: string | undefined; officerId?: string | undefined }[],
  truth: ExpectedFinding[],
): Quality {
  const expected = new Set(truth.map((t) => matchKey(t.ruleId, t)));
  const seen = new Set<string>();
  const unexpected: string[] = [];
  for (const f of findings) {
    const key = matchKey(f.ruleId, f);
    if (expected.has(key) && !seen.has(key)) seen.add(key);
    else unexpected.push(key);
  }
  const missed = [...expected].filter((k) => !seen.has(k));
  return {
    expected: expected.size,
    found: findings.length,
    matched: seen.size,
    recall: expected.size === 0 ? 1 : seen.size / expected.size,
    precision: findings.length === 0 ? 1 : seen.size / findings.length,
    missed,
    unexpected,
  };
}
