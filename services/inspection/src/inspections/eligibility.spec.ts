import { UnitTree } from '@thads/org';
import { chooseInspector, ineligibility, type Candidate } from './eligibility';

const parents = new UnitTree([
  { unitId: 'DT' },
  { unitId: 'DT-KV01', parentUnitId: 'DT' },
  { unitId: 'DT-KV02', parentUnitId: 'DT' },
]);
const relations = new Map<string, string[]>([
  ['OFF-insp-rel', ['OFF-7']],
  ['OFF-8', ['OFF-insp-b']],
]);
const cand = (username: string, unitId: string, extra: Partial<Candidate> = {}): Candidate => ({
  username,
  unitId,
  load: 0,
  lastAssignedAt: 0,
  ...extra,
});

describe('inspector eligibility', () => {
  const subject = { unitId: 'DT-KV01', officerId: 'OFF-7' };

  it('accepts a provincial inspector with no tie to the officer', () => {
    expect(ineligibility(cand('a', 'DT', { officerId: 'OFF-insp-a' }), subject, parents, relations)).toBeUndefined();
  });

  it('refuses an inspector of the unit concerned', () => {
    expect(ineligibility(cand('k1', 'DT-KV01'), subject, parents, relations)).toMatch(/unit concerned/);
  });

  it('refuses an inspector who cannot see the unit', () => {
    expect(ineligibility(cand('k2', 'DT-KV02'), subject, parents, relations)).toMatch(/outside their scope/);
  });

  it('refuses the officer concerned', () => {
    expect(ineligibility(cand('o', 'DT', { officerId: 'OFF-7' }), subject, parents, relations)).toMatch(
      /officer concerned/,
    );
  });

  it('refuses a relation declared either way', () => {
    expect(ineligibility(cand('r', 'DT', { officerId: 'OFF-insp-rel' }), subject, parents, relations)).toMatch(
      /declared a relation to officer OFF-7/,
    );
    expect(
      ineligibility(
        cand('b', 'DT', { officerId: 'OFF-insp-b' }),
        { unitId: 'DT-KV01', officerId: 'OFF-8' },
        parents,
        relations,
      ),
    ).toMatch(/OFF-8 declared a relation/);
  });

  it('ignores officer checks when the finding names no officer', () => {
    expect(
      ineligibility(cand('r', 'DT', { officerId: 'OFF-insp-rel' }), { unitId: 'DT-KV01' }, parents, relations),
    ).toBeUndefined();
  });
});

describe('choosing an inspector', () => {
  const subject = { unitId: 'DT-KV01', officerId: 'OFF-7' };

  it('takes the least loaded eligible inspector, then the one who waited longest, then by name', () => {
    const list = [
      cand('c', 'DT', { load: 2 }),
      cand('b', 'DT', { load: 1, lastAssignedAt: 50 }),
      cand('a', 'DT', { load: 1, lastAssignedAt: 90 }),
      cand('z', 'DT-KV01', { load: 0 }),
    ];
    expect(chooseInspector(subject, list, 10, parents, relations)).toEqual({ ok: true, username: 'b' });
    expect(chooseInspector(subject, [cand('y', 'DT'), cand('x', 'DT')], 10, parents, relations)).toEqual({
      ok: true,
      username: 'x',
    });
  });

  it('respects the cap', () => {
    const list = [cand('a', 'DT', { load: 3 }), cand('b', 'DT', { load: 2 })];
    expect(chooseInspector(subject, list, 3, parents, relations)).toEqual({ ok: true, username: 'b' });
    const full = chooseInspector(subject, [cand('a', 'DT', { load: 3 })], 3, parents, relations);
    expect(full).toEqual({ ok: false, reason: expect.stringMatching(/cap/) as string });
  });

  it('says why nobody can take it', () => {
    expect(chooseInspector(subject, [], 3, parents, relations)).toEqual({
      ok: false,
      reason: 'there are no active inspectors',
    });
    expect(chooseInspector(subject, [cand('k', 'DT-KV01')], 3, parents, relations)).toEqual({
      ok: false,
      reason: expect.stringMatching(/eligible/) as string,
    });
  });
});
