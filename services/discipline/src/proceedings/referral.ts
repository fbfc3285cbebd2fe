import { RFC3339_WITH_OFFSET, type InspectionEventOf, type Severity } from '@thads/contracts';
import type { Day } from '@thads/rules';
import type { BreachClass, ReferredFinding } from '../domain';
import { vnDay } from '../domain';
import type { FindingRecord } from './proceeding-record';

/**
 * The limitation class of a referred finding, from its severity. Assumption, for a lawyer to
 * confirm: a low-severity finding is a breach at the level of a reprimand (5 years), anything
 * heavier is "other" (10 years). The inspections topic does not say whether a breach is one of
 * the grave ones without limitation; none is classed so here.
 */
export function breachClassOf(severity: Severity): BreachClass {
  return severity === 'low' ? 'reprimand_level' : 'other';
}

const INSTANT = new RegExp(RFC3339_WITH_OFFSET);

/**
 * The instants of the case events the evidence dates. The rules name them in the finding's
 * figures with `At` (`collectedAt`, `receivedAt`, `notifiedAt`, `classifiedAt`,
 * `reassignedAt`, `lastActivityAt`) or `since`; `lastDay` is a time limit, not an event, and
 * is not one of them.
 */
export function evidenceInstants(figures: Record<string, unknown> | undefined): string[] {
  if (figures === undefined) return [];
  return Object.entries(figures)
    .filter(
      ([key, value]) => (key.endsWith('At') || key === 'since') && typeof value === 'string' && INSTANT.test(value),
    )
    .map(([, value]) => value as string);
}

/**
 * The day of the act, which chooses the regime and starts the limitation period: the earliest
 * event of the case that the finding's evidence dates, never later than the day the rule fired
 * (`detectedAt`), which stands in when the evidence dates nothing (a payment to a non-party,
 * an auction below valuation: the rule fires on the act itself).
 *
 * Why the earliest: a rule often fires long after the conduct began — money collected on
 * 20 June and still held when its deadline passed on 10 July, a request received and never
 * answered. The breach is that conduct, so the regime is the one in force when it was done
 * and the limitation counts from it; the detection date would move the facts forward (past
 * 1/7/2025 into Decree 172/2025, and out of the limitation period they may already be in).
 * Taking the first of the dated events also never lengthens the limitation against the
 * subject. (Assumption, for a lawyer to confirm: a continuing omission is dated from its start.)
 */
export function actDay(detectedAt: string, figures: Record<string, unknown> | undefined): Day {
  return Math.min(vnDay(detectedAt), ...evidenceInstants(figures).map(vnDay));
}

/**
 * A referral as the discipline domain takes it: the facts happened on the day of the act
 * (`actDay`, from the evidence carried on the referral); the breach was discovered when the
 * inspector concluded it (`conclusion.at`, which starts the time to decide).
 */
export function referralOf(event: InspectionEventOf<'inspection.referred'>): {
  finding: ReferredFinding;
  record: FindingRecord;
} {
  const f = event.finding;
  const d = event.data;
  return {
    finding: {
      findingId: f.findingId,
      factsOn: actDay(f.detectedAt, d.evidence?.figures),
      discoveredOn: vnDay(d.conclusion.at),
      breachClass: breachClassOf(f.severity),
    },
    record: {
      findingId: f.findingId,
      ruleId: f.ruleId,
      ruleVersion: f.ruleVersion,
      severity: f.severity,
      ...(f.caseId ? { caseId: f.caseId } : {}),
      ...(event.inspectionId ? { inspectionId: event.inspectionId } : {}),
      title: f.title,
      detectedAt: f.detectedAt,
      referralEventId: event.eventId,
      referredAt: event.occurredAt,
      referredBy: d.by,
      target: d.target,
      note: d.note,
      conclusion: d.conclusion,
      ...(d.evidence ? { evidence: d.evidence } : {}),
      ...(d.explanation ? { explanation: d.explanation } : {}),
      ...(d.legalBasis ? { legalBasis: d.legalBasis } : {}),
      ...(d.workedBy && d.workedBy.length > 0 ? { workedBy: [...d.workedBy] } : {}),
    },
  };
}
