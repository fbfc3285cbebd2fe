import { parseRfc3339, type CaseStreamEvent } from '@thads/contracts';
import { aCase } from '@thads/contracts/testing';
import { CaseEngine } from './engine';
import { newCaseState } from './state';

/**
 * Not a speed test: it pins the *shape* of the state kept per case, so that a change which
 * bloats it shows up here. The byte figures for the docs come from the benchmark.
 */
describe('case state size', () => {
  it('stays under 1 KB of JSON for a case with a full money and auction history', () => {
    const c = aCase('C-0000123456', 'U-DT-AREA-07')
      .on('2025-03-03')
      .received({ creditorIds: ['P-000001', 'P-000002'] })
      .decisionIssued()
      .assigned('O-000042')
      .notified()
      .on('2025-03-20')
      .valued('ASSET-0001', 1_200_000_000)
      .on('2025-04-15')
      .auctionSold('ASSET-0001', 1_000_000_000)
      .on('2025-04-16')
      .collected(1_000_000_000)
      .on('2025-04-20')
      .disbursed(600_000_000)
      .disbursed(400_000_000)
      .on('2025-04-21')
      .closed();
    const engine = new CaseEngine();
    const state = newCaseState(c.caseId, c.unitId, 3);
    for (const e of c.events) engine.apply(state, { event: e as CaseStreamEvent, at: parseRfc3339(e.occurredAt) });
    const bytes = Buffer.byteLength(JSON.stringify(state));
    expect(bytes).toBeLessThan(1024);
    expect(state.deadlines ?? []).toEqual([]);
  });
});
