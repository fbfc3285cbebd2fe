import {
  parseRfc3339,
  type DisciplineEvent,
  type DisciplineForm,
  type DisciplineOutcome,
  type InspectionEvent,
  type Severity,
} from '@thads/contracts';
import type { RecordAccess } from '../counters/folded-partition';
import { compareStamps, type Stamp } from '../statistics/case-record';
import { vnDayOf, type VnDay } from '../statistics/period';
import type { IntegrityCell } from './cells';
import { daysBetween, durationCells } from './durations';

/*
 * What the inspection workflow and the discipline proceedings decided about findings, folded
 * per finding and per proceeding. Both topics are keyed by the officer concerned (an inspection
 * event about a finding with no officer: by its unit) and have the same number of partitions,
 * so the inspection events about a finding and the proceedings that name it are read from the
 * same partition: a confirmation can be attributed to the finding's rule, unit and day without
 * a look-up elsewhere.
 *
 * Everything is attributed to the finding's unit and the Vietnam day of its `detectedAt` (the
 * event time at which the rule fired), never to the wall-clock time the workflow ran: a replay
 * of 2025 inspected in 2026 still gives 2025's precision.
 */

/** One finding's workflow, from `integrity.inspections.v1` and the proceedings naming it. */
export interface FindingWork {
  readonly kind: 'finding';
  readonly findingId: string;
  /** The finding as the inspection events describe it (the earliest of them decides; they all agree). */
  readonly about?: Stamp & {
    readonly unitId: string;
    readonly ruleId: string;
    readonly severity: Severity;
    readonly day: VnDay;
    /** `finding.detectedAt` in epoch ms (absent on records checkpointed before the workflow times). */
    readonly detectedAt?: number;
  };
  /**
   * The latest outcome by (occurredAt, eventId): a conclusion — `inspection.concluded`, and the
   * `inspection.referred` or `inspection.closed` that carry it again — or a dismissal.
   */
  readonly outcome?: Stamp &
    ({ readonly concluded: true; readonly truePositive: boolean } | { readonly concluded: false });
  /**
   * The earliest `conclusion.at` of the events that carry a conclusion (concluded, referred,
   * closed): when the finding was first concluded, for the time to conclude.
   */
  readonly concludedAt?: number;
  /** An `inspection.sla_breached` arrived: the inspection passed its due date while open. */
  readonly slaBreached: boolean;
  /** Proceedings whose decision in force disciplined the officer on this finding, sorted. */
  readonly confirmedBy: readonly string[];
}

/** One disciplinary proceeding, from `integrity.discipline.v1`: its decision and the appeal's result. */
export interface Proceeding {
  readonly kind: 'proceeding';
  readonly proceedingId: string;
  /** The earliest `proceeding.opened` by (occurredAt, eventId): when the referral opened it. */
  readonly opened?: Stamp;
  /** The latest `proceeding.decided` by (decidedOn, occurredAt, eventId). */
  readonly decided?: Stamp & {
    readonly unitId: string;
    readonly outcome: DisciplineOutcome;
    readonly form?: DisciplineForm;
    readonly findingIds: readonly string[];
    readonly decidedOn: VnDay;
  };
  /** The latest `appeal.resolved` by (resolvedOn, occurredAt, eventId). */
  readonly appeal?: Stamp & {
    readonly result: 'upheld' | 'changed' | 'annulled';
    readonly form?: DisciplineForm;
    readonly resolvedOn: VnDay;
  };
}

export type WorkflowRecord = FindingWork | Proceeding;
export type WorkflowEvent = InspectionEvent | DisciplineEvent;

export const workflowKey = (r: WorkflowRecord): string =>
  r.kind === 'finding' ? `f:${r.findingId}` : `p:${r.proceedingId}`;

export function emptyFindingWork(findingId: string): FindingWork {
  return { kind: 'finding', findingId, slaBreached: false, confirmedBy: [] };
}

/**
 * Folds one event into the records it touches: an inspection event into its finding; a
 * discipline event into its proceeding and, when that changes which findings the proceeding
 * confirms, into those findings. Order-free and idempotent (see the record types).
 */
export function foldWorkflowEvent(event: WorkflowEvent, records: RecordAccess<WorkflowRecord>): void {
  const at = parseRfc3339(event.occurredAt);
  if (Number.isNaN(at)) return;
  const stamp: Stamp = { eventId: event.eventId, at };
  if ('finding' in event) {
    const key = `f:${event.finding.findingId}`;
    const current = asFinding(records.get(key)) ?? emptyFindingWork(event.finding.findingId);
    const next = foldInspection(current, event, stamp);
    if (next !== current) records.set(key, next);
    return;
  }
  const key = `p:${event.proceedingId}`;
  const current = asProceeding(records.get(key)) ?? { kind: 'proceeding', proceedingId: event.proceedingId };
  const next = foldDiscipline(current, event, stamp);
  if (next === current) return;
  records.set(key, next);
  const before = confirmedFindings(current);
  const after = confirmedFindings(next);
  for (const findingId of new Set([...before, ...after])) {
    const fkey = `f:${findingId}`;
    const finding = asFinding(records.get(fkey)) ?? emptyFindingWork(findingId);
    const updated = withConfirmation(finding, next.proceedingId, after.has(findingId));
    if (updated !== finding) records.set(fkey, updated);
  }
}

function foldInspection(f: FindingWork, event: InspectionEvent, stamp: Stamp): FindingWork {
  let next = f;
  const detectedAt = parseRfc3339(event.finding.detectedAt);
  if (!Number.isNaN(detectedAt) && isEarlier(stamp, next.about)) {
    const { ruleId, severity } = event.finding;
    const day = vnDayOf(detectedAt);
    next = { ...next, about: { ...stamp, unitId: event.unitId, ruleId, severity, day, detectedAt } };
  } else if (!Number.isNaN(detectedAt) && next.about !== undefined && next.about.detectedAt === undefined) {
    // A record checkpointed before the workflow times: every event of a finding carries the same detectedAt.
    next = { ...next, about: { ...next.about, detectedAt } };
  }
  switch (event.type) {
    case 'inspection.concluded':
    case 'inspection.referred': {
      const { conclusion } = event.data;
      return withOutcome(withConclusionTime(next, conclusion.at), {
        ...stamp,
        concluded: true,
        truePositive: conclusion.truePositive,
      });
    }
    case 'inspection.closed': {
      const { conclusion } = event.data;
      return conclusion === undefined
        ? next
        : withOutcome(withConclusionTime(next, conclusion.at), {
            ...stamp,
            concluded: true,
            truePositive: conclusion.truePositive,
          });
    }
    case 'inspection.dismissed':
      return withOutcome(next, { ...stamp, concluded: false });
    case 'inspection.sla_breached':
      return next.slaBreached ? next : { ...next, slaBreached: true };
  }
}

/** Keeps the earliest conclusion time (every event carrying one conclusion carries the same `at`). */
function withConclusionTime(f: FindingWork, at: string): FindingWork {
  const ms = parseRfc3339(at);
  return Number.isNaN(ms) || (f.concludedAt !== undefined && f.concludedAt <= ms) ? f : { ...f, concludedAt: ms };
}

function withOutcome(f: FindingWork, outcome: NonNullable<FindingWork['outcome']>): FindingWork {
  return f.outcome === undefined || compareStamps(outcome, f.outcome) > 0 ? { ...f, outcome } : f;
}

function foldDiscipline(p: Proceeding, event: DisciplineEvent, stamp: Stamp): Proceeding {
  switch (event.type) {
    case 'proceeding.opened':
      return isEarlier(stamp, p.opened) ? { ...p, opened: { eventId: stamp.eventId, at: stamp.at } } : p;
    case 'proceeding.decided': {
      const d = event.data;
      const decided = {
        ...stamp,
        unitId: event.unitId,
        outcome: d.outcome,
        ...(d.form === undefined ? {} : { form: d.form }),
        findingIds: [...new Set(d.findingIds)].sort(),
        decidedOn: d.decidedOn,
      };
      return isLater(decided, decided.decidedOn, p.decided, p.decided?.decidedOn) ? { ...p, decided } : p;
    }
    case 'appeal.resolved': {
      const d = event.data;
      const appeal = {
        ...stamp,
        result: d.result,
        ...(d.form === undefined ? {} : { form: d.form }),
        resolvedOn: d.resolvedOn,
      };
      return isLater(appeal, appeal.resolvedOn, p.appeal, p.appeal?.resolvedOn) ? { ...p, appeal } : p;
    }
    default:
      return p;
  }
}

/** The appeal's result, when it was resolved on or after the decision in force (else it was about an earlier one). */
function appealOf(p: Proceeding): 'upheld' | 'changed' | 'annulled' | undefined {
  if (p.decided === undefined || p.appeal === undefined) return undefined;
  return p.appeal.resolvedOn >= p.decided.decidedOn ? p.appeal.result : undefined;
}

/** The findings a proceeding confirms: its decision disciplined the officer, and no later appeal annulled it. */
export function confirmedFindings(p: Proceeding): ReadonlySet<string> {
  if (p.decided?.outcome !== 'disciplined' || appealOf(p) === 'annulled') return new Set();
  return new Set(p.decided.findingIds);
}

function withConfirmation(f: FindingWork, proceedingId: string, confirmed: boolean): FindingWork {
  const has = f.confirmedBy.includes(proceedingId);
  if (has === confirmed) return f;
  const confirmedBy = confirmed
    ? [...f.confirmedBy, proceedingId].sort()
    : f.confirmedBy.filter((id) => id !== proceedingId);
  return { ...f, confirmedBy };
}

export function workflowContributions(r: WorkflowRecord): IntegrityCell[] {
  return r.kind === 'finding' ? findingWorkContributions(r) : proceedingContributions(r);
}

function findingWorkContributions(f: FindingWork): IntegrityCell[] {
  if (f.about === undefined) return [];
  const cell = { unitId: f.about.unitId, day: f.about.day, dims: [f.about.ruleId], value: 1 };
  const out: IntegrityCell[] = [];
  if (f.outcome?.concluded === true) {
    out.push({ ...cell, key: 'concluded' });
    if (f.outcome.truePositive) out.push({ ...cell, key: 'truePositive' });
  }
  if (f.outcome?.concluded === false) out.push({ ...cell, key: 'dismissed' });
  if (f.slaBreached) out.push({ ...cell, key: 'slaBreached' });
  if (f.confirmedBy.length > 0) out.push({ ...cell, key: 'confirmed' });
  // Time to conclude: from the rule firing to the first conclusion, for a finding concluded in the end.
  if (f.outcome?.concluded === true && f.concludedAt !== undefined && f.about.detectedAt !== undefined)
    out.push(...durationCells(f.about.unitId, f.about.day, 'conclude', (f.concludedAt - f.about.detectedAt) / 1000));
  return out;
}

function proceedingContributions(p: Proceeding): IntegrityCell[] {
  const d = p.decided;
  if (d === undefined) return [];
  const cell = { unitId: d.unitId, day: d.decidedOn, value: 1 };
  const out: IntegrityCell[] = [{ ...cell, key: 'decided', dims: [d.outcome] }];
  const appeal = appealOf(p);
  if (appeal === 'annulled') out.push({ ...cell, key: 'annulledOnAppeal', dims: [] });
  if (appeal === 'changed') out.push({ ...cell, key: 'changedOnAppeal', dims: [] });
  if (d.outcome === 'disciplined' && appeal !== 'annulled') {
    const form = (appeal === 'changed' ? (p.appeal?.form ?? d.form) : d.form) ?? 'unspecified';
    out.push({ ...cell, key: 'disciplinedForm', dims: [form] });
  }
  // Time to decide: whole days from the day the proceeding opened to decidedOn, on decidedOn.
  if (p.opened !== undefined)
    out.push(
      ...durationCells(d.unitId, d.decidedOn, 'decide', daysBetween(vnDayOf(p.opened.at), d.decidedOn) * 86_400),
    );
  return out;
}

const asFinding = (r: WorkflowRecord | undefined): FindingWork | undefined => (r?.kind === 'finding' ? r : undefined);
const asProceeding = (r: WorkflowRecord | undefined): Proceeding | undefined =>
  r?.kind === 'proceeding' ? r : undefined;

/** True when `stamp` comes before `current` (or there is none); the same event again is never earlier. */
function isEarlier(stamp: Stamp, current: Stamp | undefined): boolean {
  return current === undefined || (stamp.eventId !== current.eventId && compareStamps(stamp, current) < 0);
}

/** Ordered by a business day first, then by stamp. */
function isLater(stamp: Stamp, day: VnDay, current: Stamp | undefined, currentDay: VnDay | undefined): boolean {
  if (current === undefined || currentDay === undefined) return true;
  if (stamp.eventId === current.eventId) return false;
  return day !== currentDay ? day > currentDay : compareStamps(stamp, current) > 0;
}
