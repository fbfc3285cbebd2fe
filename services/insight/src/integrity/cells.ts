import type { Cell } from '../counters/cell';

/*
 * The integrity counters, per unit and Vietnam day, each with its dimensions:
 *
 *   key                  dims                  day                          from
 *   finding              [ruleId, severity]    the finding's detectedAt     integrity.findings.v1
 *   suppressedFinding    [ruleId, severity]    the finding's detectedAt     integrity.findings.v1 (held, v1.3)
 *   officerFinding       [officerId, ruleId]   the finding's detectedAt     integrity.findings.v1
 *   concluded            [ruleId]              the finding's detectedAt     integrity.inspections.v1
 *   truePositive         [ruleId]              the finding's detectedAt     integrity.inspections.v1
 *   dismissed            [ruleId]              the finding's detectedAt     integrity.inspections.v1
 *   slaBreached          [ruleId]              the finding's detectedAt     integrity.inspections.v1
 *   confirmed            [ruleId]              the finding's detectedAt     inspections × integrity.discipline.v1
 *   decided              [outcome]             decidedOn                    integrity.discipline.v1
 *   disciplinedForm      [form]                decidedOn                    integrity.discipline.v1
 *   annulledOnAppeal     []                    decidedOn                    integrity.discipline.v1
 *   changedOnAppeal      []                    decidedOn                    integrity.discipline.v1
 *   complaintReceived    [kind]                the day received             thads.case-events.v1
 *   complaintOnTime      [kind]                the day received             thads.case-events.v1
 *   complaintLate        [kind]                the day received             thads.case-events.v1
 *   complaintUnresolved  [kind]                the day received             thads.case-events.v1
 *   duration             [measure, bucket]     (see below)                  (see below)
 *   durationSeconds      [measure]             (see below)                  (see below)
 *   moneyHeld            []                    a step (see money.ts)        case and finance topics
 *   moneyAtRisk          []                    a step (see money.ts)        case and finance topics
 *
 * The two duration keys hold the workflow times (durations.ts), one measured duration per
 * finding or proceeding: `triage` on the finding's detectedAt day (integrity.findings.v1),
 * `conclude` on the finding's detectedAt day (integrity.inspections.v1), `decide` on decidedOn
 * (integrity.discipline.v1).
 *
 * Every key but the two money keys counts things on a day: a figure for a period sums its
 * days. The money keys are steps of a per-case balance: the figure at a cut-off sums every
 * day before it.
 */
export const INTEGRITY_KEYS = [
  'finding',
  'suppressedFinding',
  'officerFinding',
  'concluded',
  'truePositive',
  'dismissed',
  'slaBreached',
  'confirmed',
  'decided',
  'disciplinedForm',
  'annulledOnAppeal',
  'changedOnAppeal',
  'duration',
  'durationSeconds',
  'complaintReceived',
  'complaintOnTime',
  'complaintLate',
  'complaintUnresolved',
  'moneyHeld',
  'moneyAtRisk',
] as const;
export type IntegrityKey = (typeof INTEGRITY_KEYS)[number];

export interface IntegrityCell extends Cell {
  readonly key: IntegrityKey;
  readonly dims: readonly string[];
}
