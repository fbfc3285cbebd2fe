import fc from 'fast-check';
import { parseRfc3339, type CaseStreamEvent } from '@thads/contracts';
import { aCaseHistory } from '@thads/contracts/testing';
import { CaseEngine } from './engine';
import type { RaisedFinding } from './finding';
import { newCaseState } from './state';

/*
 * The rules under any history a case can have within the contract (events generated from the
 * contract's schemas, in time order, some delivered twice): applying it never throws, and the
 * same history always raises the same findings.
 */

const YEAR = 365 * 86_400_000;

/** The case's events through a fresh engine, then event time run to a year after the last one. */
function run(events: CaseStreamEvent[], engine = new CaseEngine()): RaisedFinding[] {
  const state = newCaseState(events[0]!.caseId ?? 'x', events[0]!.unitId, 0);
  const out: RaisedFinding[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const event of events) {
    const at = parseRfc3339(event.occurredAt);
    last = Math.max(last, at);
    out.push(...engine.apply(state, { event, at }));
  }
  out.push(...engine.expire(state, last + YEAR));
  return out;
}

describe('the rule engine under any valid case history (property)', () => {
  it('applies any history of a case without throwing, and raises the same findings every time', () => {
    fc.assert(
      fc.property(aCaseHistory({ caseId: 'C-1' }), (events) => {
        const first = run(events);
        expect(run(events)).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  // The one way found to make it throw: an event dated before every version of the rule book
  // (the default versions start on 2000-01-01), which the contract does not forbid. The detector
  // sends such an event to the dead-letter topic with this reason (partition-processor.ts).
  // Years 0100 to 9999 are all valid; a range of a few centuries keeps the recurring deadlines
  // between two events (one per month of silence) few enough for a unit test.
  it('applies histories from any year, throwing only for an event before the rule book', () => {
    const bookStarts = Date.parse('2000-01-01T00:00:00+07:00');
    fc.assert(
      fc.property(
        aCaseHistory({
          caseId: 'C-1',
          from: Date.parse('1800-01-01T00:00:00Z'),
          to: Date.parse('2100-12-30T00:00:00Z'),
          maxEvents: 10,
        }),
        (events) => {
          let failure: unknown;
          try {
            run(events);
          } catch (err) {
            failure = err;
          }
          if (failure === undefined) return;
          expect(failure).toBeInstanceOf(Error);
          expect((failure as Error).message).toMatch(/^rule "[a-z-]+" has no version in force on /);
          expect(events.some((e) => parseRfc3339(e.occurredAt) < bookStarts)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});
