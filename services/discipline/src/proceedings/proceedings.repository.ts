import { Inject, Injectable } from '@nestjs/common';
import type { Collection, Filter } from 'mongodb';
import { DocumentLocks, Store, insertNew, insertOnce, takeStep, type DocumentLock, type StepClaim } from '@thads/store';
import type { ProceedingStatus } from '../domain';
import type { HeldReferral, ProceedingDoc } from './proceeding-record';

export interface ProceedingFilter {
  unitIds: readonly string[];
  status?: ProceedingStatus;
  officerId?: string;
}

/**
 * The proceedings (`proceedings`, one document each, replaced under its version at each step) and
 * the referrals held back for an officer whose proceeding has heard them already
 * (`held_referrals`, insert and delete only).
 */
@Injectable()
export class ProceedingsRepository {
  /**
   * Every write of a proceeding holds it first (`DocumentLocks`): on FerretDB v1 two writes of one
   * document at once lose one (ADR 0012) — a new version written beside the clearing of the last
   * one's announcements could be undone by it.
   */
  private readonly writers = new DocumentLocks(() => this.store.collection<DocumentLock>('proceeding_locks'));

  constructor(@Inject(Store) private readonly store: Store) {}

  private get docs(): Collection<ProceedingDoc> {
    return this.store.collection<ProceedingDoc>('proceedings');
  }

  /** One claim per version of a proceeding (`<proceedingId>@<version>`: ADR 0012). */
  private get versions(): Collection<StepClaim> {
    return this.store.collection<StepClaim>('proceeding_versions');
  }

  private get held(): Collection<HeldReferral> {
    return this.store.collection<HeldReferral>('held_referrals');
  }

  get(proceedingId: string): Promise<ProceedingDoc | null> {
    return this.docs.findOne({ _id: proceedingId });
  }

  /** Every proceeding about one officer, oldest first (a handful: one at a time, and the referrals held for it). */
  byOfficer(officerId: string): Promise<ProceedingDoc[]> {
    return this.docs.find({ officerId }).sort({ openedAt: 1 }).toArray();
  }

  /** At most `limit` of an officer's proceedings, newest first, for reading. */
  latestOfOfficer(officerId: string, limit: number): Promise<ProceedingDoc[]> {
    return this.docs.find({ officerId }).sort({ openedAt: -1, _id: -1 }).limit(limit).toArray();
  }

  async list(f: ProceedingFilter, page: number, pageSize: number): Promise<{ total: number; items: ProceedingDoc[] }> {
    const query: Filter<ProceedingDoc> = { unitId: { $in: [...f.unitIds] } };
    if (f.status) query.status = f.status;
    if (f.officerId) query.officerId = f.officerId;
    const [total, items] = await Promise.all([
      this.docs.countDocuments(query),
      this.docs
        .find(query)
        .sort({ openedAt: -1, _id: 1 })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .toArray(),
    ]);
    return { total, items };
  }

  /** A new proceeding; false when one with this id exists (a referral delivered again). */
  insert(doc: ProceedingDoc): Promise<boolean> {
    return insertOnce(this.docs, doc);
  }

  /**
   * The next version of a proceeding; false when someone saved another version first. Two
   * council members voting at once both read version n: the claim of version n+1 lets one of
   * them through (a replace under the version alone let both, and the first vote was lost, on
   * FerretDB v1: ADR 0012).
   */
  async replace(doc: ProceedingDoc, expectedVersion: number): Promise<boolean> {
    // Held around the claim too: a claim is never left behind by a write that waited in vain.
    return this.writers.write(doc._id, () =>
      takeStep({
        claims: this.versions,
        key: `${doc._id}@${expectedVersion + 1}`,
        apply: async () =>
          (await this.docs.replaceOne({ _id: doc._id, version: expectedVersion }, doc)).matchedCount === 1,
      }),
    );
  }

  /** The events of `version` are in the outbox and its audit entries in the chain: forget them (a later version keeps its own). */
  async clearPending(proceedingId: string, version: number): Promise<void> {
    await this.writers.write(proceedingId, () =>
      this.docs.updateOne({ _id: proceedingId, version }, { $set: { pending: [], pendingAudit: [], unsent: false } }),
    );
  }

  /** Proceedings with events not yet in the outbox (after a crash between a step and its announcement). */
  withPending(): Promise<ProceedingDoc[]> {
    return this.docs.find({ unsent: true }).toArray();
  }

  async hold(referrals: readonly HeldReferral[]): Promise<void> {
    await insertNew(this.held, referrals);
  }

  heldFor(officerId: string): Promise<HeldReferral[]> {
    return this.held.find({ officerId }).sort({ at: 1 }).toArray();
  }

  async release(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.held.deleteMany({ _id: { $in: [...ids] } });
  }
}
