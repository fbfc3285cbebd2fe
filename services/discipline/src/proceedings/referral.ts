import type { InspectionEventOf, Severity } from '@thads/contracts';
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

/**
 * A referral as the discipline domain takes it: the facts happened on the day the rule fired
 * (`detectedAt`, which chooses the regime and starts the limitation period); the breach was
 * discovered when the inspector concluded it (`conclusion.at`, which starts the time to decide).
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
      factsOn: vnDay(f.detectedAt),
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
    },
  };
}
