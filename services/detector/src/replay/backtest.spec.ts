import type { AnyEvent } from '@thads/contracts';
import { aCase, tick } from '@thads/contracts/testing';
import { DEFAULT_RULE_VERSIONS, OFFICIAL_DAYS_OFF } from '@thads/rules';
import { Backtest, streamOf, type ReplayRecord } from './backtest';

const records = (events: AnyEvent[]): ReplayRecord[] =>
  events.map((e) => ({
    stream: streamOf(JSON.stringify(e)),
    key: 'caseId' in e ? (e.caseId ?? null) : null,
    value: JSON.stringify(e),
  }));

describe('Backtest', () => {
  it('replays a file of mixed events in order and counts findings per rule and the share of cases flagged', () => {
    const late = aCase('B-1').on('2025-03-03').received().on('2025-03-20').decisionIssued().closed();
    const fine = aCase('B-2').on('2025-03-03').received().decisionIssued().on('2025-03-04').closed();
    const events = [...late.events, ...fine.events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    const bt = new Backtest(DEFAULT_RULE_VERSIONS, OFFICIAL_DAYS_OFF);
    bt.feed(records([...events, tick('2025-04-01T00:00:00+07:00')]));
    bt.feed([{ stream: 'case', key: null, value: '{not json' }]);
    const s = bt.summary();
    expect(s.perRule).toEqual([{ ruleId: 'late-decision', findings: 1, casesFlagged: 1, shareOfCases: 0.5 }]);
    expect([s.cases, s.rejected]).toEqual([2, 1]);
  });

  it('raises deadlines up to --until even without ticks in the file', () => {
    const bt = new Backtest(DEFAULT_RULE_VERSIONS, OFFICIAL_DAYS_OFF);
    bt.feed(records(aCase('B-3').on('2025-03-03').received().events));
    expect(bt.summary().findings).toEqual([]);
    bt.advanceTo('2025-03-11T00:00:00+07:00');
    expect(bt.summary().findings.map((f) => f.ruleId)).toEqual(['late-decision']);
  });

  it('runs the rules over many cases too (a complaint cluster against one officer)', () => {
    const bt = new Backtest(DEFAULT_RULE_VERSIONS, OFFICIAL_DAYS_OFF);
    const complaints = [1, 2, 3].map((i): AnyEvent => ({
      eventId: `k${i}`,
      type: 'complaint.received',
      schemaVersion: 1,
      occurredAt: `2025-03-0${i}T10:00:00+07:00`,
      unitId: 'U-1',
      data: { complaintId: `K${i}`, kind: 'complaint', againstOfficerId: 'O-9', topic: 'bribery' },
    }));
    bt.feed(records(complaints).map((r) => ({ ...r, key: 'O-9' })));
    bt.advanceTo('2025-03-10T00:00:00+07:00');
    expect(bt.summary().findings.map((f) => f.ruleId)).toContain('complaint-cluster');
  });

  it('tells the stream of a line by its type', () => {
    expect(
      [
        '{"type":"finance.collected"}',
        '{"type": "registry.officer"}',
        '{"type":"case.closed"}',
        '{"type":"clock.tick"}',
      ].map(streamOf),
    ).toEqual(['finance', 'registry', 'case', 'case']);
  });
});
