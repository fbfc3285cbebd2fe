import { Inject, Injectable } from '@nestjs/common';
import type { BulkJobOptions } from 'bullmq';
import { JobNames, suppressionJobId, type SuppressionEndJob } from '@thads/contracts';
import { OrgRepository } from '@thads/org';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import { CLOCK, type Clock } from '../core/clock';
import { JobQueues } from '../core/job-queues';
import { holderOf, isActive, type Suppression } from './suppression';
import { SuppressionsRepository } from './suppressions.repository';

/** Suppression jobs retry with backoff when the store or Redis fails; after that they stay listed as failed. */
const RETRY = { attempts: 6, backoff: { type: 'exponential', delay: 5_000 } } as const;

/**
 * The job that ends suppression `id` at `at` (its end date), or releases what it holds now
 * (`release`, `at` = now). Kept after it ran, like the SLA jobs, for the administrators' view.
 */
export function suppressionJob(
  kind: 'end' | 'release',
  id: string,
  at: number,
  now: number,
): { name: string; data: SuppressionEndJob; opts: BulkJobOptions } {
  return {
    name: JobNames.SuppressionEnd,
    data: { v: 1, suppressionId: id, at },
    opts: {
      jobId: suppressionJobId(kind, id, at),
      delay: Math.max(0, at - now),
      ...RETRY,
      removeOnComplete: false,
      removeOnFail: false,
    },
  };
}

/**
 * The active suppressions as intake checks every new finding against them: a copy in memory,
 * read again from `inspection_suppressions` once it is older than SUPPRESSION_REFRESH_MS (at
 * once after a change made here), so the hot path stays insert-only — on FerretDB v1 a query
 * per finding would scan a table per finding (ADR 0005). A suppression made or lifted on
 * another instance therefore applies here within that delay.
 */
@Injectable()
export class ActiveSuppressions {
  private cached?: { readAt: number; list: Suppression[] };

  constructor(
    private readonly repo: SuppressionsRepository,
    @Inject(INSPECTION_CONFIG) private readonly config: InspectionConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly queues: JobQueues,
    @Inject(OrgRepository) private readonly org: OrgRepository,
  ) {}

  /** The suppressions not ended when last read (freshness by the wall clock: a test clock may stand still). */
  async current(): Promise<Suppression[]> {
    const t = Date.now();
    if (!this.cached || t - this.cached.readAt >= this.config.suppressionRefreshMs)
      this.cached = { readAt: t, list: await this.repo.active() };
    return this.cached.list;
  }

  /** Drops the copy (after a suppression was made or ended here). */
  forget(): void {
    this.cached = undefined;
  }

  /** Which of these findings a suppression holds now, by the service's clock: finding id → suppression id. */
  async holders(
    findings: readonly { findingId: string; ruleId: string; unitId: string }[],
  ): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (findings.length === 0) return out;
    const list = await this.current();
    // The usual case: nothing suppressed, and no read of the registry view either.
    if (list.length === 0) return out;
    const now = this.clock.now();
    const { tree } = await this.org.snapshot();
    for (const f of findings) {
      const s = holderOf(f, list, tree, now);
      if (s) out.set(f.findingId, s.id);
    }
    return out;
  }

  /**
   * Called once findings have been stored as held by these suppressions. One of them may have
   * ended between the check and the write — lifted on another instance, or its last day over —
   * and its release may already have looked for the findings it holds, before these were there.
   * Read after the write, an ended one gets its release queued again, so that nothing stays
   * held by a suppression that has ended.
   */
  async recheck(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const now = this.clock.now();
    const ended = (await this.repo.findMany(ids)).filter((s) => !isActive(s, now));
    if (ended.length === 0) return;
    await this.queues.suppressions.addBulk(ended.map((s) => suppressionJob('release', s.id, now, now)));
  }
}
