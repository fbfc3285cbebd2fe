import { UnitTree } from '@thads/org';
import {
  canMeet,
  checkCouncil,
  checkSeat,
  composeCouncil,
  councilMembers,
  disciplinaryAuthority,
  EMPTY_COUNCIL,
  fillSeat,
  recusalsOf,
  seatKind,
  vacateSeat,
  type Council,
  type CouncilContext,
  type OfficerRecord,
} from './council';

// The merged Đồng Tháp agency above two of its area offices.
const tree = new UnitTree([
  { unitId: 'DT' },
  { unitId: 'DT-KV01', parentUnitId: 'DT' },
  { unitId: 'DT-KV02', parentUnitId: 'DT' },
]);

const officer = (officerId: string, unitId: string, role: string, relatedPartyIds: string[] = []): OfficerRecord => ({
  officerId,
  unitId,
  role,
  relatedPartyIds,
});

const registry: OfficerRecord[] = [
  officer('S', 'DT-KV01', 'enforcement_officer', ['R1']), // the subject, who declared R1
  officer('H1', 'DT-KV01', 'head'),
  officer('D1', 'DT-KV01', 'deputy_head'),
  officer('C1', 'DT-KV01', 'clerk'),
  officer('HP', 'DT', 'head'),
  officer('DP', 'DT', 'deputy_head'),
  officer('I1', 'DT', 'inspector'), // worked the inspection
  officer('X2', 'DT', 'clerk'),
  officer('R1', 'DT-KV02', 'clerk'),
  officer('R2', 'DT-KV02', 'inspector', ['S']), // declared the subject
  officer('X1', 'DT-KV02', 'inspector'),
  officer('H2', 'DT-KV02', 'head'),
];

const about = (subjectId: string, officers = registry): CouncilContext => {
  const subject = officers.find((o) => o.officerId === subjectId);
  if (!subject) throw new Error(`no officer ${subjectId}`);
  return { subject, officers, tree, workedTheMatter: ['I1'] };
};

const ctx = about('S');
const valid: Council = { chair: 'H1', member_1: 'X1', member_2: 'C1' };
const grounds = (officerId: string, c: CouncilContext = ctx, seat: 'chair' | 'member_1' = 'member_1') => {
  const o = c.officers.find((x) => x.officerId === officerId);
  if (!o) throw new Error(officerId);
  const authority = disciplinaryAuthority(c.subject, tree);
  return recusalsOf(o, seat, c, authority.ok ? authority.unitId : undefined).map((r) => r.ground);
};

describe('discipline council', () => {
  it('is disciplined by their own unit, or by the unit above when the subject is its head', () => {
    expect(disciplinaryAuthority(about('S').subject, tree)).toEqual({ ok: true, unitId: 'DT-KV01' });
    expect(disciplinaryAuthority(about('D1').subject, tree)).toEqual({ ok: true, unitId: 'DT-KV01' });
    expect(disciplinaryAuthority(about('H1').subject, tree)).toEqual({ ok: true, unitId: 'DT' });
    expect(disciplinaryAuthority(about('HP').subject, tree)).toMatchObject({
      ok: false,
      code: 'authority_outside_registry',
    });
  });

  it('accepts three members chaired by the head of the subject’s unit, none of them concerned', () => {
    expect(checkCouncil(valid, ctx)).toEqual({ ok: true });
    expect(checkCouncil({ ...valid, chair: 'D1' }, ctx)).toEqual({ ok: true });
    expect(councilMembers(valid)).toEqual(['H1', 'X1', 'C1']);
    expect(seatKind('chair')).toBe('chair');
    expect(seatKind('member_2')).toBe('member');
  });

  it('recuses the subject', () => {
    expect(grounds('S')).toEqual(['is_subject']);
    expect(checkSeat(valid, 'member_1', 'S', ctx)).toEqual([
      {
        seat: 'member_1',
        code: 'recused',
        officerId: 'S',
        recusals: [{ ground: 'is_subject', detail: expect.any(String) }],
      },
    ]);
  });

  it('recuses the heads and deputies of the subject’s unit and of the units above it, except the authority’s leader in the chair', () => {
    expect(grounds('D1')).toEqual(['chain_of_command']);
    expect(grounds('H1')).toEqual(['chain_of_command']);
    expect(grounds('HP')).toEqual(['chain_of_command']);
    expect(grounds('DP')).toEqual(['chain_of_command']);
    expect(grounds('H1', ctx, 'chair')).toEqual([]);
    // Leaders of another branch are not in the chain.
    expect(grounds('H2')).toEqual([]);
    // The province's head is in the chain and is not the authority: neither seat.
    expect(checkSeat(EMPTY_COUNCIL, 'chair', 'HP', ctx).map((p) => p.code)).toEqual([
      'recused',
      'chair_not_authority_leader',
    ]);
  });

  it('recuses, when the subject heads the unit, that unit’s deputies and the province’s deputy, and lets the province’s head chair', () => {
    const head = about('H1');
    expect(grounds('D1', head)).toEqual(['chain_of_command']);
    expect(grounds('DP', head)).toEqual(['chain_of_command']);
    expect(checkCouncil({ chair: 'HP', member_1: 'X1', member_2: 'C1' }, head)).toEqual({ ok: true });
    expect(checkCouncil({ chair: 'D1', member_1: 'X1', member_2: 'C1' }, head)).toMatchObject({
      ok: false,
      problems: [
        { seat: 'chair', code: 'recused' },
        { seat: 'chair', code: 'chair_not_authority_leader', authorityUnitId: 'DT' },
      ],
    });
  });

  it('recuses whoever worked the findings or the inspection', () => {
    expect(grounds('I1')).toEqual(['worked_the_matter']);
  });

  it('recuses a declared relation in either direction', () => {
    expect(grounds('R1')).toEqual(['declared_relation']); // the subject declared R1
    expect(grounds('R2')).toEqual(['declared_relation']); // R2 declared the subject
    expect(grounds('X1')).toEqual([]);
  });

  it('lists every ground that applies', () => {
    const officers = registry.map((o) => (o.officerId === 'DP' ? { ...o, relatedPartyIds: ['S'] } : o));
    const c: CouncilContext = { ...about('S', officers), workedTheMatter: ['I1', 'DP'] };
    expect(grounds('DP', c)).toEqual(['chain_of_command', 'worked_the_matter', 'declared_relation']);
  });

  it('requires the chair to lead the disciplining authority and nobody to sit twice or be unknown', () => {
    expect(checkCouncil({ chair: 'X1', member_1: 'X2', member_2: 'C1' }, ctx)).toEqual({
      ok: false,
      problems: [{ seat: 'chair', code: 'chair_not_authority_leader', officerId: 'X1', authorityUnitId: 'DT-KV01' }],
    });
    expect(checkCouncil({ ...valid, member_2: 'X1' }, ctx)).toMatchObject({
      ok: false,
      problems: [
        { seat: 'member_1', code: 'sits_twice' },
        { seat: 'member_2', code: 'sits_twice' },
      ],
    });
    expect(checkSeat(valid, 'member_2', 'NOBODY', ctx)).toEqual([
      { seat: 'member_2', code: 'unknown_officer', officerId: 'NOBODY' },
    ]);
    expect(checkCouncil(valid, about('HP'))).toMatchObject({
      ok: false,
      problems: expect.arrayContaining([
        { seat: 'chair', code: 'authority_outside_registry', message: expect.any(String) },
      ]),
    });
  });

  it('meets only when all three members are present', () => {
    expect(canMeet(valid, ['H1', 'X1', 'C1', 'S'], ctx)).toEqual({ ok: true });
    expect(canMeet(valid, ['H1', 'C1'], ctx)).toEqual({ ok: false, code: 'member_absent', absent: ['member_1'] });
    expect(canMeet(valid, [], ctx)).toMatchObject({ absent: ['chair', 'member_1', 'member_2'] });
  });

  it('refuses to meet with a seat left vacant by a recusal until it is filled again', () => {
    // X1 declares a relation to the subject after the council was formed.
    const later = registry.map((o) => (o.officerId === 'X1' ? { ...o, relatedPartyIds: ['S'] } : o));
    const now = about('S', later);
    const before = canMeet(valid, ['H1', 'X1', 'C1'], now);
    expect(before).toMatchObject({ ok: false, code: 'council_incomplete' });
    const vacated = vacateSeat(valid, 'member_1');
    expect(canMeet(vacated, ['H1', 'C1'], now)).toMatchObject({
      ok: false,
      code: 'council_incomplete',
      problems: [{ seat: 'member_1', code: 'vacant' }],
    });
    expect(fillSeat(vacated, 'member_1', 'R1', now)).toMatchObject({ ok: false, problems: [{ code: 'recused' }] });
    const filled = fillSeat(vacated, 'member_1', 'X2', now);
    expect(filled.ok).toBe(true);
    if (filled.ok) expect(canMeet(filled.council, ['H1', 'X2', 'C1'], now)).toEqual({ ok: true });
  });

  it('recuses a proposed member automatically and seats the first candidate who may sit there', () => {
    // R1 is related to the subject; I1 worked the inspection (and is skipped as a candidate); X2 may sit.
    const formed = composeCouncil({ chair: 'H1', member_1: 'R1', member_2: 'C1' }, ['I1', 'C1', 'X2', 'X1'], ctx);
    expect(formed).toEqual({
      ok: true,
      council: { chair: 'H1', member_1: 'X2', member_2: 'C1' },
      recused: [
        {
          seat: 'member_1',
          officerId: 'R1',
          recusals: [{ ground: 'declared_relation', detail: expect.any(String) }],
          replacedBy: 'X2',
        },
      ],
    });
    // Nothing to mend: the proposal stands as it is.
    expect(composeCouncil(valid, ['X2'], ctx)).toEqual({ ok: true, council: valid, recused: [] });
  });

  it('fills empty seats from the candidates, a leader of the authority in the chair', () => {
    expect(composeCouncil(EMPTY_COUNCIL, ['X1', 'D1', 'C1', 'X2'], ctx)).toEqual({
      ok: true,
      council: { chair: 'D1', member_1: 'X1', member_2: 'C1' },
      recused: [],
    });
  });

  it('refills, before the meeting, a seat whose member a relation declared since has recused', () => {
    const later = registry.map((o) => (o.officerId === 'X1' ? { ...o, relatedPartyIds: ['S'] } : o));
    expect(composeCouncil(valid, ['R2', 'X2'], about('S', later))).toMatchObject({
      ok: true,
      council: { chair: 'H1', member_1: 'X2', member_2: 'C1' },
      recused: [{ seat: 'member_1', officerId: 'X1', replacedBy: 'X2' }],
    });
  });

  it("answers the proposer's own mistakes, and a recused seat nobody can fill, with their problems", () => {
    expect(composeCouncil({ chair: 'X1', member_1: 'X2', member_2: 'C1' }, ['D1'], ctx)).toMatchObject({
      ok: false,
      problems: [{ seat: 'chair', code: 'chair_not_authority_leader' }],
    });
    expect(composeCouncil({ chair: 'H1', member_1: 'R2', member_2: 'C1' }, ['I1', 'S'], ctx)).toMatchObject({
      ok: false,
      problems: [{ seat: 'member_1', code: 'recused', officerId: 'R2' }],
      recused: [{ seat: 'member_1', officerId: 'R2' }],
    });
  });
});
