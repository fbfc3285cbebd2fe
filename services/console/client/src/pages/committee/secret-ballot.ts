/**
 * The member's side of the council's secret ballot, in the browser (WebCrypto), byte for byte
 * the protocol of services/discipline/src/domain/ballot.ts:
 *
 * - the browser draws a nonce of 32 random bytes (`crypto.getRandomValues`), computes the
 *   receipt `SHA-256("discipline-ballot/v1" \0 roundId \0 choice \0 nonce)` and sends
 *   `{ choice, receipt }` — never the nonce;
 * - once the round is sealed, the member checks that their receipt is among the stored ballots
 *   with their choice (`verifyReceipt`), and the browser recounts the stored ballots itself
 *   (`recountInBrowser`): the tally, the result and the commitment, compared with the commitment
 *   published at the close — not only with what the service says its own recount found.
 *
 * ## What the browser keeps, and where
 *
 * `{ roundId, choice, nonce, receipt }` in **sessionStorage**, under the member's officer id,
 * until the member has seen their ballot counted; then it is deleted. Not localStorage and not
 * the server: once the round is sealed the receipt sits in the public ballots next to its
 * choice, so whoever reads a stored receipt (or choice) learns how the member voted. sessionStorage
 * belongs to this one tab and is gone when the tab closes, so a shared office laptop does not
 * keep it for the next person; it survives a reload, which the protocol needs: when the service
 * restarts with the round open, the box is lost and the same ballot must be sent again, and
 * after the seal the kept ballot is what the member verifies with. A member who closed the tab
 * verifies with the receipt they copied and the choice they remember (`verifyCopiedReceipt`).
 *
 * Pure apart from the `Crypto` and `Storage` it is given; unit-tested against the domain's own
 * functions (secret-ballot.spec.ts).
 */

export const ABSTAIN = 'abstain';

/** What the member's browser keeps until it has seen the ballot counted. */
export interface MyBallot {
  roundId: string;
  choice: string;
  nonce: string;
}

export interface KeptBallot extends MyBallot {
  receipt: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/**
 * WebCrypto's digest needs a secure context (HTTPS, or localhost): on plain HTTP over the
 * network `crypto.subtle` is undefined, and a ballot cannot be drawn safely there.
 */
function subtleOf(c: Crypto): SubtleCrypto {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined outside a secure context
  if (!c.subtle) throw new InsecureContextError();
  return c.subtle;
}

export class InsecureContextError extends Error {
  constructor() {
    super('the secret ballot needs a secure connection (HTTPS): this browser offers no SHA-256 here');
    this.name = 'InsecureContextError';
  }
}

async function sha256(c: Crypto, ...parts: string[]): Promise<string> {
  return hex(await subtleOf(c).digest('SHA-256', new TextEncoder().encode(parts.join('\u0000'))));
}

/** A fresh secret nonce: 32 bytes from the browser's cryptographic generator, lowercase hex. */
export function newNonce(c: Crypto = globalThis.crypto): string {
  return hex(c.getRandomValues(new Uint8Array(32)));
}

/** The receipt of a ballot, as ballot.ts's `receiptFor` computes it. */
export async function receiptFor(b: MyBallot, c: Crypto = globalThis.crypto): Promise<string> {
  if (!HEX64.test(b.nonce)) throw new RangeError('a nonce is 32 random bytes in lowercase hex');
  return sha256(c, 'discipline-ballot/v1', b.roundId, b.choice, b.nonce);
}

/** A new ballot for `choice` in `roundId`: what to keep and what to send (`{ choice, receipt }`). */
export async function drawBallot(roundId: string, choice: string, c: Crypto = globalThis.crypto): Promise<KeptBallot> {
  const mine = { roundId, choice, nonce: newNonce(c) };
  return { ...mine, receipt: await receiptFor(mine, c) };
}

// ---- verification ---------------------------------------------------------------------------

export interface StoredBallot {
  ballotId: string;
  roundId: string;
  choice: string;
  receipt: string;
}

export type ReceiptCheck =
  | { ok: true; ballotId: string }
  | { ok: false; code: 'not_counted' }
  | { ok: false; code: 'choice_altered'; stored: string };

function check(ballots: readonly StoredBallot[], roundId: string, receipt: string, choice: string): ReceiptCheck {
  const stored = ballots.find((b) => b.roundId === roundId && b.receipt === receipt);
  if (stored === undefined) return { ok: false, code: 'not_counted' };
  if (stored.choice !== choice) return { ok: false, code: 'choice_altered', stored: stored.choice };
  return { ok: true, ballotId: stored.ballotId };
}

/** The member's check (ballot.ts `verifyReceipt`): the receipt recomputed from what was kept is stored with the choice made. */
export async function verifyReceipt(
  ballots: readonly StoredBallot[],
  mine: MyBallot,
  c: Crypto = globalThis.crypto,
): Promise<ReceiptCheck> {
  return check(ballots, mine.roundId, await receiptFor(mine, c), mine.choice);
}

/** The same check with a receipt the member copied and the choice they remember (the nonce is gone with the tab). */
export function verifyCopiedReceipt(
  ballots: readonly StoredBallot[],
  roundId: string,
  receipt: string,
  choice: string,
): ReceiptCheck {
  return check(ballots, roundId, receipt.trim().toLowerCase(), choice);
}

export interface SealedRecord {
  seal: {
    roundId: string;
    question: string;
    choices: readonly string[];
    members: readonly string[];
    tally: Readonly<Record<string, number>>;
    result: { outcome: string };
    commitment: string;
  };
  ballots: readonly StoredBallot[];
  participations: readonly { roundId: string; officerId: string }[];
  /** The commitment published at the close, as the audit chain vouches for it; absent when it does not. */
  published?: string;
}

export interface BrowserRecount {
  ok: boolean;
  tally: Record<string, number>;
  outcome: string;
  commitment: string;
  problems: string[];
}

const byReceipt = (a: { receipt: string }, b: { receipt: string }) =>
  a.receipt < b.receipt ? -1 : a.receipt > b.receipt ? 1 : 0;

/** Counts per offered choice, in the order of `choices` (ballot.ts `tally`). */
export function tallyOf(choices: readonly string[], ballots: readonly { choice: string }[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(choices.map((c) => [c, 0]));
  for (const b of ballots) if (choices.includes(b.choice)) counts[b.choice] = (counts[b.choice] ?? 0) + 1;
  return counts;
}

/**
 * The result from the counts (ballot.ts `resultOf`): round 1 disciplines with a majority of the
 * council; round 2 takes the heaviest form a majority supports, a vote for a form counting for
 * every lighter one. Round 2's choices are the forms lightest first, then `abstain`, so their
 * order is the forms' order.
 */
export function outcomeOf(
  question: string,
  choices: readonly string[],
  counts: Readonly<Record<string, number>>,
  members: number,
): string {
  const majority = Math.floor(members / 2) + 1;
  if (question === 'discipline') return (counts['discipline'] ?? 0) >= majority ? 'discipline' : 'no_discipline';
  let support = 0;
  for (const form of choices.filter((c) => c !== ABSTAIN).reverse()) {
    support += counts[form] ?? 0;
    if (support >= majority) return form;
  }
  return 'no_majority';
}

/** The commitment over the round and every (receipt, choice) pair (ballot.ts `commitmentFor`). */
export async function commitmentFor(
  seal: Pick<SealedRecord['seal'], 'roundId' | 'question' | 'choices' | 'members' | 'tally'>,
  ballots: readonly { receipt: string; choice: string }[],
  c: Crypto = globalThis.crypto,
): Promise<string> {
  const pairs = [...ballots].sort(byReceipt).map((b) => [b.receipt, b.choice]);
  const body = JSON.stringify([
    'discipline-ballot-commitment/v1',
    seal.roundId,
    seal.question,
    seal.choices,
    [...seal.members].sort(),
    seal.choices.map((ch) => [ch, seal.tally[ch] ?? 0]),
    pairs,
  ]);
  return sha256(c, body);
}

/**
 * The recount the member's browser does on its own from the stored records: one ballot per
 * member, the tally, the result, and the commitment against the one published at the close.
 * The problems are named by ballot.ts's codes, and `not_published` when the service could not
 * vouch for a published commitment (its audit chain broken or without the seal).
 */
export async function recountInBrowser(record: SealedRecord, c: Crypto = globalThis.crypto): Promise<BrowserRecount> {
  const { seal, ballots, participations, published } = record;
  const problems: string[] = [];
  if (ballots.some((b) => b.roundId !== seal.roundId)) problems.push('wrong_round');
  if (ballots.some((b) => !HEX64.test(b.receipt))) problems.push('malformed_receipt');
  if (new Set(ballots.map((b) => b.receipt)).size !== ballots.length) problems.push('duplicate_receipt');
  if (ballots.some((b) => !seal.choices.includes(b.choice))) problems.push('choice_not_offered');
  const voters = new Set(participations.filter((p) => p.roundId === seal.roundId).map((p) => p.officerId));
  if (voters.size !== seal.members.length || seal.members.some((m) => !voters.has(m)))
    problems.push('voters_differ_from_members');
  if (ballots.length !== voters.size) problems.push('ballots_differ_from_voters');
  const tally = tallyOf(seal.choices, ballots);
  if (seal.choices.some((ch) => tally[ch] !== seal.tally[ch]) || Object.keys(seal.tally).length !== seal.choices.length)
    problems.push('tally_differs');
  const outcome = outcomeOf(seal.question, seal.choices, tally, seal.members.length);
  if (outcome !== seal.result.outcome) problems.push('result_differs');
  const commitment = await commitmentFor({ ...seal, tally }, ballots, c);
  if (commitment !== seal.commitment) problems.push('commitment_differs_from_seal');
  // Without the published commitment there is nothing outside the store to check against.
  if (published === undefined) problems.push('not_published');
  else if (commitment !== published) problems.push('commitment_differs_from_published');
  return { ok: problems.length === 0, tally, outcome, commitment, problems };
}

// ---- keeping the ballot in this tab ---------------------------------------------------------

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const keyOf = (officerId: string, roundId: string) => `thads.ballot.${officerId}.${roundId}`;

/** Keeps the member's ballot in this tab's sessionStorage (see the header: why there and how long). */
export function keepBallot(store: KeyValueStore, officerId: string, ballot: KeptBallot): void {
  store.setItem(keyOf(officerId, ballot.roundId), JSON.stringify(ballot));
}

/** The ballot this tab kept for the member in a round, if any (and well-formed). */
export function keptBallot(store: KeyValueStore, officerId: string, roundId: string): KeptBallot | undefined {
  const raw = store.getItem(keyOf(officerId, roundId));
  if (raw === null) return undefined;
  try {
    const b = JSON.parse(raw) as Partial<KeptBallot>;
    if (
      b.roundId === roundId &&
      typeof b.choice === 'string' &&
      typeof b.nonce === 'string' &&
      HEX64.test(b.nonce) &&
      typeof b.receipt === 'string' &&
      HEX64.test(b.receipt)
    )
      return { roundId, choice: b.choice, nonce: b.nonce, receipt: b.receipt };
  } catch {
    // Not ours, or damaged: as if nothing were kept.
  }
  return undefined;
}

/** Forgets the member's ballot in a round (once seen counted, or on the member's request). */
export function forgetBallot(store: KeyValueStore, officerId: string, roundId: string): void {
  store.removeItem(keyOf(officerId, roundId));
}
