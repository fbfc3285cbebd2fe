import {
  councilIds,
  daysUntil,
  isCouncilMember,
  mayVote,
  roundDue,
  stepsFor,
  type Proceeding,
  type ProceedingStatus,
} from './proceeding-steps';

const NEXT: Record<ProceedingStatus, ProceedingStatus[]> = {
  opened: ['council_formed', 'referred_to_investigators', 'closed_time_barred'],
  council_formed: ['summoned', 'referred_to_investigators', 'closed_time_barred'],
  summoned: ['summoned', 'met', 'referred_to_investigators', 'closed_time_barred'],
  met: ['round_1', 'referred_to_investigators', 'closed_time_barred'],
  round_1: ['round_2', 'recommended', 'referred_to_investigators', 'closed_time_barred'],
  round_2: ['round_2', 'recommended', 'referred_to_investigators', 'closed_time_barred'],
  recommended: ['decided', 'referred_to_investigators', 'closed_time_barred'],
  decided: ['appeal_lodged'],
  appeal_lodged: ['appeal_resolved'],
  appeal_resolved: [],
  referred_to_investigators: [],
  closed_time_barred: [],
};

/** A proceeding about S of DT-KV01, whose council H1 chairs with X2 and C1, at `status`. */
function aProceeding(status: ProceedingStatus, more: Partial<Proceeding> = {}): Proceeding {
  return {
    proceedingId: 'DP-F-1',
    version: 3,
    status,
    allowedNext: NEXT[status],
    allowedSteps: [],
    subject: { officerId: 'S', unitId: 'DT-KV01', employment: 'civil_servant', position: 'staff' },
    authorityUnitId: 'DT-KV01',
    regimes: [],
    allowedForms: ['reprimand', 'warning', 'dismissal'],
    openedOn: '2026-12-07',
    discoveredOn: '2026-12-07',
    limits: { decisionDueOn: '2027-03-08', decisionDays: 90, excludedDays: 0, exclusions: [], running: [] },
    findings: [],
    timeBarred: [],
    council:
      status === 'opened'
        ? undefined
        : { chair: { officerId: 'H1' }, member_1: { officerId: 'X2' }, member_2: { officerId: 'C1' } },
    recusals: [],
    calls: [],
    submissions: [],
    rounds: [],
    ...more,
  };
}

describe('the steps the proceeding page offers', () => {
  it('offers exactly the steps the service lists, in its order, the vote in the ballot tab', () => {
    const p = aProceeding('met', { allowedSteps: ['exclude', 'investigators', 'openRound', 'vote'] });
    expect(stepsFor(p)).toEqual(['exclude', 'investigators', 'openRound']);
    expect(mayVote(p)).toBe(true);
    expect(stepsFor(aProceeding('met'))).toEqual([]);
    expect(mayVote(aProceeding('met'))).toBe(false);
  });

  it('knows the rounds due and who sits on the council', () => {
    const r1 = (outcome: string) => ({ roundId: 'DP-F-1-r1', question: 'discipline', outcome, commitment: 'c' });
    const r2 = (outcome: string) => ({ roundId: 'DP-F-1-r2', question: 'form', outcome, commitment: 'c' });
    expect(roundDue(aProceeding('met'))).toBe(1);
    expect(roundDue(aProceeding('round_1', { rounds: [r1('discipline')] }))).toBe(2);
    expect(roundDue(aProceeding('round_1', { rounds: [r1('no_discipline')] }))).toBeUndefined();
    expect(roundDue(aProceeding('round_2', { rounds: [r1('discipline'), r2('no_majority')] }))).toBe(2);
    expect(roundDue(aProceeding('round_2', { rounds: [r1('discipline'), r2('warning')] }))).toBeUndefined();
    expect(isCouncilMember(aProceeding('met'), { officerId: 'X2', unitId: 'DT-KV01', roles: [] })).toBe(true);
    expect(isCouncilMember(aProceeding('met'), { officerId: 'S', unitId: 'DT-KV01', roles: [] })).toBe(false);
  });

  it('lists the council chair first', () => {
    expect(councilIds(aProceeding('met'))).toEqual(['H1', 'X2', 'C1']);
    expect(councilIds(aProceeding('opened'))).toEqual([]);
  });
});

describe('days left to decide', () => {
  it('counts calendar days to the due day in Vietnam time', () => {
    // 23:30 UTC on 6 December is already 7 December in Hanoi.
    expect(daysUntil('2027-03-08', new Date('2026-12-06T23:30:00Z'))).toEqual({ kind: 'left', days: 91 });
    expect(daysUntil('2026-12-07', new Date('2026-12-07T09:00:00+07:00'))).toEqual({ kind: 'today' });
    expect(daysUntil('2026-12-05', new Date('2026-12-07T09:00:00+07:00'))).toEqual({ kind: 'overdue', days: 2 });
    expect(daysUntil('2026-12-08T00:00:00+07:00', new Date('2026-12-07T23:59:00+07:00'))).toEqual({
      kind: 'left',
      days: 1,
    });
  });
});
