import { parseInputEvent, type CaseStreamEvent } from '@thads/contracts';
import {
  CASELESS_PREFIX,
  factsFromEvent,
  newCaseState,
  type CaseEngine,
  type Fact,
  type CaseState,
  type RaisedFinding,
} from '@thads/rules';
import { MinHeap } from './heap';

export type CaseStream = 'case' | 'finance';

export interface StreamRecord {
  offset: string;
  key?: string | null;
  value: Buffer | null;
}

interface Pending {
  at: number;
  /** Order among events that share an instant (see `rankOf`). */
  rank: number;
  stream: CaseStream;
  offset: number;
  event: CaseStreamEvent;
  caseId: string;
  /** The record's key, for its dead letter should the rules fail on it. */
  key: string | null;
}

/** A case as the store and the cold map keep it: its id and its state as compact text (`atRest`). */
export type StoredCase = [caseId: string, text: string];

export interface PartitionSnapshot {
  clocks: Record<CaseStream, number>;
  cases?: CaseState[];
  stored?: StoredCase[];
}

export interface IngestResult {
  findings: RaisedFinding[];
  /** Facts for the subject stage (officer, unit, payee rules), from the events applied. */
  facts: Fact[];
  /** The new watermark, when it moved: the subject stage needs every source's progress. */
  mark?: number;
  rejected: { offset: string; reason: string }[];
  /**
   * Events the rules threw on: dead letters, like `rejected`, but possibly read in an earlier
   * batch or on the other topic (an event waits in the buffer until the watermark passes it).
   */
  failed: FailedEvent[];
  /** Deadlines the rules threw on (dropped, with no message to dead-letter): for the log. */
  failedDeadlines: { caseId: string; reason: string }[];
}

/** An accepted event that the rules could not apply, and why. */
export interface FailedEvent {
  stream: CaseStream;
  offset: string;
  key: string | null;
  event: CaseStreamEvent;
  reason: string;
}

/** One line about what the rules threw: `Error: rule "late-decision" has no version in force on …`. */
function describeThrow(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > 1_000 ? `${text.slice(0, 1_000)}…` : text;
}

/**
 * Events of one instant are applied in the order a case lives them, whatever topic they came
 * on: case steps first, then money, then the end of the case (so a payout and a closure stamped
 * with the same minute are seen payout first). Within a rank, topic then offset.
 */
function rankOf(event: CaseStreamEvent, stream: CaseStream): number {
  if (event.type === 'case.closed' || event.type === 'case.terminated') return 4;
  return stream === 'case' ? 0 : 2;
}

const before = (a: Pending, b: Pending) =>
  a.at < b.at || (a.at === b.at && (a.rank < b.rank || (a.rank === b.rank && a.offset < b.offset)));

/**
 * Event-time processing of one partition index of the co-partitioned case and finance topics
 * (EVENTS.md, Time). No I/O: the detector service feeds it batches and persists what it says.
 *
 * - Each topic partition has a clock: the largest `occurredAt` seen on it (ticks included).
 * - The watermark is the smaller of the two clocks. An event is applied only once the watermark
 *   has passed it, so no event of its case at or before it can still arrive on either topic; events are
 *   applied in (occurredAt, lifecycle rank, offset) order whatever the delay between the topics.
 * - A deadline passes when the watermark passes it.
 * - Each case remembers which event ids it has applied, so a redelivery after a restart, or the
 *   same event published twice, has no second effect.
 */
export class PartitionProcessor {
  readonly clocks: Record<CaseStream, number> = { case: Number.NEGATIVE_INFINITY, finance: Number.NEGATIVE_INFINITY };
  private readonly seen: Record<CaseStream, number> = { case: -1, finance: -1 };
  private readonly buffer = new MinHeap<Pending>(before);
  private readonly timers = new MinHeap<[number, string]>((a, b) => a[0] < b[0]);
  /** The due time of each case's live timer entry; other heap entries for the case are stale. */
  private readonly timerOf = new Map<string, number>();
  /** Cases in use, as objects (put back to rest by `takeDirtyStored` and `cool`). */
  private readonly hot = new Map<string, CaseState>();
  /**
   * Every other case, at rest as compact JSON text (the case id inside replaced by one
   * character): about a third of the memory of the object, and parsed again only when an event
   * or a deadline of the case comes up. Measured in the benchmark (docs/benchmarks.md).
   */
  private readonly cold = new Map<string, string>();
  private readonly dirty = new Set<string>();

  constructor(
    readonly partition: number,
    private readonly engine: CaseEngine,
    restored?: PartitionSnapshot,
  ) {
    if (restored) {
      this.clocks.case = restored.clocks.case;
      this.clocks.finance = restored.clocks.finance;
      for (const state of restored.cases ?? []) {
        this.cold.set(state.caseId, atRest(state));
        this.indexTimer(state);
      }
      for (const [caseId, text] of restored.stored ?? []) {
        this.cold.set(caseId, text);
        this.indexTimer(fromRest(caseId, text));
      }
    }
  }

  get watermark(): number {
    return Math.min(this.clocks.case, this.clocks.finance);
  }

  get trackedCases(): number {
    return this.hot.size + this.cold.size;
  }

  get buffered(): number {
    return this.buffer.size;
  }

  ingest(stream: CaseStream, records: StreamRecord[]): IngestResult {
    this.cool();
    const result: IngestResult = { findings: [], facts: [], rejected: [], failed: [], failedDeadlines: [] };
    const startWatermark = this.watermark;
    for (const record of records) {
      const offset = Number(record.offset);
      if (offset <= this.seen[stream]) continue; // a batch retried after a failure
      this.seen[stream] = offset;
      const parsed = parseInputEvent(stream, record.value);
      if (!parsed.ok) {
        result.rejected.push({ offset: record.offset, reason: parsed.reason });
        continue;
      }
      if (parsed.at > this.clocks[stream]) this.clocks[stream] = parsed.at;
      const event = parsed.event as CaseStreamEvent | { type: 'clock.tick' };
      if (event.type === 'clock.tick') continue;
      // A complaint that names no case is keyed by the officer (EVENTS.md): its obligations live
      // in a case-less state under that key, in the same partition as the officer's complaints.
      const caseId = event.caseId ?? `${CASELESS_PREFIX}${record.key ?? 'unkeyed'}`;
      const key = record.key ?? null;
      this.buffer.push({ at: parsed.at, rank: rankOf(event, stream), stream, offset, event, caseId, key });
    }
    this.release(result);
    if (this.watermark > startWatermark) result.mark = this.watermark;
    return result;
  }

  /**
   * Counts a record as read without applying it: the consumer gave up on it (it failed the same
   * way twice and went to the dead-letter topic), so the offsets committed may pass it.
   */
  skip(stream: CaseStream, offset: string): void {
    const n = Number(offset);
    if (n > this.seen[stream]) this.seen[stream] = n;
  }

  /** The next offset to read on each topic: nothing at or after it has been applied yet. */
  commitPositions(): Partial<Record<CaseStream, number>> {
    const out: Partial<Record<CaseStream, number>> = {};
    for (const s of ['case', 'finance'] as const) if (this.seen[s] >= 0) out[s] = this.seen[s] + 1;
    for (const p of this.buffer.values()) {
      const s = p.stream;
      if (out[s] === undefined || p.offset < out[s]) out[s] = p.offset;
    }
    return out;
  }

  /**
   * The clocks to persist with the state. Both are the watermark, not the raw clocks: every event
   * before the watermark has been applied, while events at or after it may still be buffered and
   * will be read again from the committed offsets. Restoring a raw clock that ran ahead would let
   * those replayed events through before their other-topic partners (seen: a closure applied
   * before the payout of the same minute after a rebalance).
   */
  checkpointClocks(): Record<CaseStream, number> {
    const w = this.watermark;
    return { case: w, finance: w };
  }

  /** Every case of the partition (for a full snapshot). */
  allCases(): CaseState[] {
    const out = [...this.hot.values()];
    for (const [caseId, text] of this.cold) out.push(fromRest(caseId, text));
    return out;
  }

  /**
   * The cases changed since the last call, as stored text; they go to rest at the same time
   * (one encoding serves memory and the store).
   */
  takeDirtyStored(): StoredCase[] {
    const out: StoredCase[] = [];
    for (const id of this.dirty) {
      const s = this.hot.get(id);
      if (!s) continue;
      const text = atRest(s);
      this.cold.set(id, text);
      this.hot.delete(id);
      out.push([id, text]);
    }
    this.dirty.clear();
    return out;
  }

  /** Every case as stored text (for a full snapshot), without decoding any. */
  allStored(): StoredCase[] {
    this.cool();
    return [...this.cold];
  }

  /** Puts the cases that are not waiting to be written back to rest. */
  private cool(): void {
    for (const [caseId, state] of this.hot) {
      if (this.dirty.has(caseId)) continue;
      this.cold.set(caseId, atRest(state));
      this.hot.delete(caseId);
    }
  }

  private getCase(caseId: string): CaseState | undefined {
    let state = this.hot.get(caseId);
    if (state) return state;
    const text = this.cold.get(caseId);
    if (text === undefined) return undefined;
    state = fromRest(caseId, text);
    this.cold.delete(caseId);
    this.hot.set(caseId, state);
    return state;
  }

  /**
   * Applies the buffered events the watermark has passed. An event the rules throw on (found by
   * the property tests: one dated before every version of the rule book) comes back in `failed`,
   * for the dead-letter topic with the reason. Thrown out of here instead, it failed the batch in
   * hand, whose records — already counted as read — were skipped when retried: the event was
   * dropped without a dead letter, and the findings of the events applied before it were lost.
   * The failing event counts as applied (its id is kept: a redelivery is not tried again), and
   * whatever the rules changed before they threw stays, as a replay of the same events leaves it.
   */
  private release(result: IngestResult): void {
    const { findings: out, facts } = result;
    const w = this.watermark;
    // Strictly before the watermark: the clock is the largest time *seen*, so more events stamped
    // with exactly that instant may still be on their way on either topic.
    for (let next = this.buffer.peek(); next && next.at < w; next = this.buffer.peek()) {
      this.buffer.pop();
      this.expireUpTo(next.at, result);
      let state = this.getCase(next.caseId);
      if (!state) {
        state = newCaseState(next.caseId, next.event.unitId, this.partition);
        this.hot.set(next.caseId, state);
      }
      const before = state.ids.length;
      try {
        out.push(...this.engine.apply(state, { event: next.event, at: next.at }));
      } catch (err) {
        const { stream, offset, key, event } = next;
        result.failed.push({
          stream,
          offset: String(offset),
          key,
          event,
          reason: `the rules failed on this event: ${describeThrow(err)}`,
        });
        this.dirty.add(state.caseId);
        this.indexTimer(state);
        continue;
      }
      if (state.ids.length !== before) {
        this.dirty.add(state.caseId);
        facts.push(...factsFromEvent(next.event, next.at, state));
      }
      this.indexTimer(state);
    }
    this.expireUpTo(w, result);
  }

  private expireUpTo(now: number, result: IngestResult): void {
    const out = result.findings;
    for (let t = this.timers.peek(); t && t[0] <= now; t = this.timers.peek()) {
      this.timers.pop();
      if (this.timerOf.get(t[1]) !== t[0]) continue;
      this.timerOf.delete(t[1]);
      const state = this.getCase(t[1]);
      if (!state) continue;
      // Expire up to this timer only: other cases' earlier deadlines come out of the heap first.
      // A deadline the rules throw on is dropped (expire takes it off the case before its rule
      // runs), as the event that opened it would be refused: nothing to retry.
      let raised: RaisedFinding[] = [];
      try {
        raised = this.engine.expire(state, t[0]);
      } catch (err) {
        result.failedDeadlines.push({ caseId: state.caseId, reason: describeThrow(err) });
        this.dirty.add(state.caseId);
      }
      if (raised.length > 0) {
        out.push(...raised);
        this.dirty.add(state.caseId);
      }
      this.indexTimer(state);
    }
  }

  /** Keeps one live timer entry per case, at its earliest deadline; stale entries are skipped on pop. */
  private indexTimer(state: CaseState): void {
    const due = this.engine.nextDue(state);
    if (due === undefined) return;
    const current = this.timerOf.get(state.caseId);
    if (current !== undefined && current <= due) return;
    this.timerOf.set(state.caseId, due);
    this.timers.push([due, state.caseId]);
  }
}

/**
 * A case state as compact text: JSON with its own id (repeated in event ids and receipt
 * numbers) as one character, and the applied-event hashes in base 36 in one string.
 */
export function atRest(state: CaseState): string {
  const { ids, ...rest } = state;
  return JSON.stringify({ ...rest, ids: ids.map((n) => n.toString(36)).join(',') })
    .split(state.caseId)
    .join('\u0001');
}

export function fromRest(caseId: string, text: string): CaseState {
  const stored = JSON.parse(text.split('\u0001').join(caseId)) as Omit<CaseState, 'ids'> & { ids: string };
  return { ...stored, ids: stored.ids === '' ? [] : stored.ids.split(',').map((x) => parseInt(x, 36)) };
}
