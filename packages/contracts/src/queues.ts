import { Type, type Static } from '@sinclair/typebox';
import { Severity } from './findings';

/**
 * BullMQ queue names.
 *
 * !!! Renaming a queue orphans the jobs waiting in Redis under the old name (and their delayed
 * !!! reminders). Drain the old queue first or keep a worker on it until it is empty.
 */
export const Queues = {
  Inspection: 'inspection-tasks',
  /** Delayed reminder and escalation jobs of each inspection's SLA. */
  Sla: 'inspection-sla',
  /** Delayed reminders and overdue reports of each disciplinary proceeding's time limits. */
  DisciplineDeadlines: 'discipline-deadlines',
  /** The end of each suppression of findings (its last day over, or lifted): the findings it held come back. */
  Suppressions: 'inspection-suppressions',
} as const;

/** Job name → payload. Every job carries a version so that a payload change can be told apart. */
export const InspectionTaskJob = Type.Object({
  v: Type.Literal(1),
  findingId: Type.String(),
  ruleId: Type.String(),
  severity: Severity,
  unitId: Type.String(),
  caseId: Type.Optional(Type.String()),
  officerId: Type.Optional(Type.String()),
});
export type InspectionTaskJob = Static<typeof InspectionTaskJob>;

export const JobNames = {
  InspectFinding: 'inspect-finding',
  SlaReminder: 'sla-reminder',
  SlaEscalation: 'sla-escalation',
  DisciplineReminder: 'discipline-reminder',
  DisciplineOverdue: 'discipline-overdue',
  SuppressionEnd: 'suppression-end',
} as const;

/** Payload of an SLA job: the inspection (its lead finding) and the instant the job is meant for. */
export const SlaJob = Type.Object({
  v: Type.Literal(1),
  findingId: Type.String(),
  /** Epoch ms: the job does nothing before this instant by the service's clock, however early it runs. */
  at: Type.Number(),
});
export type SlaJob = Static<typeof SlaJob>;

export function slaJobId(kind: 'remind' | 'escalate', findingId: string): string {
  return `${kind}-${findingId}`;
}

/**
 * Payload of a suppression job: the suppression, and the instant the job is meant for (its end,
 * or the moment a release was asked for). It ends the suppression if its last day is over, then
 * gives the findings it still holds back to the workflow; run twice, it finds nothing left.
 */
export const SuppressionEndJob = Type.Object({
  v: Type.Literal(1),
  suppressionId: Type.String(),
  /** Epoch ms: the job does nothing before this instant by the service's clock, however early it runs. */
  at: Type.Number(),
});
export type SuppressionEndJob = Static<typeof SuppressionEndJob>;

/**
 * `end`: the one job at a suppression's end date. `release`: a release asked for at `at` (a
 * finding stored just as its suppression ended). BullMQ refuses a custom id with a colon.
 */
export function suppressionJobId(kind: 'end' | 'release', suppressionId: string, at = 0): string {
  return (kind === 'end' ? `end-${suppressionId}` : `release-${suppressionId}-${at}`).replaceAll(':', '_');
}

/** Deterministic job id, so a redelivered finding collapses onto the job it already has. */
export function inspectionJobId(findingId: string): string {
  return `inspect-${findingId}`;
}

/**
 * Payload of a discipline deadline job: one time limit (`step`, due on `dueOn`) of one proceeding,
 * and the instant the job is meant for. The job acts only if the step is still running with the
 * same due day when it fires (an extension or the step being taken makes it moot).
 */
export const DisciplineDeadlineJob = Type.Object({
  v: Type.Literal(1),
  proceedingId: Type.String(),
  step: Type.String(),
  /** `YYYY-MM-DD`, Vietnam time. */
  dueOn: Type.String(),
  /** Epoch ms: the job does nothing before this instant by the service's clock, however early it runs. */
  at: Type.Number(),
});
export type DisciplineDeadlineJob = Static<typeof DisciplineDeadlineJob>;

/**
 * One job per proceeding, step, due day and kind: scheduling the same deadline twice adds nothing.
 * BullMQ refuses a custom id with a colon, so none is kept.
 */
export function disciplineJobId(kind: 'remind' | 'overdue', proceedingId: string, step: string, dueOn: string): string {
  return `${kind}-${proceedingId}-${step}-${dueOn}`.replaceAll(':', '_');
}
