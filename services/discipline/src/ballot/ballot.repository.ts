import { Inject, Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import { Store, insertNew } from '@thads/store';
import type { BallotRecord, ParticipationRecord, RoundSeal, SealedRound } from '../domain';

type SealDoc = RoundSeal & { _id: string; proceedingId: string };
type BallotDoc = BallotRecord & { _id: string };
type ParticipationDoc = ParticipationRecord & { _id: string };

/**
 * A sealed round in the store, written once when it is complete and never changed (ballot.ts):
 * the seal (`ballot_seals`), the ballots (`ballots`: id, round, choice, receipt — nothing that
 * names or orders a voter) and who took part (`ballot_participations`). Every write is a
 * function of the round and of the set of ballots, with ids derived from them, so a write
 * repeated after a crash collapses onto the same records.
 */
@Injectable()
export class BallotRepository {
  constructor(@Inject(Store) private readonly store: Store) {}

  private get seals(): Collection<SealDoc> {
    return this.store.collection<SealDoc>('ballot_seals');
  }

  private get ballots(): Collection<BallotDoc> {
    return this.store.collection<BallotDoc>('ballots');
  }

  private get participations(): Collection<ParticipationDoc> {
    return this.store.collection<ParticipationDoc>('ballot_participations');
  }

  /** One insert per collection, each already sorted by id (no insertion order to correlate). */
  async write(proceedingId: string, sealed: SealedRound): Promise<void> {
    await insertNew(
      this.ballots,
      sealed.ballots.map((b) => ({ _id: b.ballotId, ...b })),
    );
    await insertNew(
      this.participations,
      sealed.participations.map((p) => ({ _id: `${p.roundId}:${p.officerId}`, ...p })),
    );
    // The seal last: a round whose seal is stored has all its records.
    await insertNew(this.seals, [{ _id: sealed.seal.roundId, proceedingId, ...sealed.seal }]);
  }

  async read(roundId: string): Promise<(SealedRound & { proceedingId: string }) | undefined> {
    const seal = await this.seals.findOne({ _id: roundId });
    if (!seal) return undefined;
    const [ballots, participations] = await Promise.all([
      this.ballots.find({ roundId }).sort({ _id: 1 }).toArray(),
      this.participations.find({ roundId }).sort({ _id: 1 }).toArray(),
    ]);
    const { _id: _s, proceedingId, ...rest } = seal;
    return {
      proceedingId,
      seal: rest,
      ballots: ballots.map(({ _id: _b, ...b }) => b),
      participations: participations.map(({ _id: _p, ...p }) => p),
    };
  }
}
