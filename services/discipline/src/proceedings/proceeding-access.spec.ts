import type { Principal } from '@thads/auth';
import { AppError } from '@thads/http';
import { OrgSnapshot, type OrgRepository } from '@thads/org';
import { dayFromIso } from '@thads/rules';
import type { CouncilContext } from '../domain';
import { ProceedingAccess } from './proceeding-access';
import type { ProceedingDoc } from './proceeding-record';
import type { ProceedingsRepository } from './proceedings.repository';

/*
 * Who designates an appeal's reviewer when the disciplining authority is the top of the registry:
 * its own head or deputy (the law's first step) — but never the one who decided, nor a member of
 * the council, who are leaders of that very unit.
 */

const org = new OrgSnapshot(
  [{ unitId: 'DT' }, { unitId: 'DT-KV01', parentUnitId: 'DT' }],
  [
    { officerId: 'S', unitId: 'DT-KV01', role: 'head', relatedPartyIds: [] },
    { officerId: 'HP', unitId: 'DT', role: 'head', relatedPartyIds: [] },
    { officerId: 'DP', unitId: 'DT', role: 'deputy_head', relatedPartyIds: [] },
    { officerId: 'DQ', unitId: 'DT', role: 'deputy_head', relatedPartyIds: [] },
    { officerId: 'CL', unitId: 'DT', role: 'clerk', relatedPartyIds: [] },
  ],
);
const subject = org.officer('S')!;
const council: CouncilContext = { subject, officers: org.officers, tree: org.tree, workedTheMatter: [] };

// S heads DT-KV01, so DT disciplines them; nothing is above DT. HP decided; DQ sat on the council.
const doc = {
  _id: 'DP-TOP',
  officerId: 'S',
  unitId: 'DT-KV01',
  proceeding: {
    everSat: ['DQ', 'CL', 'X'],
    decision: { on: dayFromIso('2026-12-01'), by: 'HP', outcome: { kind: 'disciplined', form: 'warning' } },
  },
} as unknown as ProceedingDoc;

const access = new ProceedingAccess({} as ProceedingsRepository, {} as OrgRepository);
const as = (officerId: string): Principal => ({
  sub: officerId.toLowerCase(),
  roles: ['leadership'],
  unitId: 'DT',
  officerId,
});

function refusal(officerId: string): string | undefined {
  try {
    access.appealAuthority(as(officerId), doc, org, council);
    return undefined;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return err.code;
  }
}

describe('the appeal authority at the top of the registry', () => {
  it('lets a leader of the disciplining authority designate, but not the decider nor a council member', () => {
    expect(refusal('DP')).toBeUndefined();
    expect(refusal('HP')).toBe('PROCEEDING_CONCERNED');
    expect(refusal('DQ')).toBe('PROCEEDING_CONCERNED');
    // Not a leader of the authority, and the subject: refused as before.
    expect(refusal('CL')).toBe('NOT_THE_SUPERIOR_AUTHORITY');
    expect(refusal('S')).toBe('PROCEEDING_CONCERNED');
  });
});
