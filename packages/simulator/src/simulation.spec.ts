import { parseInputEvent, RULE_IDS, type AnyEvent } from '@thads/contracts';
import { PLANTABLE_RULES, simulate } from './simulation';
import { Router } from './publish';

const streamOf = (e: AnyEvent) =>
  e.type.startsWith('finance.') ? 'finance' : e.type.startsWith('registry.') ? 'registry' : 'case';

describe('province simulator', () => {
  const sim = simulate({ cases: 1000, anomalyRate: 0.05, seed: 1 });

  it('produces only events that pass the contract (EVENTS.md v1)', () => {
    const rejected: string[] = [];
    for (const e of [...sim.registry, ...sim.events]) {
      const parsed = parseInputEvent(streamOf(e), JSON.stringify(e));
      if (!parsed.ok) rejected.push(`${e.eventId}: ${parsed.reason}`);
    }
    expect(rejected).toEqual([]);
    expect(sim.events.length).toBeGreaterThan(10_000);
  });

  it('is deterministic for a seed and different for another', () => {
    const again = simulate({ cases: 1000, anomalyRate: 0.05, seed: 1 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(sim));
    const other = simulate({ cases: 1000, anomalyRate: 0.05, seed: 2 });
    expect(JSON.stringify(other.events)).not.toBe(JSON.stringify(sim.events));
  });

  it('plants every rule of the catalogue and lists each plant in the truth', () => {
    expect(Object.keys(sim.stats.plants).sort()).toEqual([...PLANTABLE_RULES].sort());
    expect(new Set(sim.truth.map((t) => t.ruleId))).toEqual(new Set(PLANTABLE_RULES));
    expect(sim.stats.plantedCases).toBe(50);
    for (const t of sim.truth) expect(t.caseId ?? t.officerId).toBeDefined();
    const none = simulate({ cases: 300, anomalyRate: 0, seed: 1 });
    expect(none.truth).toEqual([]);
  });

  it('can plant every rule of the catalogue (RULE_IDS) and no other', () => {
    const plantable = new Set<string>(PLANTABLE_RULES);
    const known = new Set<string>(RULE_IDS);
    expect([
      ...RULE_IDS.filter((id) => !plantable.has(id)).map(
        (id) =>
          `"${id}" is in RULE_IDS but the simulator cannot plant it: add it to the end of PLANTABLE_RULES in packages/simulator/src/simulation.ts, with its plant in ProvinceSimulator`,
      ),
      ...PLANTABLE_RULES.filter((id) => !known.has(id)).map(
        (id) =>
          `"${id}" is planted but not in RULE_IDS: add it to RULE_IDS in packages/contracts/src/rule-ids.ts (or remove it from PLANTABLE_RULES)`,
      ),
      ...PLANTABLE_RULES.filter((id, i) => PLANTABLE_RULES.indexOf(id) !== i).map(
        (id) => `"${id}" is listed twice in PLANTABLE_RULES: keep one`,
      ),
    ]).toEqual([]);
  });

  it('keeps time order, one tick a day, and nothing after the end', () => {
    const times = sim.events.map((e) => Date.parse(e.occurredAt));
    for (let i = 1; i < times.length; i += 1) expect(times[i]! >= times[i - 1]!).toBe(true);
    const end = Date.parse(sim.to);
    expect(Math.max(...times)).toBe(end);
    const ticks = sim.events.filter((e) => e.type === 'clock.tick');
    expect(ticks.length).toBe(sim.stats.ticks);
    expect(new Set(ticks.map((t) => t.occurredAt.slice(0, 10))).size).toBe(ticks.length);
    expect(new Set(sim.events.map((e) => e.eventId)).size).toBe(sim.events.length);
  });

  it('follows the lifecycle: every case starts with its receipt, decision, assignment and notice', () => {
    const byCase = new Map<string, string[]>();
    for (const e of sim.events) {
      const caseId = (e as { caseId?: string }).caseId;
      if (!caseId || e.type.startsWith('complaint.')) continue;
      byCase.set(caseId, [...(byCase.get(caseId) ?? []), e.type]);
    }
    expect(byCase.size).toBe(sim.stats.cases);
    for (const types of byCase.values()) {
      expect(types.slice(0, 4)).toEqual(['case.received', 'case.decision_issued', 'case.assigned', 'case.notified']);
      const end = types.findIndex((t) => t === 'case.closed' || t === 'case.terminated');
      if (end >= 0) expect(end).toBe(types.length - 1);
    }
    // Volumes of a province: several kinds of ending, auctions, unable cases, complaints.
    const count = (type: string) => sim.events.filter((e) => e.type === type).length;
    expect(count('case.closed')).toBeGreaterThan(300);
    expect(count('case.terminated')).toBeGreaterThan(10);
    expect(count('case.auction_held')).toBeGreaterThan(50);
    expect(count('case.classified')).toBeGreaterThan(300);
    expect(count('complaint.received')).toBeGreaterThan(20);
  });
});

describe('Router', () => {
  it('sends a tick to every partition of both input topics and keys a case-less complaint by the officer, resolution included', () => {
    const router = new Router(3);
    const tick = router.route({
      eventId: 'tick-1',
      type: 'clock.tick',
      schemaVersion: 1,
      occurredAt: '2025-01-02T00:00:00+07:00',
      data: {},
    });
    expect(tick.map((r) => `${r.topic}:${r.partition}`).sort()).toEqual([
      'CaseEvents:0',
      'CaseEvents:1',
      'CaseEvents:2',
      'FinanceEvents:0',
      'FinanceEvents:1',
      'FinanceEvents:2',
    ]);
    expect(new Set(tick.map((r) => (JSON.parse(r.value) as { eventId: string }).eventId)).size).toBe(3);
    const base = { schemaVersion: 1 as const, occurredAt: '2025-01-03T09:00:00+07:00', unitId: 'U1' };
    const [received] = router.route({
      ...base,
      eventId: 'k1',
      type: 'complaint.received',
      data: { complaintId: 'KN1', kind: 'complaint', againstOfficerId: 'O-7', topic: 'delay' },
    });
    const [resolved] = router.route({
      ...base,
      eventId: 'k2',
      type: 'complaint.resolved',
      data: { complaintId: 'KN1', outcome: 'rejected' },
    });
    expect([received?.topic, received?.key, resolved?.key]).toEqual(['CaseEvents', 'O-7', 'O-7']);
    const [money] = router.route({
      ...base,
      eventId: 'f1',
      caseId: 'C1',
      type: 'finance.remitted',
      data: { amount: 5 },
    });
    expect([money?.topic, money?.key]).toEqual(['FinanceEvents', 'C1']);
  });
});
