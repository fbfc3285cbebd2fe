import { parseInputEvent, type AnyEvent } from '@thads/contracts';
import {
  CaseEngine,
  InMemoryRegistry,
  WorkingCalendar,
  type OfficialYear,
  type RaisedFinding,
  type StoredRuleVersion,
} from '@thads/rules';
import { PartitionProcessor, type CaseStream } from '../pipeline/partition-processor';
import { SubjectProcessor } from '../pipeline/subject-processor';

/** One input message as a replay reads it: the raw value and the stream it belongs to. */
export interface ReplayRecord {
  stream: CaseStream | 'registry';
  key: string | null;
  value: string;
}

export interface BacktestSummary {
  events: number;
  rejected: number;
  cases: number;
  findings: RaisedFinding[];
  perRule: { ruleId: string; findings: number; casesFlagged: number; shareOfCases: number }[];
}

/** Which stream a raw value belongs to, by its `type` (a replay file mixes all three). */
export function streamOf(value: string): ReplayRecord['stream'] {
  const m = /"type"\s*:\s*"([a-z_.]+)"/.exec(value);
  const type = m?.[1] ?? '';
  if (type.startsWith('finance.')) return 'finance';
  if (type.startsWith('registry.')) return 'registry';
  return 'case';
}

/**
 * Runs the rules over history, in process, with the same event-time processor as the live
 * detector (one partition holds every case: with history in hand there is nothing to spread).
 * A `clock.tick` goes to both streams, as a clock service would publish it.
 */
export class Backtest {
  private readonly registry = new InMemoryRegistry();
  private readonly processor: PartitionProcessor;
  /** The subject stage (officer, unit, payee rules), fed with the facts of the one case partition. */
  private readonly subjects: SubjectProcessor;
  private readonly offsets: Record<CaseStream, number> = { case: 0, finance: 0 };
  private readonly findings = new Map<string, RaisedFinding>();
  private readonly caseIds = new Set<string>();
  private events = 0;
  private rejected = 0;

  constructor(versions: readonly StoredRuleVersion[], years: OfficialYear[]) {
    const engine = new CaseEngine(versions, new WorkingCalendar(years), undefined, this.registry);
    this.processor = new PartitionProcessor(0, engine);
    this.subjects = new SubjectProcessor(0, 1, engine);
  }

  feed(records: ReplayRecord[]): void {
    const batch: Record<CaseStream, { offset: string; key: string | null; value: Buffer }[]> = {
      case: [],
      finance: [],
    };
    for (const r of records) {
      this.events += 1;
      if (r.stream === 'registry') {
        const parsed = parseInputEvent('registry', r.value);
        if (parsed.ok) this.registry.apply(parsed.event.type, parsed.at, parsed.event.data);
        else this.rejected += 1;
        continue;
      }
      const streams: CaseStream[] = /"type"\s*:\s*"clock\.tick"/.test(r.value) ? ['case', 'finance'] : [r.stream];
      for (const s of streams)
        batch[s].push({ offset: String(this.offsets[s]++), key: r.key, value: Buffer.from(r.value) });
      const id = /"caseId"\s*:\s*"([^"]+)"/.exec(r.value)?.[1];
      if (id) this.caseIds.add(id);
    }
    for (const s of ['case', 'finance'] as const) {
      if (batch[s].length === 0) continue;
      const result = this.processor.ingest(s, batch[s]);
      this.rejected += result.rejected.length;
      for (const f of result.findings) this.findings.set(f.findingId, f);
      const messages = [
        ...result.facts.map((fact) => ({ fact })),
        ...(result.mark === undefined ? [] : [{ mark: { source: 0, at: result.mark } }]),
      ];
      for (const f of this.subjects.ingest(messages)) this.findings.set(f.findingId, f);
    }
  }

  /** Lets event time run to `until` (deadlines that passed by then are raised). */
  advanceTo(until: string): void {
    const tick: AnyEvent = {
      eventId: `replay-until-${until}`,
      type: 'clock.tick',
      schemaVersion: 1,
      occurredAt: until,
      data: {},
    };
    const value = JSON.stringify(tick);
    this.feed([{ stream: 'case', key: null, value }]);
    this.events -= 1;
  }

  summary(): BacktestSummary {
    const findings = [...this.findings.values()];
    const byRule = new Map<string, { n: number; cases: Set<string> }>();
    for (const f of findings) {
      const r = byRule.get(f.ruleId) ?? { n: 0, cases: new Set<string>() };
      r.n += 1;
      if (f.caseId) r.cases.add(f.caseId);
      byRule.set(f.ruleId, r);
    }
    const cases = this.caseIds.size;
    return {
      events: this.events,
      rejected: this.rejected,
      cases,
      findings,
      perRule: [...byRule]
        .map(([ruleId, r]) => ({
          ruleId,
          findings: r.n,
          casesFlagged: r.cases.size,
          shareOfCases: cases ? r.cases.size / cases : 0,
        }))
        .sort((a, b) => a.ruleId.localeCompare(b.ruleId)),
    };
  }
}
