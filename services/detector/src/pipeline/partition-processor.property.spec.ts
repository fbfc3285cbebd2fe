import fc from 'fast-check';
import { parseRfc3339, type AnyEvent, type CaseStreamEvent } from '@thads/contracts';
import { aCase, aCaseHistory, rfc3339, streamOf, tick } from '@thads/contracts/testing';
import { CaseEngine, type RaisedFinding } from '@thads/rules';
import { PartitionProcessor, type CaseStream, type IngestResult, type StreamRecord } from './partition-processor';

/*
 * The partition processor under any valid input the topics can carry: cases' histories generated
 * from the contract's schemas, interleaved in any way the topics allow (each in time order, the
 * two topics any distance apart) and cut into batches anywhere. It never throws, and each case raises the same findings whatever the other cases
 * did meanwhile — the same as when the case is alone on the partition.
 */

const engine = new CaseEngine();
const CASES = ['C-1', 'C-2', 'C-3'];
const FROM = Date.parse('2024-12-20T00:00:00Z');
const TO = Date.parse('2025-12-20T00:00:00Z');
/** A tick past every event and every deadline they open: everything is applied and expired. */
const END = rfc3339(Date.parse('2027-06-01T00:00:00Z'));

interface Fed {
  findings: RaisedFinding[];
  failed: IngestResult['failed'];
}

/** The topics as producers would fill them: each event on its own, keyed by case, offsets in order. */
function topics(events: AnyEvent[]): Record<CaseStream, StreamRecord[]> {
  const out: Record<CaseStream, StreamRecord[]> = { case: [], finance: [] };
  for (const e of events) {
    const streams: CaseStream[] = e.type === 'clock.tick' ? ['case', 'finance'] : [streamOf(e as CaseStreamEvent)];
    const key = e.type === 'clock.tick' ? null : ((e as CaseStreamEvent).caseId ?? null);
    for (const s of streams) out[s].push({ offset: String(out[s].length), key, value: Buffer.from(JSON.stringify(e)) });
  }
  return out;
}

/**
 * Feeds both topics to a fresh processor in batches: `schedule` says which topic comes next and
 * how many of its records (the rest goes at the end).
 */
function feed(events: AnyEvent[], schedule: [boolean, number][] = []): Fed {
  const proc = new PartitionProcessor(0, engine);
  const queued = topics([...events, tick(END)]);
  const out: Fed = { findings: [], failed: [] };
  const take = (stream: CaseStream, n: number) => {
    const batch = queued[stream].splice(0, n);
    if (batch.length === 0) return;
    const r = proc.ingest(stream, batch);
    expect(r.rejected).toEqual([]);
    out.findings.push(...r.findings);
    out.failed.push(...r.failed);
  };
  for (const [finance, n] of schedule) take(finance ? 'finance' : 'case', n);
  take('case', Number.MAX_SAFE_INTEGER);
  take('finance', Number.MAX_SAFE_INTEGER);
  return out;
}

/** Findings in a fixed order, to compare runs that raise them in different orders. */
const sorted = (fs: RaisedFinding[]) => fs.map((f) => JSON.stringify(f)).sort();

/**
 * The histories merged as one office's systems would publish them: each topic in time order
 * (EVENTS.md, Time: the watermark relies on it), events of different cases at the same instant
 * in the order `picks` says.
 */
function interleave(histories: CaseStreamEvent[][], picks: number[]): CaseStreamEvent[] {
  const queues = histories.map((h) => [...h]);
  const out: CaseStreamEvent[] = [];
  for (let i = 0; ; i += 1) {
    const heads = queues.filter((q) => q.length > 0);
    if (heads.length === 0) return out;
    const first = Math.min(...heads.map((q) => parseRfc3339(q[0]!.occurredAt)));
    const tied = heads.filter((q) => parseRfc3339(q[0]!.occurredAt) === first);
    out.push(tied[(picks[i] ?? 0) % tied.length]!.shift()!);
  }
}

/** A history for each case of `CASES`. */
const casesOf = (options: { from: number; to: number; maxEvents: number }): fc.Arbitrary<CaseStreamEvent[][]> =>
  fc.tuple(...CASES.map((caseId) => aCaseHistory({ caseId, ...options }))).map((hs) => [...hs]);
const histories = casesOf({ from: FROM, to: TO, maxEvents: 15 });
const picks = fc.array(fc.nat({ max: CASES.length - 1 }), { maxLength: 50 });
const schedule = fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 6 })), { maxLength: 30 });

describe('the partition processor under any valid input (property)', () => {
  it('raises the same findings for each case however the cases interleave and the batches fall', () => {
    fc.assert(
      fc.property(histories, picks, schedule, (cases, order, batches) => {
        const alone = cases.flatMap((events) => feed(events).findings);
        const together = feed(interleave(cases, order), batches);
        expect(together.failed).toEqual([]);
        expect(sorted(together.findings)).toEqual(sorted(alone));
      }),
      { numRuns: 150 },
    );
  });

  it('never throws on histories from any year: an event the rules cannot apply comes back as a dead letter with the reason', () => {
    const wide = casesOf({
      from: Date.parse('1900-01-01T00:00:00Z'),
      to: Date.parse('2030-01-01T00:00:00Z'),
      maxEvents: 6,
    });
    fc.assert(
      fc.property(wide, picks, schedule, (cases, order, batches) => {
        const { failed } = feed(interleave(cases, order), batches);
        for (const f of failed) {
          expect(f.reason).toMatch(
            /^the rules failed on this event: Error: rule "[a-z-]+" has no version in force on /,
          );
          expect(f.event.occurredAt < '2000').toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('an event the rules throw on', () => {
  it('is handed back for the dead-letter topic with the reason, and the events around it are applied', () => {
    const proc = new PartitionProcessor(0, engine);
    const old = aCase('C-old').on('1999-12-31').received().events;
    const late = aCase('C-late').on('2025-03-03').received().assigned('O-1').events;
    const { case: records } = topics([...old, ...late, tick('2025-03-12T00:00:00+07:00')]);
    records[0]!.key = 'C-old';
    const first = proc.ingest('case', records);
    // The finance topic has not moved yet: nothing is applied.
    expect([first.findings, first.failed]).toEqual([[], []]);
    const { finance } = topics([tick('2025-03-12T00:00:00+07:00')]);
    const r = proc.ingest('finance', finance);
    expect(r.failed).toEqual([
      {
        stream: 'case',
        offset: '0',
        key: 'C-old',
        event: old[0],
        reason: `the rules failed on this event: Error: rule "late-decision" has no version in force on 1999-12-31T02:00:00.000Z`,
      },
    ]);
    expect(r.findings.map((f) => [f.ruleId, f.caseId])).toEqual([['late-decision', 'C-late']]);
    // Counted as applied: the same event again is not tried again.
    expect(proc.ingest('case', [{ offset: '5', key: 'C-old', value: records[0]!.value }]).failed).toEqual([]);
  });
});
