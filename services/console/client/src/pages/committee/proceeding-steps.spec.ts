import {
  councilIds,
  daysUntil,
  roundDue,
  stepsFor,
  type Proceeding,
  type ProceedingStatus,
  type Viewer,
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

const chair: Viewer = { officerId: 'H1', unitId: 'DT-KV01', roles: ['committee_chair'] };
const member: Viewer = { officerId: 'X2', unitId: 'DT-KV01', roles: ['committee_member'] };
const subject: Viewer = { officerId: 'S', unitId: 'DT-KV01', roles: ['inspector'] };
const above: Viewer = { officerId: 'HP', unitId: 'DT', roles: ['leadership'] };

describe('the steps the proceeding page offers', () => {
  it('offers the authority the council while the proceeding is opened, and a member nothing', () => {
    expect(stepsFor(aProceeding('opened'), chair)).toEqual(['formCouncil', 'extend', 'exclude', 'investigators']);
    expect(stepsFor(aProceeding('opened'), member)).toEqual([]);
    // A committee chair of another unit is not the authority of this one.
    expect(stepsFor(aProceeding('opened'), { ...chair, unitId: 'DT-KV02' })).toEqual([]);
  });

  it('offers the summons to the chair of the council, the meeting once summoned, and the subject their response until the meeting', () => {
    expect(stepsFor(aProceeding('council_formed'), chair)).toEqual(
      expect.arrayContaining(['recheckCouncil', 'summon']),
    );
    expect(stepsFor(aProceeding('council_formed'), chair)).not.toContain('meet');
    expect(stepsFor(aProceeding('summoned'), chair)).toEqual(expect.arrayContaining(['summon', 'meet']));
    expect(stepsFor(aProceeding('summoned'), subject)).toEqual(['respond']);
    expect(stepsFor(aProceeding('met', { metOn: '2026-12-14' }), subject)).toEqual([]);
  });

  it('opens round 1 after the meeting, round 2 after a vote for discipline or without a majority, and recommends otherwise', () => {
    const r1 = (outcome: string) => ({ roundId: 'DP-F-1-r1', question: 'discipline', outcome, commitment: 'c' });
    const r2 = (outcome: string) => ({ roundId: 'DP-F-1-r2', question: 'form', outcome, commitment: 'c' });
    expect(stepsFor(aProceeding('met'), chair)).toContain('openRound');
    expect(stepsFor(aProceeding('round_1', { rounds: [r1('discipline')] }), chair)).toContain('openRound');
    expect(stepsFor(aProceeding('round_1', { rounds: [r1('discipline')] }), chair)).not.toContain('recommend');
    expect(stepsFor(aProceeding('round_1', { rounds: [r1('no_discipline')] }), chair)).toContain('recommend');
    expect(stepsFor(aProceeding('round_2', { rounds: [r1('discipline'), r2('no_majority')] }), chair)).toContain(
      'openRound',
    );
    expect(stepsFor(aProceeding('round_2', { rounds: [r1('discipline'), r2('warning')] }), chair)).toContain(
      'recommend',
    );
    expect(roundDue(aProceeding('round_2', { rounds: [r1('discipline'), r2('warning')] }))).toBeUndefined();
    // A member votes but does not open rounds.
    expect(stepsFor(aProceeding('met'), member)).toEqual([]);
  });

  it('offers the decision, its service and the appeal to whom they belong', () => {
    expect(stepsFor(aProceeding('recommended'), chair)).toContain('decide');
    const decided = aProceeding('decided', {
      decision: { on: '2026-12-15', outcome: 'disciplined', form: 'warning' },
    });
    expect(stepsFor(decided, chair)).toEqual(['serve']);
    expect(stepsFor(decided, subject)).toEqual(['appeal']);
    const served = aProceeding('decided', {
      decision: { on: '2026-12-15', outcome: 'not_disciplined', servedOn: '2026-12-16' },
    });
    expect(stepsFor(served, chair)).toEqual([]);
    expect(stepsFor(served, subject)).toEqual([]);
  });

  it('lets the authority above designate the reviewer, and the reviewer alone resolve the appeal', () => {
    const lodged = aProceeding('appeal_lodged', { appeal: { lodgedOn: '2026-12-31', dueOn: '2027-02-01' } });
    expect(stepsFor(lodged, above)).toEqual(['designateReviewer']);
    expect(stepsFor(lodged, chair)).toEqual([]);
    const designated = aProceeding('appeal_lodged', {
      appeal: { lodgedOn: '2026-12-31', dueOn: '2027-02-01', reviewerId: 'RV' },
    });
    expect(stepsFor(designated, { officerId: 'RV', unitId: 'DT', roles: ['committee_member'] })).toEqual([
      'resolveAppeal',
    ]);
    expect(stepsFor(designated, member)).toEqual([]);
  });

  it('stops offering the extension once granted, and everything before the decision after it', () => {
    const extended = aProceeding('summoned', {
      limits: {
        decisionDueOn: '2027-05-07',
        decisionDays: 150,
        excludedDays: 0,
        exclusions: [],
        running: [],
        extension: { grantedOn: '2026-12-10', reason: 'phức tạp' },
      },
    });
    expect(stepsFor(extended, chair)).not.toContain('extend');
    expect(stepsFor(extended, chair)).toContain('exclude');
    expect(stepsFor(aProceeding('referred_to_investigators'), chair)).toEqual([]);
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
