import {
  applyFact,
  newSubjectState,
  type CaseEngine,
  type Fact,
  type RaisedFinding,
  type SubjectState,
} from '@thads/rules';
import { MinHeap } from './heap';

/** A message on the internal facts topic: a fact, or a source partition's watermark. */
export type FactMessage = { fact: Fact } | { mark: { source: number; at: number } };

const DAY = 86_400_000;

const before = (a: Fact, b: Fact) => a.at < b.at || (a.at === b.at && a.id < b.id);

/**
 * The subject stage (officer, unit, payee) for one partition of the facts topic. Facts arrive
 * from every partition of the case stage in any interleaving; each source also sends its
 * watermark. A fact is applied once every source's watermark has passed it, in (time, id) order,
 * so the result does not depend on which detector instance held which case partition.
 */
export class SubjectProcessor {
  private readonly marks = new Map<number, number>();
  private readonly buffer = new MinHeap<Fact>(before);
  private readonly subjects = new Map<string, SubjectState>();
  private readonly dirty = new Set<string>();
  private readonly seen = new Set<string>();
  /** Subjects forgotten since the last checkpoint (their window is over). */
  private readonly removed = new Set<string>();
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(
    readonly partition: number,
    private readonly sources: number,
    private readonly engine: CaseEngine,
    restored?: { marks: [number, number][]; subjects: SubjectState[]; pending: Fact[] },
  ) {
    for (const [s, at] of restored?.marks ?? []) this.marks.set(s, at);
    for (const st of restored?.subjects ?? []) this.subjects.set(st.subject, st);
    for (const f of restored?.pending ?? []) this.push(f);
  }

  get watermark(): number {
    if (this.marks.size < this.sources) return Number.NEGATIVE_INFINITY;
    return Math.min(...this.marks.values());
  }

  ingest(messages: FactMessage[]): RaisedFinding[] {
    for (const m of messages) {
      if ('mark' in m) {
        const cur = this.marks.get(m.mark.source) ?? Number.NEGATIVE_INFINITY;
        if (m.mark.at > cur) this.marks.set(m.mark.source, m.mark.at);
      } else {
        this.push(m.fact);
      }
    }
    const out: RaisedFinding[] = [];
    const w = this.watermark;
    for (let f = this.buffer.peek(); f && f.at < w; f = this.buffer.peek()) {
      this.buffer.pop();
      this.seen.delete(f.id);
      let state = this.subjects.get(f.subject);
      if (!state) {
        state = newSubjectState(f.subject);
        this.subjects.set(f.subject, state);
      }
      out.push(...applyFact(state, f, (ruleId, unitId, at) => this.engine.book.at(ruleId, unitId, at)));
      this.dirty.add(f.subject);
      this.removed.delete(f.subject);
    }
    if (w - this.lastPrune >= DAY) this.prune(w);
    return out;
  }

  get trackedSubjects(): number {
    return this.subjects.size;
  }

  /**
   * Forgets payees whose last payout is older than the split-payouts window (plus a day): their
   * state can no longer count towards a finding, and a province has a new payee on most cases.
   * A later payout to the same payee starts a fresh state, exactly as the window would have.
   */
  private prune(watermark: number): void {
    this.lastPrune = watermark;
    for (const [key, state] of this.subjects) {
      if (!key.startsWith('payee:')) continue;
      const last = state.facts[state.facts.length - 1];
      if (!last) continue;
      const days = this.engine.book.at('split-payouts', last.unitId, last.at).params.days;
      if (last.at < watermark - (days + 1) * DAY) {
        this.subjects.delete(key);
        this.dirty.delete(key);
        this.removed.add(key);
      }
    }
  }

  private push(f: Fact): void {
    if (this.seen.has(f.id)) return; // the same fact published twice while still pending
    this.seen.add(f.id);
    this.buffer.push(f);
  }

  /** Every subject state of the partition (for a full snapshot). */
  allSubjects(): SubjectState[] {
    return [...this.subjects.values()];
  }

  /** What to write behind: changed subjects, the marks, and the facts not yet applied. */
  checkpoint(): { subjects: SubjectState[]; removed: string[]; marks: [number, number][]; pending: Fact[] } {
    const subjects = [...this.dirty].map((s) => this.subjects.get(s)!).filter(Boolean);
    const removed = [...this.removed];
    this.dirty.clear();
    this.removed.clear();
    return { subjects, removed, marks: [...this.marks], pending: [...this.buffer.values()] };
  }
}
