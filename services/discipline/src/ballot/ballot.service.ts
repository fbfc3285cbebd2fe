import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Principal } from '@thads/auth';
import { AppError, notFound, type Later } from '@thads/http';
import {
  cast,
  nextRound,
  openBox,
  recount,
  sealBox,
  transition,
  yetToVote,
  type BallotBox,
  type Round,
  type SealedRound,
} from '../domain';
import { disciplineEvent } from '../proceedings/announcements';
import { ProceedingAccess } from '../proceedings/proceeding-access';
import type { ProceedingDoc } from '../proceedings/proceeding-record';
import { ProceedingSteps, workedTheMatterOf, type StepContext } from '../proceedings/proceeding-steps.service';
import { refusalError } from '../proceedings/refusals';
import { BallotRepository } from './ballot.repository';
import { PublishedCommitments, SEALED_ACTION } from './published-commitment';
import { RoundLease } from './round-lease';
import { mayTake, roundMembers } from '../proceedings/step-rules';
import type { CastBody } from './schemas';

interface OpenRound {
  proceedingId: string;
  box: BallotBox;
  sealing?: Promise<void>;
  renewal: NodeJS.Timeout;
}

/** Where it was first: the round the council votes next (now in the domain, for the steps a caller may take). */
export { nextRound };

/**
 * The council's secret ballot, as ballot.ts requires: the box of an open round lives in this
 * process's memory only (a lease in Redis says which process); a cast is answered with accepted
 * or refused and nothing else; no cast body is logged, audited or stored. When the last member
 * has voted the round is sealed and written once — ballots without voters, voters without
 * ballots, the tally and its commitment — and the proceeding takes the round; `ballot.closed`
 * publishes the tally and the commitment, and the audit entry the sorted voters and the
 * commitment.
 */
@Injectable()
export class BallotService implements BeforeApplicationShutdown {
  private readonly log = new Logger('Ballot');
  private readonly open = new Map<string, OpenRound>();

  constructor(
    private readonly access: ProceedingAccess,
    private readonly steps: ProceedingSteps,
    private readonly ballots: BallotRepository,
    private readonly lease: RoundLease,
    private readonly published: PublishedCommitments,
  ) {}

  /**
   * Opens the next round in this process (again the same round after a restart lost its box). A
   * round whose records were written but whose step was not taken (a crash between the two) is
   * not opened again: its step is taken now from the stored records, and the round after it, if
   * any, is opened.
   */
  async openRound(principal: Principal, proceedingId: string) {
    const loaded = await this.access.load(proceedingId);
    const ctx = await this.steps.context(loaded.officerId, loaded.unitId, workedTheMatterOf(loaded));
    mayTake('openRound', this.access, principal, loaded, ctx);
    const doc = await this.recover(loaded);
    const next = nextRound(doc.proceeding);
    if (next === undefined)
      throw new AppError('PROCEEDING_STEP_REFUSED', {
        reason: `a ${doc.status} proceeding has no round to vote (round 1 after the meeting; round 2 after round 1 said discipline, or after a round 2 without a majority)`,
      });
    const { round } = next;
    const here = this.open.get(round.roundId);
    if (here === undefined) {
      if (!(await this.lease.take(round.roundId)))
        throw new AppError('ROUND_HELD_ELSEWHERE', { roundId: round.roundId });
      const renewal = setInterval(() => void this.keep(round.roundId), this.lease.renewEveryMs);
      renewal.unref();
      this.open.set(round.roundId, { proceedingId, box: openBox(round), renewal });
    }
    return this.roundInfo(this.open.get(round.roundId)!.box.round);
  }

  /** The round open for a member's council (what their client needs to draw a receipt), or `open: false` between rounds. */
  async current(principal: Principal, proceedingId: string) {
    const doc = await this.access.load(proceedingId);
    const next = nextRound(doc.proceeding);
    this.access.member(principal, doc, await this.access.snapshot(), roundMembers(doc));
    const open = next && this.open.get(next.round.roundId);
    if (next && !open && (await this.lease.holder(next.round.roundId)) === 'elsewhere')
      throw new AppError('ROUND_HELD_ELSEWHERE', { roundId: next.round.roundId });
    if (!open) return { open: false as const };
    return { open: true as const, ...this.roundInfo(open.box.round) };
  }

  /**
   * A member's ballot. Accepted or refused, nothing more; the same ballot sent again (a retry)
   * is accepted without a change. The ballot that completes the box seals the round.
   */
  async cast(principal: Principal, proceedingId: string, roundId: string, body: Later<CastBody>) {
    const doc = await this.access.load(proceedingId);
    const open = this.open.get(roundId);
    // A member of the council, while the proceeding has a round to vote (the rule of `allowedSteps`);
    // whether this round is the one open here is the box's to say.
    const ctx = await this.steps.context(doc.officerId, doc.unitId, workedTheMatterOf(doc));
    const { by: voter, body: ballot } = mayTake('vote', this.access, principal, doc, ctx, body);
    if (open === undefined || open.proceedingId !== proceedingId) {
      if ((await this.lease.holder(roundId)) === 'elsewhere') throw new AppError('ROUND_HELD_ELSEWHERE', { roundId });
      throw new AppError('BALLOT_REFUSED', { reason: `round ${roundId} is not open: the chair opens it` });
    }
    // The box here counts only while this process still holds the round: after a Redis outage
    // longer than the lease another process may have opened it (and it would count other ballots).
    await this.stillHeld(roundId);
    const result = cast(open.box, voter, { choice: ballot.choice, receipt: ballot.receipt });
    if (!result.ok) throw new AppError('BALLOT_REFUSED', { reason: result.message });
    open.box = result.box;
    if (yetToVote(open.box).length > 0) return { accepted: true as const };
    open.sealing ??= this.seal(doc, open).finally(() => {
      open.sealing = undefined;
    });
    try {
      await open.sealing;
    } catch (err) {
      // The round went elsewhere or was sealed with other ballots: the box here is gone.
      if (err instanceof AppError && (err.code === 'ROUND_HELD_ELSEWHERE' || err.code === 'BALLOT_REFUSED')) throw err;
      // The box stays in memory, complete: the same ballot sent again seals it then.
      this.log.error(`round ${roundId} could not be sealed yet: ${err instanceof Error ? err.message : String(err)}`);
      throw new AppError('UNAVAILABLE', {
        reason: 'the round is complete but could not be recorded: send your ballot again',
      });
    }
    return { accepted: true as const };
  }

  private async seal(doc: ProceedingDoc, open: OpenRound): Promise<void> {
    const answer = sealBox(open.box);
    if (!answer.ok) return;
    const sealed = answer.sealed;
    const { roundId } = sealed.seal;
    await this.stillHeld(roundId);
    // Written once: records found already (a seal repeated after a failure) must be these.
    const stored = await this.ballots.read(roundId);
    if (stored && stored.seal.commitment !== sealed.seal.commitment) {
      this.drop(roundId);
      throw new AppError('BALLOT_REFUSED', {
        reason: `round ${roundId} was sealed already with other ballots: the chair opens the next round`,
      });
    }
    if (!stored) await this.ballots.write(doc._id, sealed);
    await this.steps
      .apply(doc._id, 'system:ballot', (d, ctx) => this.sealStep(d, sealed, ctx))
      .catch((err: unknown) => {
        // Taken already (a repeated seal after a crash between the step and the release): done.
        if (err instanceof AppError && err.code === 'PROCEEDING_STEP_REFUSED' && isRecorded(err)) return;
        throw err;
      });
    clearInterval(open.renewal);
    this.open.delete(sealed.seal.roundId);
    await this.lease.release(sealed.seal.roundId).catch(() => undefined);
  }

  /**
   * Throws unless this process holds the round's lease now; a box whose lease is gone is
   * dropped (the chair opens the round again and the members send their ballots again).
   */
  private async stillHeld(roundId: string): Promise<void> {
    let holder: 'here' | 'elsewhere' | 'nobody';
    try {
      holder = await this.lease.holder(roundId);
    } catch (err) {
      // Not known: nothing is counted until it is (the box stays, the member sends again).
      throw new AppError('UNAVAILABLE', {
        reason: `the lease of round ${roundId} cannot be checked (${err instanceof Error ? err.message : String(err)}): send your ballot again`,
      });
    }
    if (holder === 'here') return;
    this.drop(roundId);
    this.log.warn(`round ${roundId}: this process no longer holds its lease (${holder}): its box is dropped`);
    if (holder === 'elsewhere') throw new AppError('ROUND_HELD_ELSEWHERE', { roundId });
    throw new AppError('BALLOT_REFUSED', {
      reason: `round ${roundId} lapsed on this instance (its lease expired): the chair opens it again and the members send their ballots again`,
    });
  }

  /**
   * Renews a round's lease. A renewal refused (the lease lapsed, maybe taken elsewhere) drops the
   * box; one that fails (Redis away) is logged, and the next cast or the close checks again.
   */
  private async keep(roundId: string): Promise<void> {
    try {
      if (await this.lease.renew(roundId)) return;
      this.log.warn(`round ${roundId}: its lease lapsed; the box here is dropped`);
      this.drop(roundId);
    } catch (err) {
      this.log.warn(
        `round ${roundId}: the lease could not be renewed (${err instanceof Error ? err.message : String(err)}); casts check it again`,
      );
    }
  }

  private drop(roundId: string): void {
    const open = this.open.get(roundId);
    if (open === undefined) return;
    clearInterval(open.renewal);
    this.open.delete(roundId);
  }

  /**
   * A crash between writing a round's records and taking its step leaves the records stored and
   * the proceeding before the round: the step is taken from the stored records (which must
   * recount to their own seal), so that a re-run converges on what was written instead of
   * opening the round again over it.
   */
  private async recover(doc: ProceedingDoc): Promise<ProceedingDoc> {
    const next = nextRound(doc.proceeding);
    if (next === undefined) return doc;
    const stored = await this.ballots.read(next.round.roundId);
    if (stored === undefined || stored.proceedingId !== doc._id) return doc;
    this.log.warn(`round ${next.round.roundId} was written but not recorded on ${doc._id}: recording it now`);
    return this.steps
      .apply(doc._id, 'system:ballot', (d, ctx) => this.sealStep(d, stored, ctx))
      .catch(async (err: unknown) => {
        if (err instanceof AppError && err.code === 'PROCEEDING_STEP_REFUSED' && isRecorded(err))
          return this.access.load(doc._id);
        throw err;
      });
  }

  /**
   * Open rounds die with the process (nothing of them was written): their leases are given back
   * so that the rounds can be opened again at once, and the members' clients send their ballots
   * again.
   */
  async beforeApplicationShutdown(): Promise<void> {
    for (const [roundId, open] of this.open) {
      clearInterval(open.renewal);
      await this.lease.release(roundId).catch(() => undefined);
    }
    this.open.clear();
  }

  private sealStep(d: ProceedingDoc, sealed: SealedRound, ctx: StepContext) {
    if (d.proceeding.rounds.some((r) => r.roundId === sealed.seal.roundId))
      throw new AppError('PROCEEDING_STEP_REFUSED', { reason: 'recorded' }, { details: { recorded: true } });
    const to = sealed.seal.question === 'discipline' ? ('round_1' as const) : ('round_2' as const);
    const step = transition(d.proceeding, { to, sealed }, { limits: ctx.limits, org: ctx.council });
    if (!step.ok) throw refusalError(step.refusal);
    const about = { proceedingId: d._id, officerId: d.officerId, unitId: d.unitId };
    const { seal } = sealed;
    return {
      proceeding: step.proceeding,
      events: (version: number, at: number) => [
        disciplineEvent('ballot.closed', about, `v${version}:${seal.roundId}`, at, {
          round: to === 'round_1' ? (1 as const) : (2 as const),
          tally: { ...seal.tally },
          commitment: seal.commitment,
          result: seal.result.outcome,
        }),
      ],
      // Who voted (sorted) and the commitment: never a choice next to a name.
      audit: {
        action: SEALED_ACTION,
        after: { roundId: seal.roundId, voters: [...seal.members], tally: seal.tally, commitment: seal.commitment },
      },
    };
  }

  /**
   * A sealed round's records, for anyone who reads the proceeding to verify a receipt or recount.
   * The recount is checked against the commitment published at the close, as the audit chain
   * recorded it (`PublishedCommitments`), not against the copies in the store (the seal, the
   * proceeding's rounds), which whoever rewrites the ballots could rewrite as well.
   */
  async record(principal: Principal, proceedingId: string, roundId: string) {
    const doc = await this.access.subjectOrReader(principal, proceedingId);
    const held = doc.proceeding.rounds.find((r) => r.roundId === roundId);
    const sealed = held && (await this.ballots.read(roundId));
    if (!held || !sealed || sealed.proceedingId !== proceedingId) throw notFound(`sealed round ${roundId}`);
    const published = await this.published.of(proceedingId, roundId);
    const counted = recount(sealed, published.ok ? published.commitment : undefined);
    return {
      ...sealed,
      ...(published.ok ? { published: published.commitment } : {}),
      recount: {
        ok: counted.ok && published.ok,
        tally: counted.tally,
        commitment: counted.commitment,
        problems: published.ok
          ? counted.problems
          : [...counted.problems, { code: published.code, message: published.message }],
      },
    };
  }

  private roundInfo(round: Round) {
    return {
      roundId: round.roundId,
      question: round.question,
      choices: [...round.choices],
      members: round.members.length,
    };
  }
}

/** The refusal of a round the proceeding has recorded already. */
function isRecorded(err: AppError): boolean {
  return err.extra.details?.['recorded'] === true;
}
