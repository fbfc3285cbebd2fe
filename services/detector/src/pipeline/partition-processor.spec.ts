import type { AnyEvent } from '@thads/contracts';
import { aCase, tick } from '@thads/contracts/testing';
import { CaseEngine, type RaisedFinding } from '@thads/rules';
import { atRest, fromRest, PartitionProcessor, type CaseStream, type StreamRecord } from './partition-processor';

const engine = new CaseEngine();

/** Splits a time-ordered event list into the two topics' partitions, as producers would publish them. */
function topics(events: AnyEvent[]): Record<CaseStream, StreamRecord[]> {
  const out: Record<CaseStream, StreamRecord[]> = { case: [], finance: [] };
  for (const e of events) {
    const stream: CaseStream[] =
      e.type === 'clock.tick' ? ['case', 'finance'] : e.type.startsWith('finance.') ? ['finance'] : ['case'];
    for (const s of stream) out[s].push({ offset: String(out[s].length), value: Buffer.from(JSON.stringify(e)) });
  }
  return out;
}

function byTime(events: AnyEvent[]): AnyEvent[] {
  return [...events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
}

/** A small province day: four cases, each with one planted irregularity, and a clean one. */
function scenario(): AnyEvent[] {
  const late = aCase('C-late').on('2025-03-03').received().assigned('O-1').on('2025-03-14').decisionIssued().closed();
  const payout = aCase('C-pay')
    .on('2025-03-03')
    .received()
    .decisionIssued()
    .on('2025-03-04')
    .collected(250_000_000)
    .on('2025-03-20')
    .disbursed(250_000_000)
    .closed();
  const payee = aCase('C-payee')
    .on('2025-03-03')
    .received({ creditorIds: ['P1'] })
    .decisionIssued()
    .on('2025-03-05')
    .collected(9_000_000)
    .on('2025-03-06')
    .disbursed(9_000_000, 'P-nephew')
    .closed();
  const auction = aCase('C-auction')
    .on('2025-03-03')
    .received()
    .decisionIssued()
    .on('2025-03-10')
    .valued('A1', 2_000_000_000)
    .on('2025-04-10')
    .auctionSold('A1', 1_000_000_000)
    .closed();
  const clean = aCase('C-clean')
    .on('2025-03-03')
    .received()
    .decisionIssued()
    .on('2025-03-04')
    .collected(5_000_000)
    .on('2025-03-07')
    .disbursed(5_000_000)
    .closed();
  return [
    ...byTime([...late.events, ...payout.events, ...payee.events, ...auction.events, ...clean.events]),
    tick('2025-12-31T00:00:00+07:00'),
  ];
}

const key = (fs: RaisedFinding[]) => fs.map((f) => JSON.stringify(f)).sort();

function feed(p: PartitionProcessor, order: [CaseStream, StreamRecord[]][]): RaisedFinding[] {
  return order.flatMap(([s, rs]) => p.ingest(s, rs).findings);
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

describe('PartitionProcessor', () => {
  const t = topics(scenario());
  const interleaved = (() => {
    const c = chunks(t.case, 2);
    const f = chunks(t.finance, 1);
    const order: [CaseStream, StreamRecord[]][] = [];
    for (let i = 0; i < Math.max(c.length, f.length); i += 1) {
      if (c[i]) order.push(['case', c[i]!]);
      if (f[i]) order.push(['finance', f[i]!]);
    }
    return order;
  })();

  it('raises each planted irregularity exactly once and nothing on the clean case', () => {
    const fs = feed(new PartitionProcessor(0, engine), interleaved);
    expect(fs.map((f) => `${f.ruleId}@${f.caseId}`).sort()).toEqual([
      'auction-below-valuation@C-auction',
      'late-decision@C-late',
      'payee-not-party@C-payee',
      'payout-overdue@C-pay',
    ]);
  });

  it('gives the same findings when all finance events arrive before any case event', () => {
    const a = feed(new PartitionProcessor(0, engine), interleaved);
    const b = feed(new PartitionProcessor(0, engine), [
      ['finance', t.finance],
      ['case', t.case],
    ]);
    expect(key(b)).toEqual(key(a));
  });

  it('gives the same findings when all case events arrive first, one at a time', () => {
    const a = feed(new PartitionProcessor(0, engine), interleaved);
    const b = feed(new PartitionProcessor(0, engine), [
      ...chunks(t.case, 1).map((c) => ['case', c] as [CaseStream, StreamRecord[]]),
      ['finance', t.finance],
    ]);
    expect(key(b)).toEqual(key(a));
  });

  it('waits for the slower topic: a finance event is not judged before the case clock reaches it', () => {
    const p = new PartitionProcessor(0, engine);
    expect(p.ingest('finance', t.finance).findings).toEqual([]);
    expect(p.buffered).toBeGreaterThan(0);
    expect(p.commitPositions().finance).toBe(0);
  });

  it('ignores a batch delivered twice', () => {
    const p = new PartitionProcessor(0, engine);
    const once = feed(p, interleaved);
    expect(feed(p, interleaved)).toEqual([]);
    expect(once).toHaveLength(4);
  });

  it('gives the same findings after a restart from the stored state and committed offsets', () => {
    const full = feed(new PartitionProcessor(0, engine), interleaved);
    const first = new PartitionProcessor(0, engine);
    const half = Math.floor(interleaved.length / 2);
    const before = feed(first, interleaved.slice(0, half));
    // Persist as the service does: dirty states (as stored text), clocks, then commit positions.
    const stored = first.takeDirtyStored();
    const positions = first.commitPositions();
    const checkpoint = first.checkpointClocks();
    // Some more work that is processed but never persisted (the crash).
    feed(first, interleaved.slice(half, half + 2));
    const restarted = new PartitionProcessor(0, engine, { clocks: checkpoint, stored });
    const rest = feed(restarted, [
      ['case', t.case.filter((r) => Number(r.offset) >= (positions.case ?? 0))],
      ['finance', t.finance.filter((r) => Number(r.offset) >= (positions.finance ?? 0))],
    ]);
    expect(
      key([...before, ...rest].filter((f, i, all) => all.findIndex((g) => g.findingId === f.findingId) === i)),
    ).toEqual(key(full));
  });

  it('keeps a complaint that names no case under its officer key and raises a late resolution without a case id', () => {
    const p = new PartitionProcessor(0, engine);
    const complaint = {
      eventId: 'k1',
      type: 'complaint.received',
      schemaVersion: 1,
      occurredAt: '2025-04-01T09:00:00+07:00',
      unitId: 'U-DT-01',
      data: { complaintId: 'K1', kind: 'complaint', againstOfficerId: 'O-9', topic: 'harassment' },
    };
    const t = tick('2025-12-31T00:00:00+07:00');
    p.ingest('case', [
      { offset: '0', key: 'O-9', value: Buffer.from(JSON.stringify(complaint)) },
      { offset: '1', key: 'tick', value: Buffer.from(JSON.stringify(t)) },
    ]);
    const fs = p.ingest('finance', [{ offset: '0', key: 'tick', value: Buffer.from(JSON.stringify(t)) }]).findings;
    expect(fs).toEqual([
      expect.objectContaining({ ruleId: 'late-complaint-resolution', officerId: 'O-9', unitId: 'U-DT-01' }),
    ]);
    expect(fs[0]?.caseId).toBeUndefined();
  });

  it('after a restart, holds replayed events until both topics pass them again, as before the restart', () => {
    // The case topic runs ahead: its closure (09:00 on 7 March) is buffered while the payout of
    // the same minute has not arrived. A restart must not release the closure alone.
    const c = aCase('C-x')
      .on('2025-03-03')
      .received()
      .decisionIssued()
      .on('2025-03-04')
      .collected(5_000_000)
      .on('2025-03-07')
      .disbursed(5_000_000)
      .closed();
    const tt = topics([...c.events, tick('2025-03-10T00:00:00+07:00')]);
    const first = new PartitionProcessor(0, engine);
    first.ingest('case', tt.case);
    first.ingest('finance', tt.finance.slice(0, 1));
    const positions = first.commitPositions();
    const restarted = new PartitionProcessor(0, engine, {
      clocks: first.checkpointClocks(),
      stored: first.takeDirtyStored(),
    });
    const fs = [
      ...restarted.ingest(
        'case',
        tt.case.filter((r) => Number(r.offset) >= (positions.case ?? 0)),
      ).findings,
      ...restarted.ingest(
        'finance',
        tt.finance.filter((r) => Number(r.offset) >= (positions.finance ?? 0)),
      ).findings,
    ];
    expect(fs.map((f) => f.ruleId)).toEqual([]);
  });

  it('rejects a malformed record with its offset and reason and carries on', () => {
    const p = new PartitionProcessor(0, engine);
    const r = p.ingest('case', [{ offset: '0', value: Buffer.from('{oops') }, t.case[0]!]);
    expect(r.rejected).toEqual([{ offset: '0', reason: expect.stringMatching(/^value is not JSON/) }]);
    expect(p.commitPositions().case).toBe(1);
  });

  it('keeps cases at rest as compact text that reads back to the same state', () => {
    const state = {
      caseId: 'DT-KV01-2025-000123',
      unitId: 'DT-KV01',
      p: 3,
      ids: [9007199254740991, 1234567890123, 0, 42],
      officerId: 'O-1',
      lots: [{ eventId: 'DT-KV01-2025-000123-5', receiptNo: 'BL-DT-KV01-2025-000123-1', at: 1, amount: 5, left: 5 }],
    };
    const text = atRest(state);
    expect(text).not.toContain('DT-KV01-2025-000123');
    // Three mentions of the 19-character id, each now one character; hashes in base 36.
    expect(text.length).toBeLessThan(JSON.stringify(state).length - 3 * 18 - 8);
    expect(fromRest(state.caseId, text)).toEqual(state);
    expect(fromRest('C-0', atRest({ caseId: 'C-0', unitId: 'U', p: 0, ids: [] }))).toEqual({
      caseId: 'C-0',
      unitId: 'U',
      p: 0,
      ids: [],
    });
  });
});
