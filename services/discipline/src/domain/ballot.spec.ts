import {
  ballotIdFor,
  cast,
  castBallotOf,
  commitmentFor,
  newNonce,
  openBox,
  recount,
  resultOf,
  roundOne,
  roundTwo,
  sealBox,
  tally,
  verifyReceipt,
  yetToVote,
  type BallotBox,
  type MyBallot,
  type Round,
  type SealedRound,
} from './ballot';

const MEMBERS = ['officer-1001', 'officer-2002', 'officer-3003'];
const R1 = roundOne('P-7:round-1', MEMBERS);
const R2 = roundTwo('P-7:round-2', MEMBERS, ['reprimand', 'warning', 'removal_from_post', 'dismissal']);

const nonce = (digit: string) => digit.repeat(64);
const mine = (round: Round, choice: string, n = newNonce()): MyBallot => ({ roundId: round.roundId, choice, nonce: n });

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((x, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]),
  );
}

/** Casts `ballots[i]` for `voters[i]`, in the order given by `order` (indexes), and returns the box. */
function castAll(round: Round, voters: readonly string[], ballots: readonly MyBallot[], order: readonly number[]) {
  let box: BallotBox = openBox(round);
  for (const i of order) {
    const r = cast(box, voters[i] ?? '', castBallotOf(ballots[i] ?? mine(round, 'abstain')));
    if (!r.ok) throw new Error(r.message);
    box = r.box;
  }
  return box;
}

function sealed(box: BallotBox): SealedRound {
  const s = sealBox(box);
  if (!s.ok) throw new Error(`${s.missing} yet to vote`);
  return s.sealed;
}

const vote = (round: Round, choices: string[]) => {
  const ballots = choices.map((c) => mine(round, c));
  return { ballots, sealed: sealed(castAll(round, MEMBERS, ballots, [0, 1, 2])) };
};

describe('secret ballot: what is stored', () => {
  it('writes the same bytes whoever cast which ballot and in whatever order they were cast', () => {
    // The same three ballots, handed to the members in every possible way and cast in every order.
    const ballots = [
      mine(R1, 'discipline', nonce('a')),
      mine(R1, 'discipline', nonce('b')),
      mine(R1, 'no_discipline', nonce('c')),
    ];
    const stored = new Set<string>();
    const boxes = new Set<string>();
    let runs = 0;
    for (const voters of permutations(MEMBERS))
      for (const order of permutations([0, 1, 2])) {
        const box = castAll(R1, voters, ballots, order);
        boxes.add(JSON.stringify(box));
        stored.add(JSON.stringify(sealed(box)));
        runs += 1;
      }
    expect(runs).toBe(36);
    expect(stored.size).toBe(1);
    // Not even the box in memory keeps an order or a pairing.
    expect(boxes.size).toBe(1);
  });

  it('gives two runs with the same votes cast in different member orders ballot sets that are indistinguishable sorted by id', () => {
    const ballots = [
      mine(R1, 'no_discipline', nonce('1')),
      mine(R1, 'discipline', nonce('2')),
      mine(R1, 'abstain', nonce('3')),
    ];
    const first = sealed(castAll(R1, MEMBERS, ballots, [0, 1, 2]));
    const second = sealed(castAll(R1, [...MEMBERS].reverse(), ballots, [2, 0, 1]));
    const byId = (s: SealedRound) => [...s.ballots].sort((a, b) => a.ballotId.localeCompare(b.ballotId));
    expect(byId(second)).toEqual(byId(first));
    expect(second.ballots).toEqual(first.ballots); // already stored in that order
  });

  it('puts no member id, time or sequence in a ballot record, and only the sorted voters in participation records', () => {
    const { sealed: s } = vote(R1, ['discipline', 'no_discipline', 'discipline']);
    for (const b of s.ballots) {
      expect(Object.keys(b).sort()).toEqual(['ballotId', 'choice', 'receipt', 'roundId']);
      expect(b.ballotId).toMatch(/^[0-9a-f]{32}$/);
      expect(b.receipt).toMatch(/^[0-9a-f]{64}$/);
    }
    const ballotText = JSON.stringify(s.ballots);
    for (const m of MEMBERS) expect(ballotText).not.toContain(m);
    expect(ballotText).not.toMatch(/"(at|seq|createdAt|castAt|officerId|voterId)"/);
    expect(s.ballots.map((b) => b.ballotId)).toEqual([...s.ballots.map((b) => b.ballotId)].sort());
    expect(s.participations).toEqual(MEMBERS.map((officerId) => ({ roundId: R1.roundId, officerId })));
    for (const p of s.participations) expect(Object.keys(p).sort()).toEqual(['officerId', 'roundId']);
    expect(s.seal.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(s.seal)).not.toContain('receipt');
  });

  it('sends the choice and the receipt, never the nonce', () => {
    const b = mine(R1, 'discipline');
    expect(Object.keys(castBallotOf(b)).sort()).toEqual(['choice', 'receipt']);
    expect(JSON.stringify(castBallotOf(b))).not.toContain(b.nonce);
    expect(() => castBallotOf({ ...b, nonce: 'officer-1001' })).toThrow(RangeError);
  });
});

describe('secret ballot: casting and sealing', () => {
  it('lets each member vote once, accepts the same ballot sent again, and refuses strangers and bad ballots', () => {
    const b = castBallotOf(mine(R1, 'discipline'));
    const first = cast(openBox(R1), MEMBERS[0] ?? '', b);
    if (!first.ok) throw new Error(first.message);
    expect(cast(first.box, MEMBERS[0] ?? '', b)).toEqual({ ok: true, box: first.box, repeated: true });
    expect(cast(first.box, MEMBERS[0] ?? '', castBallotOf(mine(R1, 'no_discipline')))).toMatchObject({
      ok: false,
      code: 'already_voted',
    });
    expect(cast(first.box, 'officer-9999', castBallotOf(mine(R1, 'discipline')))).toMatchObject({
      code: 'not_a_member',
    });
    expect(cast(first.box, MEMBERS[1] ?? '', b)).toMatchObject({ code: 'receipt_taken' });
    expect(cast(first.box, MEMBERS[1] ?? '', { choice: 'discipline', receipt: 'abc' })).toMatchObject({
      code: 'malformed_receipt',
    });
    expect(cast(first.box, MEMBERS[1] ?? '', castBallotOf(mine(R1, 'dismissal')))).toMatchObject({
      code: 'choice_not_offered',
    });
    expect(yetToVote(first.box)).toEqual([MEMBERS[1], MEMBERS[2]]);
  });

  it('seals only once every member has voted', () => {
    const box = castAll(R1, MEMBERS, [mine(R1, 'discipline'), mine(R1, 'discipline')], [0, 1]);
    expect(sealBox(box)).toEqual({ ok: false, code: 'not_all_voted', missing: 1 });
  });

  it('offers in round 2 only the forms allowed, and abstention', () => {
    const staff = roundTwo('P-8:round-2', MEMBERS, ['reprimand', 'warning', 'dismissal']);
    expect(staff.choices).toEqual(['reprimand', 'warning', 'dismissal', 'abstain']);
    expect(cast(openBox(staff), MEMBERS[0] ?? '', castBallotOf(mine(staff, 'removal_from_post')))).toMatchObject({
      code: 'choice_not_offered',
    });
  });
});

describe('secret ballot: results, ties and abstentions', () => {
  const r1 = (...choices: string[]) => vote(R1, choices).sealed.seal.result.outcome;
  const r2 = (...choices: string[]) => vote(R2, choices).sealed.seal.result.outcome;

  it('disciplines in round 1 only with two of the three votes', () => {
    expect(r1('discipline', 'discipline', 'no_discipline')).toBe('discipline');
    expect(r1('discipline', 'discipline', 'discipline')).toBe('discipline');
    expect(r1('discipline', 'no_discipline', 'abstain')).toBe('no_discipline');
    expect(r1('discipline', 'abstain', 'abstain')).toBe('no_discipline');
    expect(r1('no_discipline', 'no_discipline', 'discipline')).toBe('no_discipline');
  });

  it('takes in round 2 the heaviest form a majority supports: the middle vote of three', () => {
    expect(r2('dismissal', 'warning', 'reprimand')).toBe('warning');
    expect(r2('dismissal', 'dismissal', 'reprimand')).toBe('dismissal');
    expect(r2('warning', 'warning', 'dismissal')).toBe('warning');
    expect(r2('removal_from_post', 'reprimand', 'abstain')).toBe('reprimand');
  });

  it('finds no majority when abstentions leave every form short, and the council votes again', () => {
    expect(r2('dismissal', 'abstain', 'abstain')).toBe('no_majority');
    expect(r2('abstain', 'abstain', 'abstain')).toBe('no_majority');
  });

  it('counts every offered choice, in the order offered', () => {
    const s = vote(R2, ['warning', 'warning', 'abstain']).sealed;
    expect(s.seal.tally).toEqual({ reprimand: 0, warning: 2, removal_from_post: 0, dismissal: 0, abstain: 1 });
    expect(Object.keys(s.seal.tally)).toEqual([...R2.choices]);
    expect(resultOf('form', R2.choices, tally(R2.choices, [{ choice: 'dismissal' }]), 3)).toEqual({
      question: 'form',
      outcome: 'no_majority',
    });
  });
});

describe('secret ballot: verification and recount', () => {
  it('lets each member find their ballot counted as cast, and anyone recount to the published commitment', () => {
    const { ballots, sealed: s } = vote(R1, ['discipline', 'no_discipline', 'discipline']);
    for (const b of ballots) expect(verifyReceipt(s.ballots, b)).toMatchObject({ ok: true });
    const again = recount(s, s.seal.commitment);
    expect(again).toEqual({
      ok: true,
      tally: s.seal.tally,
      result: s.seal.result,
      commitment: s.seal.commitment,
      problems: [],
    });
  });

  it('catches a changed choice: the recount no longer matches and its member sees it altered', () => {
    const { ballots, sealed: s } = vote(R1, ['discipline', 'no_discipline', 'no_discipline']);
    const victim = s.ballots.find((b) => b.choice === 'no_discipline');
    if (!victim) throw new Error('fixture');
    const tampered: SealedRound = {
      ...s,
      ballots: s.ballots.map((b) => (b === victim ? { ...b, choice: 'discipline' } : b)),
    };
    const check = recount(tampered, s.seal.commitment);
    expect(check.ok).toBe(false);
    expect(check.problems.map((p) => p.code)).toEqual([
      'tally_differs',
      'result_differs',
      'commitment_differs_from_seal',
      'commitment_differs_from_published',
    ]);
    const owner = ballots.find((b) => castBallotOf(b).receipt === victim.receipt);
    if (!owner) throw new Error('fixture');
    expect(verifyReceipt(tampered.ballots, owner)).toMatchObject({ ok: false, code: 'choice_altered' });
  });

  it('catches two choices swapped although the counts stay the same', () => {
    const { sealed: s } = vote(R1, ['discipline', 'no_discipline', 'abstain']);
    const [a, b, c] = s.ballots;
    if (!a || !b || !c) throw new Error('fixture');
    const swapped: SealedRound = { ...s, ballots: [{ ...a, choice: b.choice }, { ...b, choice: a.choice }, c] };
    const check = recount(swapped, s.seal.commitment);
    expect(check.tally).toEqual(s.seal.tally);
    expect(check.problems.map((p) => p.code)).toEqual([
      'commitment_differs_from_seal',
      'commitment_differs_from_published',
    ]);
  });

  it('catches a rewrite of the ballots and of the stored seal against the commitment published at the close', () => {
    const { ballots, sealed: s } = vote(R1, ['no_discipline', 'no_discipline', 'discipline']);
    const forgedBallots = s.ballots.map((b) => ({ ...b, choice: 'discipline' }));
    const forgedTally = tally(R1.choices, forgedBallots);
    const forged: SealedRound = {
      ...s,
      ballots: forgedBallots,
      seal: {
        ...s.seal,
        tally: forgedTally,
        result: { question: 'discipline', outcome: 'discipline' },
        commitment: commitmentFor({ ...s.seal, tally: forgedTally }, forgedBallots),
      },
    };
    expect(recount(forged).ok).toBe(true); // consistent with itself…
    expect(recount(forged, s.seal.commitment).problems.map((p) => p.code)).toEqual([
      'commitment_differs_from_published',
    ]); // …but not with the minutes
    const altered = ballots.filter((b) => !verifyReceipt(forged.ballots, b).ok);
    expect(altered).toHaveLength(2); // and the two members who voted no see it
  });

  it('catches a ballot removed, duplicated or renamed, and a voter added', () => {
    const { ballots, sealed: s } = vote(R1, ['discipline', 'discipline', 'no_discipline']);
    const [a, b, c] = s.ballots;
    if (!a || !b || !c) throw new Error('fixture');
    const codes = (x: SealedRound) => recount(x, s.seal.commitment).problems.map((p) => p.code);
    const removed = { ...s, ballots: [a, b] };
    expect(codes(removed)).toContain('ballots_differ_from_voters');
    expect(
      ballots.filter((m) => !verifyReceipt(removed.ballots, m).ok).map((m) => verifyReceipt(removed.ballots, m)),
    ).toEqual([{ ok: false, code: 'not_counted', message: expect.any(String) }]);
    expect(codes({ ...s, ballots: [a, b, c, a] })).toEqual(
      expect.arrayContaining(['duplicate_receipt', 'ballots_differ_from_voters']),
    );
    expect(codes({ ...s, ballots: [a, b, { ...c, ballotId: ballotIdFor('other', c.receipt) }] })).toContain(
      'ballot_id_mismatch',
    );
    expect(
      codes({ ...s, participations: [...s.participations, { roundId: R1.roundId, officerId: 'officer-4004' }] }),
    ).toContain('voters_differ_from_members');
  });
});
