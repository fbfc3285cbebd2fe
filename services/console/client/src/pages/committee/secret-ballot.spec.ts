import {
  commitmentFor,
  drawBallot,
  forgetBallot,
  keepBallot,
  keptBallot,
  newNonce,
  outcomeOf,
  receiptFor,
  recountInBrowser,
  verifyCopiedReceipt,
  verifyReceipt,
  type SealedRecord,
} from './secret-ballot';

/**
 * The domain's own functions (services/discipline/src/domain/ballot.ts, on node:crypto), loaded
 * untyped so that the client's type-check does not pull the service's sources in: the browser's
 * computation must give the same bytes as the one the service and its tests use.
 */
interface DomainBallot {
  receiptFor(b: { roundId: string; choice: string; nonce: string }): string;
  newNonce(): string;
  roundOne(roundId: string, members: readonly string[]): unknown;
  roundTwo(roundId: string, members: readonly string[], forms: readonly string[]): unknown;
  openBox(round: unknown): unknown;
  cast(box: unknown, voterId: string, ballot: { choice: string; receipt: string }): { ok: boolean; box: unknown };
  sealBox(box: unknown): { ok: true; sealed: Omit<SealedRecord, 'published'> };
  verifyReceipt(ballots: unknown, mine: unknown): { ok: boolean; code?: string };
  recount(
    sealed: unknown,
    published?: string,
  ): { ok: boolean; commitment: string; tally: Record<string, number>; result: { outcome: string } };
  resultOf(
    question: string,
    choices: readonly string[],
    counts: Record<string, number>,
    members: number,
  ): { outcome: string };
  commitmentFor(seal: unknown, ballots: unknown): string;
}
const domain = jest.requireActual<DomainBallot>('../../../../../discipline/src/domain/ballot');

const MEMBERS = ['C1', 'H1', 'X2'];

/** A round sealed by the domain, each member's ballot drawn by the browser module. */
async function sealedRound(roundId: string, question: 'discipline' | 'form', choices: Record<string, string>) {
  const round =
    question === 'discipline'
      ? domain.roundOne(roundId, MEMBERS)
      : domain.roundTwo(roundId, MEMBERS, ['reprimand', 'warning', 'dismissal']);
  let box = domain.openBox(round);
  const kept: Record<string, Awaited<ReturnType<typeof drawBallot>>> = {};
  for (const member of MEMBERS) {
    const mine = await drawBallot(roundId, choices[member]!);
    kept[member] = mine;
    const r = domain.cast(box, member, { choice: mine.choice, receipt: mine.receipt });
    expect(r.ok).toBe(true);
    box = r.box;
  }
  const answer = domain.sealBox(box);
  expect(answer.ok).toBe(true);
  return { sealed: answer.sealed, kept };
}

describe("the secret ballot in the member's browser", () => {
  it("computes the receipt the domain's receiptFor computes, for the same round, choice and nonce", async () => {
    const cases = [
      { roundId: 'DP-F-E2E-r1', choice: 'discipline', nonce: domain.newNonce() },
      { roundId: 'DP-F-E2E-r2', choice: 'warning', nonce: '0'.repeat(64) },
      { roundId: 'DP-Hồ-sơ-đặc-biệt-r1', choice: 'abstain', nonce: newNonce() },
      { roundId: '', choice: '', nonce: 'f'.repeat(64) },
    ];
    for (const b of cases) expect(await receiptFor(b)).toBe(domain.receiptFor(b));
  });

  it('refuses a nonce that is not 32 bytes of lowercase hex, as the domain does', async () => {
    for (const nonce of ['', 'AB'.repeat(32), 'a'.repeat(63), 'g'.repeat(64)]) {
      expect(() => domain.receiptFor({ roundId: 'r', choice: 'discipline', nonce })).toThrow(RangeError);
      await expect(receiptFor({ roundId: 'r', choice: 'discipline', nonce })).rejects.toThrow(RangeError);
    }
  });

  it('draws a fresh 32-byte nonce for every ballot and sends a receipt derived from it', async () => {
    const a = await drawBallot('DP-1-r1', 'discipline');
    const b = await drawBallot('DP-1-r1', 'discipline');
    expect(a.nonce).toMatch(/^[0-9a-f]{64}$/);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.receipt).not.toBe(b.receipt);
    expect(a.receipt).toBe(domain.receiptFor(a));
  });

  it('finds a counted ballot as the domain does, and names a changed choice or a missing ballot', async () => {
    const { sealed, kept } = await sealedRound('DP-V-r1', 'discipline', {
      H1: 'discipline',
      X2: 'discipline',
      C1: 'no_discipline',
    });
    for (const member of MEMBERS) {
      const mine = kept[member]!;
      expect(await verifyReceipt(sealed.ballots, mine)).toMatchObject({ ok: true });
      expect(domain.verifyReceipt(sealed.ballots, mine)).toMatchObject({ ok: true });
      expect(
        verifyCopiedReceipt(sealed.ballots, mine.roundId, ` ${mine.receipt.toUpperCase()} `, mine.choice),
      ).toMatchObject({ ok: true });
    }
    const h1 = kept['H1']!;
    const altered = sealed.ballots.map((b) => (b.receipt === h1.receipt ? { ...b, choice: 'no_discipline' } : b));
    expect(await verifyReceipt(altered, h1)).toEqual({ ok: false, code: 'choice_altered', stored: 'no_discipline' });
    expect(domain.verifyReceipt(altered, h1)).toMatchObject({ ok: false, code: 'choice_altered' });
    const removed = sealed.ballots.filter((b) => b.receipt !== h1.receipt);
    expect(await verifyReceipt(removed, h1)).toEqual({ ok: false, code: 'not_counted' });
    expect(domain.verifyReceipt(removed, h1)).toMatchObject({ ok: false, code: 'not_counted' });
    // Someone else's ballot verified as "mine" with another choice does not pass.
    expect(await verifyReceipt(sealed.ballots, { ...h1, choice: 'abstain' })).toEqual({
      ok: false,
      code: 'not_counted',
    });
  });

  it("recounts a sealed round to the domain's tally, result and commitment, and matches the published one", async () => {
    const { sealed } = await sealedRound('DP-R-r2', 'form', { H1: 'warning', X2: 'dismissal', C1: 'reprimand' });
    const published = sealed.seal.commitment;
    const mine = await recountInBrowser({ ...sealed, published });
    const theirs = domain.recount(sealed, published);
    expect(theirs.ok).toBe(true);
    expect(mine).toEqual({
      ok: true,
      tally: theirs.tally,
      outcome: theirs.result.outcome,
      commitment: theirs.commitment,
      problems: [],
    });
    expect(mine.outcome).toBe('warning');
    expect(await commitmentFor(sealed.seal, sealed.ballots)).toBe(domain.commitmentFor(sealed.seal, sealed.ballots));
  });

  it('sees two choices swapped in the store, though the counts are unchanged', async () => {
    const { sealed } = await sealedRound('DP-S-r1', 'discipline', {
      H1: 'discipline',
      X2: 'no_discipline',
      C1: 'abstain',
    });
    const [a, b] = sealed.ballots.filter((x) => x.choice !== 'abstain');
    const swapped = sealed.ballots.map((x) =>
      x.ballotId === a!.ballotId
        ? { ...x, choice: b!.choice }
        : x.ballotId === b!.ballotId
          ? { ...x, choice: a!.choice }
          : x,
    );
    const mine = await recountInBrowser({ ...sealed, ballots: swapped, published: sealed.seal.commitment });
    expect(mine.ok).toBe(false);
    expect(mine.problems).toEqual(['commitment_differs_from_seal', 'commitment_differs_from_published']);
    expect(domain.recount({ ...sealed, ballots: swapped }, sealed.seal.commitment).ok).toBe(false);
    // Without a published commitment the recount cannot pass, whatever the store says.
    const unpublished = await recountInBrowser({ ...sealed, ballots: swapped, published: undefined });
    expect(unpublished).toMatchObject({ ok: false, problems: ['commitment_differs_from_seal', 'not_published'] });
    const intact = await recountInBrowser({ ...sealed });
    expect(intact).toMatchObject({ ok: false, problems: ['not_published'] });
    // A ballot dropped: one voter too many, the tally and the commitment differ.
    const dropped = await recountInBrowser({
      ...sealed,
      ballots: sealed.ballots.slice(1),
      published: sealed.seal.commitment,
    });
    expect(dropped.problems).toEqual(
      expect.arrayContaining(['ballots_differ_from_voters', 'tally_differs', 'commitment_differs_from_published']),
    );
  });

  it("decides every count of three votes as the domain's resultOf does", () => {
    const round1 = ['discipline', 'no_discipline', 'abstain'];
    const round2 = ['reprimand', 'warning', 'dismissal', 'abstain'];
    for (const choices of [round1, round2]) {
      const question = choices === round1 ? 'discipline' : 'form';
      const votes: string[][] = [];
      for (const x of choices) for (const y of choices) for (const z of choices) votes.push([x, y, z]);
      for (const v of votes) {
        const counts = Object.fromEntries(choices.map((c) => [c, v.filter((x) => x === c).length]));
        expect(outcomeOf(question, choices, counts, 3)).toBe(domain.resultOf(question, choices, counts, 3).outcome);
      }
    }
  });

  it("keeps the member's ballot in this tab under their own officer id, and forgets it", async () => {
    const store = new Map<string, string>();
    const tab = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
    const ballot = await drawBallot('DP-K-r1', 'no_discipline');
    keepBallot(tab, 'X2', ballot);
    expect(keptBallot(tab, 'X2', 'DP-K-r1')).toEqual(ballot);
    expect(keptBallot(tab, 'C1', 'DP-K-r1')).toBeUndefined();
    expect(keptBallot(tab, 'X2', 'DP-K-r2')).toBeUndefined();
    store.set('thads.ballot.C1.DP-K-r1', '{not json');
    expect(keptBallot(tab, 'C1', 'DP-K-r1')).toBeUndefined();
    store.set('thads.ballot.C1.DP-K-r1', JSON.stringify({ ...ballot, nonce: 'short' }));
    expect(keptBallot(tab, 'C1', 'DP-K-r1')).toBeUndefined();
    forgetBallot(tab, 'X2', 'DP-K-r1');
    expect(keptBallot(tab, 'X2', 'DP-K-r1')).toBeUndefined();
  });
});
