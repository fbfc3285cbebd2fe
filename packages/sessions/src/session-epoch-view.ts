import type { Collection } from 'mongodb';
import type { SessionEpochMessage } from '@thads/contracts';
import type { Store } from '@thads/store';

interface EpochDoc {
  /** The user. */
  _id: string;
  epoch: number;
}

/**
 * The session epoch of each user as a service keeps it for itself (`session_epochs`, in its own
 * store) from `integrity.sessions.v1`: the highest epoch read per user. A user with no document
 * never had their epoch raised (epoch 0). Shared by every instance of the service, like its
 * other views; one read by `_id` per request, as the issuer reads its user.
 */
export class SessionEpochView {
  constructor(private readonly store: Store) {}

  private get epochs(): Collection<EpochDoc> {
    return this.store.collection<EpochDoc>('session_epochs');
  }

  /**
   * Keeps the highest epoch per user: `$max`, so a late or repeated message (re-published at the
   * issuer's start, delivered twice, reordered between two issuer instances) never lowers it.
   */
  async apply(messages: readonly SessionEpochMessage[]): Promise<void> {
    const highest = new Map<string, number>();
    for (const m of messages) highest.set(m.userId, Math.max(highest.get(m.userId) ?? 0, m.epoch));
    for (const [userId, epoch] of highest)
      await this.epochs.updateOne({ _id: userId }, { $max: { epoch } }, { upsert: true });
  }

  /** The user's current epoch: 0 when it was never raised. */
  async epochOf(userId: string): Promise<number> {
    const doc = await this.epochs.findOne({ _id: userId });
    return doc?.epoch ?? 0;
  }
}
