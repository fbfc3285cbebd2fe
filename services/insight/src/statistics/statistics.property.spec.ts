import type { CaseStreamEvent } from '@thads/contracts';
import fc from 'fast-check';
import { IncrementalStatistics } from './__tests__/case-events';
import { referenceStatistics } from './reference';

const UNITS = ['U1', 'U2', 'U3'];
const CASES = ['C1', 'C2', 'C3'];
// A week around 1 October and times on and next to midnight in Vietnam, some written in UTC
// (16:59:59Z is 23:59:59 the same day, 17:00:00Z midnight the next), so that period edges and
// equal instants come up in most runs.
const DAYS = ['2024-09-28', '2024-09-29', '2024-09-30', '2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04'];
const TIMES = ['T00:00:00+07:00', 'T08:30:00+07:00', 'T23:59:59+07:00', 'T16:59:59Z', 'T17:00:00Z'];
const PERIOD_DAYS = ['2024-09-27', ...DAYS, '2024-10-05', '2024-10-06'];

const body = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('case.received' as const),
      unitId: fc.constantFrom(...UNITS),
      claimAmount: fc.constantFrom(0, 100, 1000),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('case.classified' as const),
      category: fc.constantFrom('able', 'unable'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('case.closed' as const),
      result: fc.constantFrom('fully_executed', 'partially_executed', 'returned'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('case.terminated' as const) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('finance.collected' as const),
      receiptNo: fc.constantFrom('R1', 'R2', 'R3'),
      amount: fc.constantFrom(10, 30, 70),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('finance.reversed' as const),
      // R4 and V1 never match a receipt.
      ref: fc.constantFrom('R1', 'R2', 'R4', 'V1'),
      amount: fc.constantFrom(5, 10, 30),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('case.assigned' as const) }) },
);

const eventSpec = fc.record({
  caseId: fc.constantFrom(...CASES),
  occurredAt: fc.tuple(fc.constantFrom(...DAYS), fc.constantFrom(...TIMES)).map(([day, time]) => day + time),
  unitId: fc.constantFrom(...UNITS),
  body,
});

function toEvent(
  { caseId, occurredAt, unitId, body: b }: typeof eventSpec extends fc.Arbitrary<infer T> ? T : never,
  i: number,
): CaseStreamEvent {
  const envelope = { eventId: `e${i}`, schemaVersion: 1, occurredAt, unitId, caseId } as const;
  switch (b.type) {
    case 'case.received': {
      const data = {
        mode: 'ex_officio',
        judgmentRef: 'BA',
        creditorIds: [],
        debtorIds: [],
        claimAmount: b.claimAmount,
      };
      return { ...envelope, unitId: b.unitId, type: b.type, data } as const;
    }
    case 'case.classified':
      return { ...envelope, type: b.type, data: { category: b.category } };
    case 'case.closed':
      return { ...envelope, type: b.type, data: { result: b.result } };
    case 'case.terminated':
      return { ...envelope, type: b.type, data: { reasonCode: 'other' } };
    case 'finance.collected':
      return {
        ...envelope,
        type: b.type,
        data: { receiptNo: b.receiptNo, amount: b.amount, method: 'cash', payerId: 'P' },
      };
    case 'finance.reversed':
      return { ...envelope, type: b.type, data: { ref: b.ref, amount: b.amount, reason: 'error' } };
    case 'case.assigned':
      return { ...envelope, type: b.type, data: { officerId: 'O1' } };
  }
}

/** A set of events, and the order in which they are delivered: shuffled, some of them twice. */
const delivery = fc.array(eventSpec, { maxLength: 40, size: 'max' }).chain((specs) => {
  const events = specs.map(toEvent);
  return fc.subarray(events).chain((again) => {
    const all = [...events, ...again];
    return fc
      .shuffledSubarray(all, { minLength: all.length, maxLength: all.length })
      .map((order) => ({ events, order }));
  });
});

const periods = fc.array(
  fc
    .tuple(fc.constantFrom(...PERIOD_DAYS), fc.constantFrom(...PERIOD_DAYS))
    .filter(([a, b]) => a !== b)
    .map(([a, b]): [string, string] => (a < b ? [a, b] : [b, a])),
  { minLength: 1, maxLength: 4 },
);

describe('the incremental statistics', () => {
  it('equal the reference for any events, in any order, redelivered or not, for any units and period', async () => {
    await fc.assert(
      fc.asyncProperty(
        delivery,
        periods,
        fc.subarray(UNITS, { minLength: 1 }),
        async ({ events, order }, ps, units) => {
          const model = new IncrementalStatistics().applyAll(order);
          for (const [from, to] of ps) {
            expect(await model.read(units, from, to)).toEqual(referenceStatistics(events, units, { from, to }));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('end in the same case records and counters whatever the order of delivery', () => {
    fc.assert(
      fc.property(delivery, ({ events, order }) => {
        const inOrder = new IncrementalStatistics().applyAll(events);
        const shuffled = new IncrementalStatistics().applyAll(order);
        expect(shuffled.records).toEqual(inOrder.records);
        expect(shuffled.table.cells()).toEqual(inOrder.table.cells());
      }),
      { numRuns: 200 },
    );
  });
});
