import type { Collection, Filter } from 'mongodb';
import type { Store } from '@thads/store';
import type { Suppression, SuppressionState } from './suppression';

/** The stored form (`inspection_suppressions`, one per suppression; a few dozen a year). */
interface SuppressionDoc {
  _id: string;
  ruleId: string;
  unitId: string;
  reason: string;
  until: string;
  endsAt: Date;
  createdBy: string;
  createdAt: Date;
  state: SuppressionState;
  endedAt?: Date;
  endedBy?: string;
  liftReason?: string;
  released?: number;
}

function toSuppression(d: SuppressionDoc): Suppression {
  return {
    id: d._id,
    ruleId: d.ruleId,
    unitId: d.unitId,
    reason: d.reason,
    until: d.until,
    endsAt: d.endsAt.getTime(),
    createdBy: d.createdBy,
    createdAt: d.createdAt.getTime(),
    state: d.state,
    ...(d.endedAt ? { endedAt: d.endedAt.getTime() } : {}),
    ...(d.endedBy ? { endedBy: d.endedBy } : {}),
    ...(d.liftReason ? { liftReason: d.liftReason } : {}),
    ...(d.released !== undefined ? { released: d.released } : {}),
  };
}

export class SuppressionsRepository {
  constructor(private readonly store: Store) {}

  private get docs(): Collection<SuppressionDoc> {
    return this.store.collection<SuppressionDoc>('inspection_suppressions');
  }

  async insert(s: Suppression): Promise<void> {
    await this.docs.insertOne({
      _id: s.id,
      ruleId: s.ruleId,
      unitId: s.unitId,
      reason: s.reason,
      until: s.until,
      endsAt: new Date(s.endsAt),
      createdBy: s.createdBy,
      createdAt: new Date(s.createdAt),
      state: s.state,
    });
  }

  async find(id: string): Promise<Suppression | undefined> {
    const d = await this.docs.findOne({ _id: id });
    return d ? toSuppression(d) : undefined;
  }

  /** These suppressions, whatever their state (one read). */
  async findMany(ids: readonly string[]): Promise<Suppression[]> {
    if (ids.length === 0) return [];
    return (await this.docs.find({ _id: { $in: [...new Set(ids)] } }).toArray()).map(toSuppression);
  }

  /** Those not lifted or marked expired (some may be past their end date, their job not run yet). */
  async active(): Promise<Suppression[]> {
    return (await this.docs.find({ state: 'active' }).toArray()).map(toSuppression);
  }

  /** Every suppression, newest first, optionally of one rule or in one state (the caller filters by scope). */
  async all(filter: { ruleId?: string; state?: SuppressionState }): Promise<Suppression[]> {
    const q: Filter<SuppressionDoc> = {};
    if (filter.ruleId) q.ruleId = filter.ruleId;
    if (filter.state) q.state = filter.state;
    return (await this.docs.find(q).sort({ createdAt: -1, _id: 1 }).toArray()).map(toSuppression);
  }

  /** Ends an active suppression; false when it had ended already (lifted or expired meanwhile). */
  async end(
    id: string,
    to: Exclude<SuppressionState, 'active'>,
    at: number,
    by?: string,
    reason?: string,
  ): Promise<boolean> {
    const res = await this.docs.updateOne(
      { _id: id, state: 'active' },
      {
        $set: {
          state: to,
          endedAt: new Date(at),
          ...(by ? { endedBy: by } : {}),
          ...(reason ? { liftReason: reason } : {}),
        },
      },
    );
    return res.modifiedCount === 1;
  }

  /** Counts findings it gave back to the workflow. */
  async addReleased(id: string, n: number): Promise<void> {
    await this.docs.updateOne({ _id: id }, { $inc: { released: n } });
  }
}
