import type { CaseStreamEvent, DisciplineForm, FindingMessage } from '@thads/contracts';
import fc from 'fast-check';
import type { FoldedPartition } from '../counters/folded-partition';
import { aCase } from '../statistics/__tests__/case-events';
import { addDays } from '../statistics/period';
import { aFinding, inspected, proceeding } from './__tests__/builders';
import { cellsOf } from './__tests__/table';
import type { IntegrityCell } from './cells';
import { CaseIntegrityPartition, FindingsPartition, WorkflowPartition } from './partitions';
import { emptyFindingWork, type FindingWork, type WorkflowEvent } from './workflow';

/*
 * Each partition holds the same records and cells whatever the order of the events, however
 * they are cut into batches, whichever are delivered twice, and across a restore from its own
 * checkpoint in the middle — the properties the service's figures rest on.
 */

const DAYS = Array.from({ length: 40 }, (_, i) => addDays('2025-03-20', i));
const RULES = ['late-decision', 'payout-overdue'];
const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
const FORMS: DisciplineForm[] = ['reprimand', 'warning', 'dismissal'];

/** Events, then an arrival: a permutation with repeats, cut into batches, with a restore after one batch. */
const arrival = (n: number) =>
  fc.record({
    order: fc.array(fc.nat({ max: Math.max(0, n - 1) }), { minLength: n, maxLength: n + 6 }),
    keys: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n + 6, maxLength: n + 6 }),
    cuts: fc.array(fc.nat({ max: n + 6 }), { maxLength: 4 }),
    restoreAfter: fc.nat({ max: 4 }),
  });

function check<E, R>(make: () => FoldedPartition<R, E, IntegrityCell>, events: readonly E[], a: ArrivalSpec): void {
  const reference = make();
  reference.apply(events);
  // Every event at least once, some twice, shuffled.
  const idx = [...events.keys(), ...a.order.filter((i) => i < events.length)];
  const shuffled = idx.map((i, k) => ({ i, key: a.keys[k] ?? 0 })).sort((x, y) => x.key - y.key);
  const cuts = [...new Set([0, ...a.cuts.filter((c) => c < shuffled.length), shuffled.length])].sort((x, y) => x - y);
  let state = make();
  cuts.slice(1).forEach((end, b) => {
    state.apply(shuffled.slice(cuts[b], end).map(({ i }) => events[i]!));
    if (b === a.restoreAfter) state = make().restore(state.all());
  });
  expect(cellsOf(state)).toEqual(cellsOf(reference));
  // The records too, deep-equal (the cells' order within a month is not meaningful: their set is compared above).
  // A finding confirmed and then unconfirmed before its inspection events arrive leaves an empty
  // record behind in one order and none in another: the same thing.
  const records = (p: FoldedPartition<R, E, IntegrityCell>) =>
    Object.fromEntries(
      p.all().flatMap((s) => (s.k === 'record' && !isEmptyFinding(s.record) ? [[p.storedKey(s), s.record]] : [])),
    );
  expect(records(state)).toEqual(records(reference));
}
function isEmptyFinding(r: unknown): boolean {
  const f = r as Partial<FindingWork>;
  return f.kind === 'finding' && JSON.stringify(f) === JSON.stringify(emptyFindingWork(f.findingId ?? ''));
}
type ArrivalSpec = { order: number[]; keys: number[]; cuts: number[]; restoreAfter: number };

describe('integrity partitions are order-, batch-, duplicate- and restart-free', () => {
  it('findings: the highest revision of each, held by a suppression or not', () => {
    const spec = fc.array(fc.record({ f: fc.nat({ max: 3 }), revision: fc.nat({ max: 3 }) }), { maxLength: 12 });
    fc.assert(
      fc.property(
        spec.chain((s) => fc.tuple(fc.constant(s), arrival(s.length))),
        ([specs, a]) => {
          // Equal revisions carry the same content (EVENTS.md); the content changes with the revision.
          const events: FindingMessage[] = specs.map(({ f, revision }) =>
            aFinding(`F-${f}`, {
              revision,
              ruleId: RULES[f % 2]!,
              severity: SEVERITIES[(f + revision) % 4]!,
              officerId: revision === 2 ? undefined : `O-${f % 2}`,
              detectedAt: `${DAYS[f * 7 + revision]!}T00:00:00+07:00`,
              // Moves out of open at revisions 1 and 2 (the lowest one times the triage), timed from 1 on.
              status: ['open', 'triaged', 'dismissed', 'concluded'][revision]!,
              ...(revision === 0 ? {} : { statusChangedAt: `${DAYS[f * 7 + 3 + revision]!}T09:00:00+07:00` }),
              // Held by a suppression at some revisions (v1.3), released at the next.
              ...((f + revision) % 3 === 1 ? { suppressed: true } : {}),
            }),
          );
          check(() => new FindingsPartition(), events, a);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('inspections and discipline: conclusions, SLA breaches, openings, decisions and appeals', () => {
    const step = fc.record({
      kind: fc.constantFrom('concluded', 'referred', 'closed', 'dismissed', 'sla', 'opened', 'decided', 'appeal'),
      f: fc.nat({ max: 3 }),
      p: fc.nat({ max: 2 }),
      day: fc.nat({ max: DAYS.length - 1 }),
      yes: fc.boolean(),
      findings: fc.subarray([0, 1, 2, 3]),
      form: fc.constantFrom(...FORMS),
      outcome: fc.constantFrom('disciplined', 'disciplined', 'not_disciplined', 'referred_to_investigators' as const),
      result: fc.constantFrom('upheld', 'changed', 'annulled' as const),
    });
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 14 }).chain((s) => fc.tuple(fc.constant(s), arrival(s.length))),
        ([steps, a]) => {
          const findings = [0, 1, 2, 3].map((f) =>
            aFinding(`F-${f}`, {
              ruleId: RULES[f % 2]!,
              officerId: 'O-1',
              detectedAt: `${DAYS[f]!}T09:00:00+07:00`,
              unitId: f === 3 ? 'U-2' : 'U-1',
            }),
          );
          const inspections = findings.map((f) => inspected(f));
          const proceedings = [0, 1, 2].map((p) => proceeding(`P-${p}`, 'O-1'));
          const events: WorkflowEvent[] = steps.map((s) => {
            const i = inspections[s.f]!;
            const p = proceedings[s.p]!;
            const day = DAYS[s.day]!;
            switch (s.kind) {
              case 'concluded':
                return i.concluded(s.yes, day);
              case 'referred':
                return i.referred(s.yes, day);
              case 'closed':
                return i.closed(day, s.yes ? true : undefined);
              case 'dismissed':
                return i.dismissed(day);
              case 'sla':
                return { ...i.slaBreached(day), eventId: `sla-${s.f}-${s.day}` };
              case 'opened':
                return p.opened(s.findings.length === 0 ? ['F-0'] : s.findings.map((f) => `F-${f}`), day);
              case 'decided':
                return p.decided(
                  s.outcome,
                  s.findings.map((f) => `F-${f}`),
                  day,
                  s.outcome === 'disciplined' ? s.form : undefined,
                );
              case 'appeal':
                return p.appealResolved(s.result, day, s.result === 'changed' ? s.form : undefined);
            }
          });
          check(() => new WorkflowPartition(), events, a);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('case integrity: money on cases and complaints', () => {
    const step = fc.record({
      kind: fc.constantFrom('received', 'collected', 'reversed', 'complaint', 'resolved'),
      c: fc.nat({ max: 1 }),
      k: fc.nat({ max: 2 }),
      day: fc.nat({ max: DAYS.length - 1 }),
      amount: fc.constantFrom(10, 40),
      unit: fc.constantFrom('U-1', 'U-2'),
      denunciation: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 14 }).chain((s) => fc.tuple(fc.constant(s), arrival(s.length))),
        ([steps, a]) => {
          const events: CaseStreamEvent[] = steps.map((s, n) => {
            const c = aCase(`C-${s.c}`, s.unit).id(`e${n}`).on(DAYS[s.day]!);
            const envelope = {
              eventId: `e${n}`,
              schemaVersion: 1,
              occurredAt: `${DAYS[s.day]!}T10:00:00+07:00`,
              unitId: s.unit,
            } as const;
            switch (s.kind) {
              case 'received':
                return c.received(1000).events[0]!;
              case 'collected':
                return c.collected(s.amount, `R-${s.c}-${s.amount}`).events[0]!;
              case 'reversed':
                return c.reversed(`R-${s.c}-${s.amount}`, s.amount).events[0]!;
              case 'complaint':
                return {
                  ...envelope,
                  type: 'complaint.received',
                  data: {
                    complaintId: `K-${s.k}`,
                    kind: s.denunciation ? 'denunciation' : 'complaint',
                    topic: 'delay',
                  },
                };
              case 'resolved':
                return {
                  ...envelope,
                  type: 'complaint.resolved',
                  data: { complaintId: `K-${s.k}`, outcome: 'upheld' },
                };
            }
          });
          check(() => new CaseIntegrityPartition(), events, a);
        },
      ),
      { numRuns: 300 },
    );
  });
});
