import { parseRfc3339, type CaseStreamEvent, type EventOf } from '@thads/contracts';
import { statisticsOf, type Statistics } from './figures';
import { vnDayStart, type Period } from './period';

/*
 * The statistics straight from their definition (DOMAIN.md, "The figures from the events"),
 * recomputed from every event on each call. It is the oracle the incremental model
 * (case-record.ts, contributions.ts, answer.ts) is tested against, so it stays short and plain.
 *
 * Interpretations the definition leaves open; the incremental model makes the same ones:
 *  1. Equal timestamps. Events are ordered by (occurredAt, eventId): when two events share an
 *     instant, the smaller eventId counts as the earlier. So the "first" closure and the
 *     "latest" classification are well defined whatever order the events arrive in. Instants
 *     are compared to the millisecond (digits beyond are ignored, as Date.parse does).
 *  2. Duplicates. The same eventId delivered again has no effect; a second copy is not even
 *     compared (the contract says one eventId is one event).
 *  3. A second `case.received` for a case (another eventId): the earliest one decides the
 *     unit, the time of receipt and the claim; the others are ignored.
 *  4. Nothing happens to a case before it exists: an event timed before the case's
 *     `case.received` counts at the time of receipt. So a closure dated before the receipt
 *     ends the case the moment it is received (it is never carried to a period in which it is
 *     already over), and money collected "before" the receipt is collected on receipt.
 *  5. A case without any `case.received` is not counted, nor is any money on it.
 *  6. The end is strict: a classification made at the instant of the closure, or at the
 *     instant the period ends, is not "before" it and does not count.
 *  7. A `finance.reversed` counts against the case's collections when its `ref` is the
 *     receiptNo of a `finance.collected` of the same case, whenever that collection arrives;
 *     any other ref (a payout voucher, a receipt never seen, another case's receipt) is
 *     ignored. A reversal counts at its own time, for its own amount, even if that is before
 *     the collection or more than it; each reversal event counts once.
 *  8. Two `finance.collected` with one receiptNo but different eventIds are two collections.
 *  9. Money is not clamped: a case on which more was collected than claimed has a negative
 *     remainder, and it counts as such (a floor at 0 would make the figures non-additive).
 * 10. A rate's denominator is exactly 0 → `null`; a negative money denominator still divides.
 * 11. An event whose occurredAt does not parse is ignored (the consumer validates before).
 * 12. Money completed is everything collected in the period on a case to execute, also after
 *     the case ended within the period; money collected on a case after the period in which it
 *     ended is in no period's figures (the case is no longer to execute).
 * 13. The units asked for are a set (a province passes its own id and its area offices').
 */

type Timed<E> = { readonly event: E; readonly at: number };

export function referenceStatistics(
  events: readonly CaseStreamEvent[],
  unitIds: readonly string[],
  period: Period,
): Statistics {
  const S = vnDayStart(period.from);
  const E = vnDayStart(period.to);
  const units = new Set(unitIds);

  const byCase = new Map<string, Timed<CaseStreamEvent>[]>();
  const seen = new Set<string>();
  for (const event of events) {
    const at = parseRfc3339(event.occurredAt);
    if (seen.has(event.eventId) || event.caseId === undefined || Number.isNaN(at)) continue;
    seen.add(event.eventId);
    const list = byCase.get(event.caseId) ?? [];
    list.push({ event, at });
    byCase.set(event.caseId, list);
  }

  const sum = { carriedOver: 0, new: 0, handled: 0, toExecute: 0, unable: 0, completed: 0 };
  const money = { toExecute: 0, unable: 0, completed: 0 };
  for (const list of byCase.values()) {
    list.sort((a, b) => a.at - b.at || (a.event.eventId < b.event.eventId ? -1 : 1));
    let received: Timed<EventOf<'case.received'>> | undefined;
    let ender: Timed<EventOf<'case.closed'> | EventOf<'case.terminated'>> | undefined;
    const classifications: Timed<EventOf<'case.classified'>>[] = [];
    const collections: Timed<EventOf<'finance.collected'>>[] = [];
    const reversals: Timed<EventOf<'finance.reversed'>>[] = [];
    for (const { event, at } of list) {
      if (event.type === 'case.received') received ??= { event, at };
      if (event.type === 'case.closed' || event.type === 'case.terminated') ender ??= { event, at };
      if (event.type === 'case.classified') classifications.push({ event, at });
      if (event.type === 'finance.collected') collections.push({ event, at });
      if (event.type === 'finance.reversed') reversals.push({ event, at });
    }
    if (received === undefined || !units.has(received.event.unitId)) continue;

    const r = received.at;
    const effective = (at: number) => Math.max(at, r);
    const end = ender === undefined ? Infinity : effective(ender.at);
    const returned = ender?.event.type === 'case.closed' && ender.event.data.result === 'returned';

    const carriedOver = r < S && !(end < S);
    const isNew = S <= r && r < E;
    const handled = carriedOver || isNew;
    const endsInPeriod = S <= end && end < E;
    const toExecute = handled && !(endsInPeriod && returned);
    const latest = classifications.filter((c) => effective(c.at) < Math.min(E, end)).at(-1);
    const unable = toExecute && latest?.event.data.category === 'unable';
    const completed = toExecute && endsInPeriod;

    const receiptNos = new Set(collections.map((c) => c.event.data.receiptNo));
    const collectedWithin = (from: number, to: number) => {
      const within = (at: number) => from <= effective(at) && effective(at) < to;
      const inflow = collections.filter((c) => within(c.at)).reduce((s, c) => s + c.event.data.amount, 0);
      const outflow = reversals
        .filter((v) => within(v.at) && receiptNos.has(v.event.data.ref))
        .reduce((s, v) => s + v.event.data.amount, 0);
      return inflow - outflow;
    };
    const remaining = received.event.data.claimAmount - collectedWithin(-Infinity, S);

    sum.carriedOver += Number(carriedOver);
    sum.new += Number(isNew);
    sum.handled += Number(handled);
    sum.toExecute += Number(toExecute);
    sum.unable += Number(unable);
    sum.completed += Number(completed);
    money.toExecute += toExecute ? remaining : 0;
    money.unable += unable ? remaining : 0;
    money.completed += toExecute ? collectedWithin(S, E) : 0;
  }

  return statisticsOf({ ...sum, money });
}
