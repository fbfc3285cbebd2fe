import { UnitTree } from '@thads/org';
import { dayFromIso, isoFromDay, WorkingCalendar, type Day } from '@thads/rules';
import {
  cast,
  castBallotOf,
  newNonce,
  openBox,
  roundOne,
  roundTwo,
  sealBox,
  type Round,
  type SealedRound,
} from './ballot';
import type { Council, CouncilContext, OfficerRecord } from './council';
import { DisciplineTimeLimits, type BreachClass } from './limits';
import {
  appealAuthority,
  allowedNext,
  appealDueOn,
  decisionDueOn,
  designateReviewer,
  dueSteps,
  extendTimeToDecide,
  formsFor,
  isFinal,
  joinReferral,
  openProceeding,
  PROCEEDING_STATUSES,
  recordExclusion,
  recordService,
  reseatCouncil,
  routeReferral,
  transition,
  type Proceeding,
  type ProceedingContext,
  type ReferredFinding,
  type ReviewerProblem,
  type Subject,
  type TransitionInput,
} from './proceeding';

const on = dayFromIso;
const limits = new DisciplineTimeLimits(new WorkingCalendar());

const subjectRecord: OfficerRecord = {
  officerId: 'S',
  unitId: 'DT-KV01',
  role: 'enforcement_officer',
  relatedPartyIds: [],
};
const officers: OfficerRecord[] = [
  subjectRecord,
  { officerId: 'H1', unitId: 'DT-KV01', role: 'head', relatedPartyIds: [] },
  { officerId: 'C1', unitId: 'DT-KV01', role: 'clerk', relatedPartyIds: [] },
  { officerId: 'X1', unitId: 'DT-KV02', role: 'inspector', relatedPartyIds: [] },
  { officerId: 'X2', unitId: 'DT', role: 'clerk', relatedPartyIds: [] },
  { officerId: 'I1', unitId: 'DT', role: 'inspector', relatedPartyIds: [] },
  { officerId: 'HP', unitId: 'DT', role: 'head', relatedPartyIds: [] },
];
const org: CouncilContext = {
  subject: subjectRecord,
  officers,
  tree: new UnitTree([
    { unitId: 'DT' },
    { unitId: 'DT-KV01', parentUnitId: 'DT' },
    { unitId: 'DT-KV02', parentUnitId: 'DT' },
  ]),
  workedTheMatter: ['I1'],
};
const ctx: ProceedingContext = { limits, org };
const council: Council = { chair: 'H1', member_1: 'X1', member_2: 'C1' };
const MEMBERS = ['C1', 'H1', 'X1'];

const subject: Subject = { officerId: 'S', unitId: 'DT-KV01', employment: 'civil_servant', position: 'staff' };
const finding = (
  findingId: string,
  facts: string,
  discovered: string,
  breachClass: BreachClass = 'other',
): ReferredFinding => ({
  findingId,
  factsOn: on(facts),
  discoveredOn: on(discovered),
  breachClass,
});
const F1 = finding('F-1', '2025-08-04', '2025-09-01');

function opened(findings = [F1], openedOn = '2025-09-03'): Proceeding {
  const r = openProceeding('P-1', subject, { officerId: 'S', findings }, on(openedOn), limits);
  if (!r.ok) throw new Error(r.refusal.message);
  return r.proceeding;
}

/** Applies the steps in order; a refusal fails the test with its reason. */
function walk(p: Proceeding, ...steps: TransitionInput[]): Proceeding {
  return steps.reduce((acc, step) => {
    const r = transition(acc, step, ctx);
    if (!r.ok) throw new Error(`${step.to}: ${JSON.stringify(r.refusal)}`);
    return r.proceeding;
  }, p);
}

/** The authority above (DT, whose head is HP) designates `reviewerId`. */
function designated(p: Proceeding, reviewerId: string, day: string): Proceeding {
  const r = designateReviewer(p, { reviewerId, by: 'HP', on: on(day) }, org);
  if (!r.ok) throw new Error(JSON.stringify(r.refusal));
  return r.proceeding;
}

function voted(round: Round, choices: string[]): SealedRound {
  let box = openBox(round);
  round.members.forEach((m, i) => {
    const r = cast(
      box,
      m,
      castBallotOf({ roundId: round.roundId, choice: choices[i] ?? 'abstain', nonce: newNonce() }),
    );
    if (!r.ok) throw new Error(r.message);
    box = r.box;
  });
  const s = sealBox(box);
  if (!s.ok) throw new Error('not sealed');
  return s.sealed;
}

const formed: TransitionInput = { to: 'council_formed', on: on('2025-09-08'), council };
const summoned: TransitionInput = { to: 'summoned', on: on('2025-09-08'), meetingOn: on('2025-09-15') };
const met: TransitionInput = { to: 'met', on: on('2025-09-15'), present: MEMBERS, subject: 'present' };
const round1 = (...choices: string[]): TransitionInput => ({
  to: 'round_1',
  sealed: voted(roundOne(`P-1:r1:${newNonce().slice(0, 8)}`, MEMBERS), choices),
});
const round2 = (p: Proceeding, ...choices: string[]): TransitionInput => ({
  to: 'round_2',
  sealed: voted(roundTwo(`P-1:r2:${newNonce().slice(0, 8)}`, MEMBERS, formsFor(p)), choices),
});
const refusal = (p: Proceeding, input: TransitionInput) => {
  const r = transition(p, input, ctx);
  return r.ok ? undefined : r.refusal;
};

describe('disciplinary proceeding', () => {
  it('runs from the referral to the appeal: council, summons, meeting, two rounds, recommendation, decision, appeal', () => {
    const heard = walk(opened(), formed, summoned, met, round1('discipline', 'discipline', 'no_discipline'));
    expect(formsFor(heard)).toEqual(['reprimand', 'warning', 'dismissal']);
    const decided = walk(
      heard,
      round2(heard, 'dismissal', 'warning', 'reprimand'),
      { to: 'recommended', on: on('2025-09-17') },
      { to: 'decided', on: on('2025-09-22'), outcome: { kind: 'disciplined', form: 'warning' } },
    );
    expect(decided.recommendation).toEqual({ on: on('2025-09-17'), outcome: { kind: 'disciplined', form: 'warning' } });
    expect(decided.rounds.map((r) => r.outcome)).toEqual(['discipline', 'warning']);
    expect(decided.rounds.every((r) => /^[0-9a-f]{64}$/.test(r.commitment))).toBe(true);
    const lodged = walk(decided, { to: 'appeal_lodged', on: on('2025-09-30') });
    const resolved = walk(designated(lodged, 'HP', '2025-10-01'), {
      to: 'appeal_resolved',
      on: on('2025-10-20'),
      by: 'HP',
      result: 'changed',
      form: 'reprimand',
    });
    expect(resolved.status).toBe('appeal_resolved');
    expect(resolved.appeal).toEqual({
      lodgedOn: on('2025-09-30'),
      reviewerId: 'HP',
      designatedBy: 'HP',
      designatedOn: on('2025-10-01'),
      resolvedOn: on('2025-10-20'),
      result: 'changed',
      form: 'reprimand',
    });
    expect(isFinal(resolved.status)).toBe(true);
  });

  it('refuses every move the table does not allow, naming the allowed ones', () => {
    let refused = 0;
    for (const from of PROCEEDING_STATUSES)
      for (const to of PROCEEDING_STATUSES) {
        if (allowedNext(from).includes(to)) continue;
        const r = transition({ ...opened(), status: from }, { to } as never, ctx);
        expect(r).toEqual({ ok: false, refusal: { code: 'illegal_transition', from, to, allowed: allowedNext(from) } });
        refused += 1;
      }
    expect(refused).toBe(12 * 12 - 26);
    expect(
      ['appeal_resolved', 'referred_to_investigators', 'closed_time_barred'].every((s) => isFinal(s as never)),
    ).toBe(true);
  });

  it('skips round 2 and recommends no discipline when round 1 has no majority for it', () => {
    const p = walk(opened(), formed, summoned, met, round1('discipline', 'abstain', 'no_discipline'));
    expect(refusal(p, round2(p, 'warning', 'warning', 'warning'))).toMatchObject({ code: 'vote_first' });
    const done = walk(
      p,
      { to: 'recommended', on: on('2025-09-16') },
      { to: 'decided', on: on('2025-09-18'), outcome: { kind: 'not_disciplined' } },
    );
    expect(done.decision?.outcome).toEqual({ kind: 'not_disciplined' });
    expect(refusal(done, { to: 'appeal_lodged', on: on('2025-09-19') })).toMatchObject({
      code: 'nothing_to_appeal',
    });
  });

  it('votes the form before recommending, and again when no form had a majority', () => {
    const p = walk(opened(), formed, summoned, met, round1('discipline', 'discipline', 'discipline'));
    expect(refusal(p, { to: 'recommended', on: on('2025-09-16') })).toMatchObject({ code: 'vote_first' });
    const split = walk(p, round2(p, 'dismissal', 'abstain', 'abstain'));
    expect(split.rounds.at(-1)?.outcome).toBe('no_majority');
    expect(refusal(split, { to: 'recommended', on: on('2025-09-16') })).toMatchObject({ code: 'vote_first' });
    const settled = walk(split, round2(split, 'dismissal', 'dismissal', 'abstain'), {
      to: 'recommended',
      on: on('2025-09-16'),
    });
    expect(settled.recommendation?.outcome).toEqual({ kind: 'disciplined', form: 'dismissal' });
    expect(refusal(settled, round2(settled, 'warning', 'warning', 'warning'))).toMatchObject({
      code: 'illegal_transition',
    });
  });

  it('records only rounds voted by the sitting council on the allowed forms', () => {
    const p = walk(opened(), formed, summoned, met);
    expect(
      refusal(p, { to: 'round_1', sealed: voted(roundOne('x', ['C1', 'H1', 'X2']), ['discipline', 'discipline']) }),
    ).toMatchObject({
      code: 'round_mismatch',
    });
    const r1 = walk(p, round1('discipline', 'discipline', 'discipline'));
    // A staff member cannot be removed from a post: a round offering it is not this proceeding's.
    const wrongForms = voted(roundTwo('y', MEMBERS, ['reprimand', 'warning', 'removal_from_post', 'dismissal']), []);
    expect(refusal(r1, { to: 'round_2', sealed: wrongForms })).toMatchObject({ code: 'round_mismatch' });
    expect(refusal(r1, { to: 'round_2', sealed: voted(roundOne('z', MEMBERS), []) })).toMatchObject({
      code: 'round_mismatch',
    });
  });

  it('records a round only if its stored ballots recount to its commitment', () => {
    const p = walk(opened(), formed, summoned, met);
    const honest = voted(roundOne('P-1:r1', MEMBERS), ['no_discipline', 'no_discipline', 'discipline']);
    const tampered: SealedRound = {
      ...honest,
      ballots: honest.ballots.map((b) => ({ ...b, choice: 'discipline' })),
      seal: { ...honest.seal, result: { question: 'discipline', outcome: 'discipline' } },
    };
    expect(refusal(p, { to: 'round_1', sealed: tampered })).toMatchObject({
      code: 'round_mismatch',
      message: expect.stringContaining('commitment_differs_from_seal'),
    });
    expect(walk(p, { to: 'round_1', sealed: honest }).rounds).toEqual([
      { roundId: 'P-1:r1', question: 'discipline', outcome: 'no_discipline', commitment: honest.seal.commitment },
    ]);
  });

  it('forms only a valid council and lets a recused seat be filled again before the meeting', () => {
    expect(refusal(opened(), { ...formed, council: { ...council, member_1: 'I1' } })).toMatchObject({
      code: 'council_invalid',
      problems: [{ seat: 'member_1', code: 'recused', recusals: [{ ground: 'worked_the_matter' }] }],
    });
    const p = walk(opened(), formed, summoned);
    const reseated = reseatCouncil(p, { ...council, member_1: 'X2' }, org);
    expect(reseated.ok).toBe(true);
    if (!reseated.ok) return;
    expect(reseated.proceeding.everSat.sort()).toEqual(['C1', 'H1', 'X1', 'X2']);
    // X1 left the council before the meeting; still, nobody who ever sat on it reviews the appeal.
    const sitting = ['C1', 'H1', 'X2'];
    const voting = walk(
      reseated.proceeding,
      { ...met, present: sitting },
      {
        to: 'round_1',
        sealed: voted(roundOne('r1', sitting), ['discipline', 'discipline', 'discipline']),
      },
    );
    const decided = walk(
      voting,
      { to: 'round_2', sealed: voted(roundTwo('r2', sitting, formsFor(voting)), ['warning', 'warning', 'warning']) },
      { to: 'recommended', on: on('2025-09-17') },
      { to: 'decided', on: on('2025-09-22'), outcome: { kind: 'disciplined', form: 'warning' } },
    );
    const lodged = walk(decided, { to: 'appeal_lodged', on: on('2025-09-25') });
    // Even once moved to the authority above.
    const promoted = { ...org, officers: officers.map((o) => (o.officerId === 'X1' ? { ...o, unitId: 'DT' } : o)) };
    expect(designateReviewer(lodged, { reviewerId: 'X1', by: 'HP', on: on('2025-09-26') }, promoted)).toMatchObject({
      ok: false,
      refusal: { code: 'reviewer_conflicted', problems: [{ code: 'sat_on_council' }] },
    });
  });

  it('refuses a meeting too soon after the summons, or short of a member, and calls an absent subject again', () => {
    const p = walk(opened(), formed);
    expect(refusal(p, { ...summoned, meetingOn: on('2025-09-12') })).toMatchObject({
      code: 'summons_too_late',
      earliest: on('2025-09-15'),
    });
    const s = walk(p, summoned);
    expect(refusal(s, { ...met, present: ['H1', 'C1'] })).toMatchObject({ code: 'cannot_meet' });
    expect(refusal(s, { ...met, on: on('2025-09-16') })).toMatchObject({ code: 'invalid_input' });
    expect(refusal(s, { ...met, subject: 'absent_without_valid_reason' })).toMatchObject({
      code: 'summon_again',
    });
    const again = walk(s, {
      to: 'summoned',
      on: on('2025-09-15'),
      meetingOn: on('2025-09-22'),
      previous: 'absent_without_valid_reason',
    });
    expect(again.calls).toEqual([
      { summonedOn: on('2025-09-08'), meetingOn: on('2025-09-15'), subject: 'absent_without_valid_reason' },
      { summonedOn: on('2025-09-15'), meetingOn: on('2025-09-22') },
    ]);
    // The second absence without a valid reason: the council meets without the subject.
    const heard = walk(again, {
      to: 'met',
      on: on('2025-09-22'),
      present: MEMBERS,
      subject: 'absent_without_valid_reason',
    });
    expect(heard.status).toBe('met');
    expect(
      refusal(again, {
        to: 'summoned',
        on: on('2025-09-22'),
        meetingOn: on('2025-09-29'),
        previous: 'absent_without_valid_reason',
      }),
    ).toMatchObject({ code: 'meet_without_subject' });
  });

  it('decides within the time to decide, with a form of the regime, and states why it departs from the recommendation', () => {
    const p = walk(opened(), formed, summoned, met, round1('discipline', 'discipline', 'discipline'));
    const rec = walk(p, round2(p, 'warning', 'warning', 'reprimand'), { to: 'recommended', on: on('2025-09-17') });
    expect(
      refusal(rec, {
        to: 'decided',
        on: on('2025-09-22'),
        outcome: { kind: 'disciplined', form: 'salary_step_reduction' },
      }),
    ).toMatchObject({ code: 'form_not_in_regime' });
    expect(
      refusal(rec, { to: 'decided', on: on('2025-09-22'), outcome: { kind: 'disciplined', form: 'reprimand' } }),
    ).toMatchObject({
      code: 'reason_required',
    });
    expect(
      walk(rec, {
        to: 'decided',
        on: on('2025-09-22'),
        outcome: { kind: 'disciplined', form: 'reprimand' },
        reason: 'first breach, repaid',
      }).decision?.reason,
    ).toBe('first breach, repaid');
    // Discovered 1 September: 90 days end on Sunday 30 November → Monday 1 December.
    expect(isoFromDay(decisionDueOn(rec, limits))).toBe('2025-12-01');
    expect(
      refusal(rec, { to: 'decided', on: on('2025-12-02'), outcome: { kind: 'disciplined', form: 'warning' } }),
    ).toMatchObject({
      code: 'time_to_decide_passed',
      dueOn: on('2025-12-01'),
    });
  });

  it('extends the time to decide once, moves it by excluded days, and closes the proceeding once it has run out', () => {
    const p = walk(opened(), formed);
    const ext = extendTimeToDecide(p, { grantedOn: on('2025-11-20'), reason: 'bank records' }, limits);
    if (!ext.ok) throw new Error('extension refused');
    // 150 days from 1 September: Thursday 29 January 2026.
    expect(isoFromDay(decisionDueOn(ext.proceeding, limits))).toBe('2026-01-29');
    expect(extendTimeToDecide(ext.proceeding, { grantedOn: on('2025-12-20'), reason: 'more' }, limits)).toMatchObject({
      ok: false,
      refusal: { code: 'already_extended' },
    });
    const ill = recordExclusion(p, { kind: 'illness', from: on('2025-10-01'), to: on('2025-10-10') }, limits);
    if (!ill.ok) throw new Error('exclusion refused');
    expect(isoFromDay(decisionDueOn(ill.proceeding, limits))).toBe('2025-12-10');
    expect(recordExclusion(p, { kind: 'illness', from: on('2025-10-10'), to: on('2025-10-01') }, limits)).toMatchObject(
      {
        ok: false,
        refusal: { code: 'ends_before_it_starts' },
      },
    );
    // A period starting after the time to decide ran out (2025-12-10 with the illness above) cannot revive it.
    expect(
      recordExclusion(ill.proceeding, { kind: 'illness', from: on('2025-12-11'), to: on('2026-01-20') }, limits),
    ).toMatchObject({ ok: false, refusal: { code: 'deadline_passed' } });
    expect(refusal(ill.proceeding, { to: 'closed_time_barred', on: on('2025-12-10') })).toMatchObject({
      code: 'time_not_run_out',
    });
    const closed = walk(ill.proceeding, { to: 'closed_time_barred', on: on('2025-12-11') });
    expect(closed.closure?.message).toContain('2025-12-10');
  });

  it('opens a referral past its limitation period as closed_time_barred, and keeps the barred findings out of a live one', () => {
    const old = finding('F-OLD', '2015-03-02', '2025-08-01', 'reprimand_level');
    const barred = opened([old]);
    expect(barred.status).toBe('closed_time_barred');
    expect(barred.timeBarred).toEqual([{ findingId: 'F-OLD', lastDay: on('2020-03-02'), message: expect.any(String) }]);
    const mixed = opened([old, F1]);
    expect(mixed.status).toBe('opened');
    expect(mixed.findings.map((f) => f.findingId)).toEqual(['F-1']);
    expect(mixed.timeBarred.map((f) => f.findingId)).toEqual(['F-OLD']);
  });

  it('joins a later referral while the subject has not been heard, and holds it once they have', () => {
    const F2 = finding('F-2', '2025-06-20', '2025-09-10');
    const fresh = opened();
    expect(routeReferral([fresh], 'S')).toEqual({ route: 'join', proceedingId: 'P-1' });
    expect(routeReferral([fresh], 'OTHER')).toEqual({ route: 'open_new' });
    const s = walk(fresh, formed, summoned);
    const joined = joinReferral(s, { officerId: 'S', findings: [F1, F2] }, on('2025-09-12'), limits);
    if (!joined.ok) throw new Error('not joined');
    // The pending summons is withdrawn: the subject is called again with the new finding.
    expect(joined.proceeding.status).toBe('council_formed');
    expect(joined.proceeding.calls).toEqual([]);
    expect(joined.proceeding.findings.map((f) => f.findingId)).toEqual(['F-1', 'F-2']);
    // Facts on both sides of 1 July 2025: only the forms both regimes allow.
    expect(formsFor(joined.proceeding)).toEqual(['reprimand', 'warning', 'dismissal']);
    const heard = walk(s, met);
    expect(routeReferral([heard], 'S')).toMatchObject({ route: 'hold_until_decided', proceedingId: 'P-1' });
    expect(joinReferral(heard, { officerId: 'S', findings: [F2] }, on('2025-09-16'), limits)).toMatchObject({
      ok: false,
      refusal: { code: 'not_joinable' },
    });
    expect(routeReferral([{ ...heard, status: 'decided' }], 'S')).toEqual({ route: 'open_new' });
  });

  it('refers signs of a crime to investigators as an outcome of its own', () => {
    const p = walk(opened(), formed, summoned, met);
    expect(refusal(p, { to: 'referred_to_investigators', on: on('2025-09-16'), signs: [], note: 'x' })).toMatchObject({
      code: 'invalid_input',
      field: 'signs',
    });
    const referred = walk(p, {
      to: 'referred_to_investigators',
      on: on('2025-09-16'),
      signs: ['embezzlement', 'embezzlement', 'bribe_taking'],
      note: 'collected 250 000 000 VND never deposited',
    });
    expect(referred.investigators?.signs).toEqual(['embezzlement', 'bribe_taking']);
    expect(isFinal(referred.status)).toBe(true);
  });

  const decidedWarning = (by = 'H1') => {
    const p = walk(opened(), formed, summoned, met, round1('discipline', 'discipline', 'discipline'));
    return walk(
      p,
      round2(p, 'warning', 'warning', 'warning'),
      { to: 'recommended', on: on('2025-09-17') },
      { to: 'decided', on: on('2025-09-22'), outcome: { kind: 'disciplined', form: 'warning' }, by },
    );
  };

  it('counts the 15 days to appeal from the day the subject received the decision, not the day it was taken', () => {
    const decided = decidedWarning();
    // Not served yet: no appeal period runs, and an appeal is taken whenever it comes.
    expect(appealDueOn(decided, limits)).toBeUndefined();
    expect(dueSteps(decided, limits)).toEqual([]);
    expect(recordService(decided, on('2025-09-19'), on('2025-10-01'))).toMatchObject({
      ok: false,
      refusal: { code: 'invalid_input', field: 'servedOn' },
    });
    expect(recordService(decided, on('2025-10-02'), on('2025-10-01'))).toMatchObject({
      ok: false,
      refusal: { code: 'invalid_input', field: 'servedOn' },
    });
    // Decided on Monday 22 September, received on Wednesday 1 October: the appeal runs to Thursday 16 October.
    const r = recordService(decided, on('2025-10-01'), on('2025-10-01'));
    if (!r.ok) throw new Error(JSON.stringify(r.refusal));
    const served = r.proceeding;
    expect(served.decision?.servedOn).toBe(on('2025-10-01'));
    expect(appealDueOn(served, limits)).toBe(on('2025-10-16'));
    expect(dueSteps(served, limits).map((s) => `${s.step} ${isoFromDay(s.dueOn)}`)).toEqual([
      'appeal_period 2025-10-16',
    ]);
    expect(recordService(served, on('2025-10-01'), on('2025-10-02'))).toMatchObject({
      ok: false,
      refusal: { code: 'already_served' },
    });
    // Fifteen days after the decision (7 October) is past, fifteen after the service is not.
    expect(walk(served, { to: 'appeal_lodged', on: on('2025-10-08') }).appeal).toEqual({ lodgedOn: on('2025-10-08') });
    expect(refusal(served, { to: 'appeal_lodged', on: on('2025-10-17') })).toMatchObject({
      code: 'appeal_out_of_time',
      dueOn: on('2025-10-16'),
    });
    expect(recordService(opened(), on('2025-09-03'), on('2025-09-03'))).toMatchObject({ ok: false });
  });

  it('has the appeal reviewed by an officer the authority above (or, at the top of the registry, the issuing authority) designates: never the subject, a council member, the decider, someone related or who worked the findings', () => {
    // S's disciplining authority is DT-KV01 (H1 decided); the authority above is DT.
    const lodged = walk(decidedWarning(), { to: 'appeal_lodged', on: on('2025-09-30') });
    expect(lodged.appeal).toEqual({ lodgedOn: on('2025-09-30') });
    const codes = (reviewerId: string, context = org) => {
      const r = designateReviewer(lodged, { reviewerId, by: 'HP', on: on('2025-10-01') }, context);
      return r.ok ? [] : ((r.refusal as { problems?: ReviewerProblem[] }).problems ?? []).map((x) => x.code);
    };
    expect(codes('S')).toEqual(['is_subject']);
    expect(codes('X1')).toEqual(['not_of_appeal_authority', 'sat_on_council']);
    expect(codes('H1')).toEqual(['not_of_appeal_authority', 'sat_on_council', 'decided']);
    expect(codes('C1')).toEqual(['not_of_appeal_authority', 'sat_on_council']);
    expect(codes('I1')).toEqual(['worked_the_matter']);
    expect(codes('NOBODY')).toEqual(['unknown_officer']);
    const related = {
      ...org,
      officers: officers.map((o) => (o.officerId === 'X2' ? { ...o, relatedPartyIds: ['S'] } : o)),
    };
    expect(codes('X2', related)).toEqual(['declared_relation']);
    expect(codes('X2')).toEqual([]);
    expect(codes('HP')).toEqual([]);
    // A subject who heads DT-KV01 is disciplined by DT, the top of the registry: DT itself handles
    // the appeal (Law on Complaints, art. 51: the issuer resolves the first complaint), among its
    // officers — still never the decider, a council member or one who worked the findings.
    const top = { ...org, subject: { ...subjectRecord, role: 'head' } };
    expect(appealAuthority(top)).toEqual({ ok: true, unitId: 'DT', basis: 'issuer' });
    expect(appealAuthority(org)).toEqual({ ok: true, unitId: 'DT', basis: 'above' });
    expect(codes('X2', top)).toEqual([]);
    expect(codes('I1', top)).toEqual(['worked_the_matter']);
    expect(codes('C1', top)).toEqual(['not_of_appeal_authority', 'sat_on_council']);
    const decidedAtTop = { ...lodged, decision: { ...lodged.decision!, by: 'HP' } };
    const r = designateReviewer(decidedAtTop, { reviewerId: 'HP', by: 'HP', on: on('2025-10-01') }, top);
    expect(r.ok ? [] : ((r.refusal as { problems?: ReviewerProblem[] }).problems ?? []).map((x) => x.code)).toEqual([
      'decided',
    ]);
    // A subject heading a unit with nothing above it has no disciplining authority in the registry.
    const headOfProvince = { ...org, subject: { ...subjectRecord, unitId: 'DT', role: 'head' } };
    expect(appealAuthority(headOfProvince)).toMatchObject({ ok: false });
    expect(
      designateReviewer(decidedWarning(), { reviewerId: 'HP', by: 'HP', on: on('2025-10-01') }, org),
    ).toMatchObject({
      ok: false,
      refusal: { code: 'invalid_input', field: 'status' },
    });
  });

  it('lets only the designated reviewer resolve the appeal, and only while they are still eligible', () => {
    const lodged = walk(decidedWarning(), { to: 'appeal_lodged', on: on('2025-09-30') });
    const resolve = { to: 'appeal_resolved' as const, on: on('2025-10-20'), by: 'X2', result: 'upheld' as const };
    expect(refusal(lodged, resolve)).toMatchObject({ code: 'no_reviewer_yet' });
    const withX2 = designated(lodged, 'X2', '2025-10-01');
    expect(refusal(withX2, { ...resolve, by: 'HP' })).toMatchObject({ code: 'not_the_reviewer' });
    // A relation declared since the designation, in either direction.
    const declared = (who: string, to: string) => ({
      ...ctx,
      org: {
        ...org,
        subject: who === 'S' ? { ...subjectRecord, relatedPartyIds: [to] } : subjectRecord,
        officers: officers.map((o) => (o.officerId === who ? { ...o, relatedPartyIds: [to] } : o)),
      },
    });
    for (const context of [declared('X2', 'S'), declared('S', 'X2')]) {
      const r = transition(withX2, resolve, context);
      expect(r).toMatchObject({ ok: false, refusal: { code: 'reviewer_no_longer_eligible' } });
      expect(!r.ok && r.refusal.code === 'reviewer_no_longer_eligible' && r.refusal.problems[0]?.code).toBe(
        'declared_relation',
      );
    }
    // Moved to an area office since: no longer of the authority above.
    const moved = {
      ...ctx,
      org: { ...org, officers: officers.map((o) => (o.officerId === 'X2' ? { ...o, unitId: 'DT-KV02' } : o)) },
    };
    expect(transition(withX2, resolve, moved)).toMatchObject({
      ok: false,
      refusal: { code: 'reviewer_no_longer_eligible', problems: [{ code: 'not_of_appeal_authority' }] },
    });
    // The authority above designates another, who resolves.
    const replaced = designateReviewer(withX2, { reviewerId: 'HP', by: 'HP', on: on('2025-10-10') }, moved.org);
    if (!replaced.ok) throw new Error(JSON.stringify(replaced.refusal));
    expect(transition(replaced.proceeding, { ...resolve, by: 'HP' }, moved)).toMatchObject({
      ok: true,
      proceeding: { status: 'appeal_resolved', appeal: { reviewerId: 'HP', result: 'upheld' } },
    });
    expect(walk(withX2, resolve).appeal?.result).toBe('upheld');
    expect(
      refusal(withX2, { to: 'appeal_resolved', on: on('2025-10-20'), by: 'X2', result: 'changed', form: 'warning' }),
    ).toMatchObject({ code: 'invalid_input', field: 'form' });
    expect(
      refusal(withX2, { to: 'appeal_resolved', on: on('2025-10-20'), by: 'X2', result: 'changed', form: 'demotion' }),
    ).toMatchObject({ code: 'form_not_in_regime' });
  });

  it('gives the due days and reminder days of the running steps', () => {
    const steps = (p: Proceeding) =>
      dueSteps(p, limits).map((s) => `${s.step} ${isoFromDay(s.dueOn)} remind ${isoFromDay(s.remindOn)}`);
    const p = opened();
    expect(steps(p)).toEqual(['form_council 2025-09-10 remind 2025-09-09', 'decide 2025-12-01 remind 2025-11-28']);
    const heard = walk(p, formed, summoned);
    expect(steps(heard)[0]).toBe('hold_meeting 2025-09-15 remind 2025-09-12');
    expect(steps(walk(heard, met))[0]).toBe('recommend 2025-09-22 remind 2025-09-19');
    const r = walk(heard, met, round1('no_discipline', 'no_discipline', 'no_discipline'), {
      to: 'recommended',
      on: on('2025-09-16'),
    });
    expect(steps(r)[0]).toBe('decide_after_recommendation 2025-09-23 remind 2025-09-22');
    const d: Day = on('2025-09-18');
    expect(steps(walk(r, { to: 'decided', on: d, outcome: { kind: 'not_disciplined' } }))).toEqual([]);
  });
});
