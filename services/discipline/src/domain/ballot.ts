/**
 * The council's secret ballot (DOMAIN.md: "secret ballot, first on whether to discipline, then on
 * the form"), built so that the stored records never link a ballot to a member, each member can
 * check that their ballot was counted as cast, and anyone can recount.
 *
 * ## Scheme
 *
 * - The member's client draws a secret nonce (32 random bytes), computes the receipt
 *   `SHA-256("discipline-ballot/v1" | roundId | choice | nonce)` and sends `{ choice, receipt }`.
 *   The nonce never leaves the client; the client keeps `{ roundId, choice, nonce }` until it
 *   sees the round sealed.
 * - The service collects the round in a `BallotBox` **in memory and nowhere else**. The box holds
 *   who has voted (sorted by officer id) and the ballots (sorted by receipt), never a pair of the
 *   two, and nothing in it records when or in which order anything arrived.
 * - When every member has voted the box is sealed (`sealBox`) and written once, in one document
 *   or one insert per collection:
 *   - participation records `{ roundId, officerId }`, sorted by officer id;
 *   - ballot records `{ ballotId, roundId, choice, receipt }`, sorted by `ballotId`, which is
 *     `SHA-256("ballot-id/v1" | roundId | receipt)`: derived from the receipt, so it is as
 *     unpredictable as the nonce and a repeated write after a crash collapses onto the same
 *     records (insert, a duplicate means done);
 *   - the seal `{ roundId, question, choices, members, tally, result, commitment }`.
 *   Everything written is a function of the round and of the *set* of `{ choice, receipt }`:
 *   who cast which ballot, and in what order, changes no byte (the spec proves it over every
 *   assignment and order). No timestamp, sequence or insertion order exists to correlate.
 * - The commitment is `SHA-256` over the round, its choices, its members, the tally, and every
 *   ballot's `(receipt, choice)` pair sorted by receipt. It goes into the minutes that the three
 *   members sign, into the audit trail, and onto `integrity.discipline.v1` (`ballot.closed`).
 *
 * ## Checks
 *
 * - A member verifies (`verifyReceipt`) with what their client kept: their receipt must be among
 *   the stored ballots with their choice. A changed choice leaves the receipt in place next to a
 *   choice the member did not make (`choice_altered`); a ballot removed, or replaced by another
 *   receipt, shows as `not_counted`.
 * - Anyone recounts (`recount`) from the stored records: tally, result and commitment are
 *   recomputed and compared with the seal and with the commitment published at the close. A
 *   changed choice changes the committed `(receipt, choice)` list, so the commitment differs
 *   even when the counts do not (two choices swapped). Without the nonce nobody but the member
 *   can tell that a receipt matches its choice: that is why the commitment binds the pairs, and
 *   why the published commitment, not the stored seal, is the reference for a recount (an
 *   administrator able to rewrite the ballots could rewrite the stored seal too, but not the
 *   signed minutes, the audit chain or the topic, nor the members' own verification).
 *
 * ## Ties and abstentions
 *
 * - The majority is more than half of the council (2 of 3), whoever abstains: a member who
 *   abstains does not support the measure.
 * - Round 1 disciplines only with a majority of `discipline` votes; anything else (including
 *   1–1 with an abstention) is no discipline. Discipline is a burden on the subject: without a
 *   majority for it, there is none.
 * - Round 2 takes the heaviest form that a majority supports, reading a vote for a form as
 *   support for that form and every lighter one (a member who wants a dismissal also agrees that
 *   the breach deserves at least a warning). Counted from the heaviest form down, the first form
 *   at which the votes reach a majority wins: with three votes, the middle one. Abstentions
 *   support no form; when they keep every form short of a majority the result is `no_majority`
 *   and the council votes round 2 again.
 *
 * ## Threat model: what this does not protect against
 *
 * - Whoever controls the running service process, or the TLS-terminating proxy in front of it,
 *   sees each cast request with its sender while the round is open. Secrecy against them would
 *   need anonymous credentials (blind signatures) on the members' clients; out of scope.
 * - A store administrator learns nothing while a round is open, because nothing of it is
 *   written until the seal; afterwards the records hold no link. (The design the issue
 *   suggested, one ballot written per cast, links the first voter to the only ballot for anyone
 *   who reads the store once mid-round, and the rest by write order, oplog or WAL history.)
 * - The tally is public: a unanimous round reveals every vote, and a 2–1 round tells the
 *   minority member's choice to the two others. Inherent to counting three votes.
 * - Receipts are not receipt-free: a member can prove their own vote to a third party by
 *   showing the nonce. Accepted for a council of three; refusing it would cost verifiability.
 * - A client that draws a weak nonce (or none) makes its receipt guessable from the choice:
 *   that harms its own member's secrecy only. `newNonce` draws 32 bytes from the OS.
 *
 * ## What the service must do (and must not)
 *
 * - Keep the box in memory only: not in the store, Redis, a queue, a log or an audit entry. Log
 *   no cast body; audit the round once, at the seal, with the sorted voters and the commitment.
 * - Serve all cast calls of a round from one process (the instance that opened it; a lease on
 *   the round). After a restart the box is empty and nothing was written: the clients, which
 *   still hold `{ choice, nonce }`, send the same ballots again, and the members whose client
 *   lost them vote again. No partial round ever reaches the store.
 * - Answer a cast only with accepted or refused, never with who else has voted or how.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DisciplineForm } from '@thads/contracts';
import { DISCIPLINE_FORMS } from './regime';

export const QUESTIONS = ['discipline', 'form'] as const;
export type Question = (typeof QUESTIONS)[number];

export const ABSTAIN = 'abstain';
export const ROUND_ONE_CHOICES = ['discipline', 'no_discipline', ABSTAIN] as const;

export interface Round {
  roundId: string;
  question: Question;
  /** The council members' officer ids: exactly they may vote, once each. */
  members: readonly string[];
  /** What may be chosen: round 1 the three above; round 2 the allowed forms, lightest first, and `abstain`. */
  choices: readonly string[];
}

/** Round 1: whether to discipline. */
export function roundOne(roundId: string, members: readonly string[]): Round {
  return { roundId, question: 'discipline', members: [...members].sort(), choices: ROUND_ONE_CHOICES };
}

/** Round 2: which form, among those allowed (lightest first). */
export function roundTwo(roundId: string, members: readonly string[], forms: readonly DisciplineForm[]): Round {
  const ordered = DISCIPLINE_FORMS.filter((f) => forms.includes(f));
  return { roundId, question: 'form', members: [...members].sort(), choices: [...ordered, ABSTAIN] };
}

/** More than half of the council, whoever abstains. */
export function majorityOf(members: number): number {
  return Math.floor(members / 2) + 1;
}

const HEX64 = /^[0-9a-f]{64}$/;

function sha256(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

// ---- the member's client --------------------------------------------------------------------

/** A fresh secret nonce for one ballot (the member's client draws it and keeps it). */
export function newNonce(): string {
  return randomBytes(32).toString('hex');
}

/** What the member's client keeps until the round is sealed, and uses to verify after. */
export interface MyBallot {
  roundId: string;
  choice: string;
  nonce: string;
}

export function receiptFor(b: MyBallot): string {
  if (!HEX64.test(b.nonce)) throw new RangeError('a nonce is 32 random bytes in lowercase hex');
  return sha256('discipline-ballot/v1', b.roundId, b.choice, b.nonce);
}

/** What the client sends: the choice and the receipt, never the nonce. */
export interface CastBallot {
  choice: string;
  receipt: string;
}

export function castBallotOf(b: MyBallot): CastBallot {
  return { choice: b.choice, receipt: receiptFor(b) };
}

// ---- the box, in the service's memory -------------------------------------------------------

export interface BallotBox {
  round: Round;
  /** Who has voted, sorted by officer id. */
  voters: readonly string[];
  /** The ballots, sorted by receipt: no position says who cast it or when. */
  ballots: readonly CastBallot[];
}

export function openBox(round: Round): BallotBox {
  return { round, voters: [], ballots: [] };
}

export type CastRefusal =
  'not_a_member' | 'already_voted' | 'choice_not_offered' | 'malformed_receipt' | 'receipt_taken';

export type CastResult =
  { ok: true; box: BallotBox; repeated: boolean } | { ok: false; code: CastRefusal; message: string };

const byReceipt = (a: { receipt: string }, b: { receipt: string }) =>
  a.receipt < b.receipt ? -1 : a.receipt > b.receipt ? 1 : 0;

/**
 * Puts a member's ballot in the box. The same ballot sent again by the same member (a retry) is
 * accepted without a change (`repeated`); a second, different ballot is refused.
 */
export function cast(box: BallotBox, voterId: string, ballot: CastBallot): CastResult {
  const { round } = box;
  if (!round.members.includes(voterId))
    return { ok: false, code: 'not_a_member', message: 'only the council members vote' };
  if (!round.choices.includes(ballot.choice))
    return { ok: false, code: 'choice_not_offered', message: `choose one of ${round.choices.join(', ')}` };
  if (!HEX64.test(ballot.receipt))
    return { ok: false, code: 'malformed_receipt', message: 'a receipt is a SHA-256 digest in lowercase hex' };
  const sameReceipt = box.ballots.find((b) => b.receipt === ballot.receipt);
  if (box.voters.includes(voterId)) {
    if (sameReceipt?.choice === ballot.choice) return { ok: true, box, repeated: true };
    return { ok: false, code: 'already_voted', message: 'each member votes once in a round' };
  }
  if (sameReceipt !== undefined)
    return { ok: false, code: 'receipt_taken', message: 'this receipt is already in the box: draw a new nonce' };
  return {
    ok: true,
    repeated: false,
    box: {
      round,
      voters: [...box.voters, voterId].sort(),
      ballots: [...box.ballots, { ...ballot }].sort(byReceipt),
    },
  };
}

/** The members who have not voted yet (who voted is not secret; how is). */
export function yetToVote(box: BallotBox): string[] {
  return box.round.members.filter((m) => !box.voters.includes(m));
}

// ---- what is stored -------------------------------------------------------------------------

export interface ParticipationRecord {
  roundId: string;
  officerId: string;
}

export interface BallotRecord {
  ballotId: string;
  roundId: string;
  choice: string;
  receipt: string;
}

export type RoundResult =
  | { question: 'discipline'; outcome: 'discipline' | 'no_discipline' }
  | { question: 'form'; outcome: DisciplineForm | 'no_majority' };

export interface RoundSeal {
  roundId: string;
  question: Question;
  choices: readonly string[];
  /** Sorted officer ids. */
  members: readonly string[];
  /** Choice → count, every offered choice present, in the order of `choices`. */
  tally: Readonly<Record<string, number>>;
  result: RoundResult;
  commitment: string;
}

export interface SealedRound {
  seal: RoundSeal;
  participations: ParticipationRecord[];
  ballots: BallotRecord[];
}

export function ballotIdFor(roundId: string, receipt: string): string {
  return sha256('ballot-id/v1', roundId, receipt).slice(0, 32);
}

/** Counts per offered choice, in the order of `choices`; a ballot with another choice is left out. */
export function tally(choices: readonly string[], ballots: readonly { choice: string }[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(choices.map((c) => [c, 0]));
  for (const b of ballots) if (choices.includes(b.choice)) counts[b.choice] = (counts[b.choice] ?? 0) + 1;
  return counts;
}

/** The result of a round from its counts (see "Ties and abstentions" above). */
export function resultOf(
  question: Question,
  choices: readonly string[],
  counts: Readonly<Record<string, number>>,
  members: number,
): RoundResult {
  const majority = majorityOf(members);
  if (question === 'discipline')
    return { question, outcome: (counts['discipline'] ?? 0) >= majority ? 'discipline' : 'no_discipline' };
  const forms = DISCIPLINE_FORMS.filter((f) => choices.includes(f));
  let support = 0;
  for (const form of [...forms].reverse()) {
    support += counts[form] ?? 0;
    if (support >= majority) return { question, outcome: form };
  }
  return { question, outcome: 'no_majority' };
}

/** The commitment over a round's outcome and every (receipt, choice) pair. */
export function commitmentFor(
  seal: Pick<RoundSeal, 'roundId' | 'question' | 'choices' | 'members' | 'tally'>,
  ballots: readonly { receipt: string; choice: string }[],
): string {
  const pairs = [...ballots].sort(byReceipt).map((b) => [b.receipt, b.choice]);
  const body = JSON.stringify([
    'discipline-ballot-commitment/v1',
    seal.roundId,
    seal.question,
    seal.choices,
    [...seal.members].sort(),
    seal.choices.map((c) => [c, seal.tally[c] ?? 0]),
    pairs,
  ]);
  return sha256(body);
}

export type SealAnswer = { ok: true; sealed: SealedRound } | { ok: false; code: 'not_all_voted'; missing: number };

/**
 * The records to write when the round closes. Refused until every member has voted: the
 * council meets only complete, a member who will not choose abstains, and a partial round
 * would weaken secrecy (one ballot, one voter).
 */
export function sealBox(box: BallotBox): SealAnswer {
  const { round } = box;
  const missing = yetToVote(box).length;
  if (missing > 0) return { ok: false, code: 'not_all_voted', missing };
  const members = [...round.members].sort();
  const counts = tally(round.choices, box.ballots);
  const result = resultOf(round.question, round.choices, counts, members.length);
  const base = {
    roundId: round.roundId,
    question: round.question,
    choices: [...round.choices],
    members,
    tally: counts,
  };
  const ballots = box.ballots
    .map((b) => ({
      ballotId: ballotIdFor(round.roundId, b.receipt),
      roundId: round.roundId,
      choice: b.choice,
      receipt: b.receipt,
    }))
    .sort((a, b) => (a.ballotId < b.ballotId ? -1 : a.ballotId > b.ballotId ? 1 : 0));
  return {
    ok: true,
    sealed: {
      seal: { ...base, result, commitment: commitmentFor(base, box.ballots) },
      participations: box.voters.map((officerId) => ({ roundId: round.roundId, officerId })),
      ballots,
    },
  };
}

// ---- verification ---------------------------------------------------------------------------

export type ReceiptCheck =
  { ok: true; ballotId: string } | { ok: false; code: 'not_counted' | 'choice_altered'; message: string };

/** A member's check, with what their client kept, that their ballot was counted as cast. */
export function verifyReceipt(ballots: readonly BallotRecord[], mine: MyBallot): ReceiptCheck {
  const receipt = receiptFor(mine);
  const stored = ballots.find((b) => b.roundId === mine.roundId && b.receipt === receipt);
  if (stored === undefined) return { ok: false, code: 'not_counted', message: 'no stored ballot carries your receipt' };
  if (stored.choice !== mine.choice)
    return {
      ok: false,
      code: 'choice_altered',
      message: `your ballot is stored with "${stored.choice}", not "${mine.choice}"`,
    };
  return { ok: true, ballotId: stored.ballotId };
}

export type RecountProblem =
  | { code: 'wrong_round'; ballotId: string }
  | { code: 'malformed_receipt'; ballotId: string }
  | { code: 'duplicate_receipt'; ballotId: string }
  | { code: 'ballot_id_mismatch'; ballotId: string }
  | { code: 'choice_not_offered'; ballotId: string }
  | { code: 'voters_differ_from_members'; voters: number; members: number }
  | { code: 'ballots_differ_from_voters'; ballots: number; voters: number }
  | { code: 'tally_differs' }
  | { code: 'result_differs' }
  | { code: 'commitment_differs_from_seal' }
  | { code: 'commitment_differs_from_published' };

export interface Recount {
  ok: boolean;
  tally: Record<string, number>;
  result: RoundResult;
  commitment: string;
  problems: RecountProblem[];
}

/**
 * Recounts a sealed round from its stored records, as anyone may: every ballot well-formed and
 * of this round, one ballot per voter and every member a voter, and the tally, result and
 * commitment recomputed. `published` is the commitment announced at the close (minutes, audit
 * trail, `ballot.closed`): the reference that a rewrite of the store cannot reach.
 */
export function recount(sealed: SealedRound, published?: string): Recount {
  const { seal, ballots, participations } = sealed;
  const problems: RecountProblem[] = [];
  const seen = new Set<string>();
  for (const b of ballots) {
    if (b.roundId !== seal.roundId) problems.push({ code: 'wrong_round', ballotId: b.ballotId });
    if (!HEX64.test(b.receipt)) problems.push({ code: 'malformed_receipt', ballotId: b.ballotId });
    if (seen.has(b.receipt)) problems.push({ code: 'duplicate_receipt', ballotId: b.ballotId });
    seen.add(b.receipt);
    if (b.ballotId !== ballotIdFor(seal.roundId, b.receipt))
      problems.push({ code: 'ballot_id_mismatch', ballotId: b.ballotId });
    if (!seal.choices.includes(b.choice)) problems.push({ code: 'choice_not_offered', ballotId: b.ballotId });
  }
  const voters = new Set(participations.filter((p) => p.roundId === seal.roundId).map((p) => p.officerId));
  if (voters.size !== seal.members.length || seal.members.some((m) => !voters.has(m)))
    problems.push({ code: 'voters_differ_from_members', voters: voters.size, members: seal.members.length });
  if (ballots.length !== voters.size)
    problems.push({ code: 'ballots_differ_from_voters', ballots: ballots.length, voters: voters.size });
  const counts = tally(seal.choices, ballots);
  const result = resultOf(seal.question, seal.choices, counts, seal.members.length);
  if (seal.choices.some((c) => counts[c] !== seal.tally[c]) || Object.keys(seal.tally).length !== seal.choices.length)
    problems.push({ code: 'tally_differs' });
  if (result.outcome !== seal.result.outcome) problems.push({ code: 'result_differs' });
  const commitment = commitmentFor({ ...seal, tally: counts }, ballots);
  if (commitment !== seal.commitment) problems.push({ code: 'commitment_differs_from_seal' });
  if (published !== undefined && commitment !== published) problems.push({ code: 'commitment_differs_from_published' });
  return { ok: problems.length === 0, tally: counts, result, commitment, problems };
}
