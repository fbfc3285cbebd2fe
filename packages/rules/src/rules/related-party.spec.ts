import { aCase } from '@thads/contracts/testing';
import { CaseEngine } from '../engine';
import { InMemoryRegistry } from '../registry';
import { END_2025, runRule } from '../__tests__/run';

function registry() {
  const r = new InMemoryRegistry();
  const at = Date.parse('2025-01-01T00:00:00+07:00');
  r.apply('registry.officer', at, {
    officerId: 'O-1',
    unitId: 'U-DT-01',
    name: 'A',
    role: 'enforcement_officer',
    relatedPartyIds: ['P-nephew', 'AP-cousin'],
    bankAccountHashes: ['h-o1'],
  });
  r.apply('registry.officer', at, {
    officerId: 'O-2',
    unitId: 'U-DT-02',
    name: 'B',
    role: 'accountant',
    relatedPartyIds: [],
    bankAccountHashes: ['h-o2'],
  });
  r.apply('registry.party', at, { partyId: 'P-front', kind: 'person', bankAccountHashes: ['h-o2'] });
  return r;
}
const engine = () => new CaseEngine(undefined, undefined, undefined, registry());
const started = () =>
  aCase('C-1')
    .on('2025-03-03')
    .received({ creditorIds: ['P-creditor', 'P-nephew'] })
    .decisionIssued()
    .assigned('O-1');

describe('related-party', () => {
  it('raises when the assigned officer pays a declared relative, even one listed as a creditor', () => {
    const c = started().on('2025-03-10').collected(5_000_000).disbursed(5_000_000, 'P-nephew');
    const fs = runRule('related-party', c.events, END_2025, engine());
    expect(fs).toEqual([expect.objectContaining({ severity: 'critical', officerId: 'O-1' })]);
    expect(fs[0]?.evidence.figures).toMatchObject({ role: 'payee', declaredRelation: true });
  });
  it('raises when a payee is paid into an account an officer declared as their own', () => {
    const c = started().on('2025-03-10').collected(5_000_000).disbursed(5_000_000, 'P-front');
    expect(runRule('related-party', c.events, END_2025, engine())[0]?.evidence.figures).toMatchObject({
      accountOwners: ['O-2'],
    });
  });
  it('raises for a related appraiser and a related auction winner', () => {
    const c = started()
      .on('2025-04-01')
      .valued('A', 100, 'AP-cousin')
      .on('2025-05-01')
      .auctionSold('A', 100, { winnerId: 'P-nephew' });
    expect(runRule('related-party', c.events, END_2025, engine()).map((f) => f.evidence.figures['role'])).toEqual([
      'appraiser',
      'winner',
    ]);
  });
  it('does not raise for an unrelated payee, or when the officer has declared nothing', () => {
    const c = started().on('2025-03-10').collected(5_000_000).disbursed(5_000_000, 'P-creditor');
    expect(runRule('related-party', c.events, END_2025, engine())).toEqual([]);
    expect(
      runRule('related-party', started().on('2025-03-10').collected(1).disbursed(1, 'P-nephew').events, END_2025),
    ).toEqual([]);
  });
  it('keeps the latest registry entry per officer', () => {
    const r = registry();
    r.apply('registry.officer', Date.parse('2025-02-01T00:00:00+07:00'), {
      officerId: 'O-1',
      unitId: 'U-DT-01',
      name: 'A',
      role: 'enforcement_officer',
      relatedPartyIds: [],
      bankAccountHashes: [],
    });
    r.apply('registry.officer', Date.parse('2024-12-01T00:00:00+07:00'), {
      officerId: 'O-1',
      unitId: 'U-DT-01',
      name: 'A',
      role: 'enforcement_officer',
      relatedPartyIds: ['P-nephew'],
      bankAccountHashes: [],
    });
    expect(r.officer('O-1')?.relatedPartyIds).toEqual([]);
  });
});
