import { createHash } from 'node:crypto';
import type { Bilingual, FindingMessage, RuleId, Severity } from '@thads/contracts';

/** A finding as a rule raises it; the detector adds status and publishes it. */
export type RaisedFinding = Omit<FindingMessage, 'status'>;

/**
 * Stable id: the same rule on the same subject and occurrence always gives the same id, so a
 * replay or a redelivery collapses onto the finding that exists. The rule version is left out
 * on purpose: re-running history under a new version must not duplicate findings.
 */
export function findingId(ruleId: string, subject: string, occurrence: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${subject}\u0000${occurrence}`).digest('hex').slice(0, 32);
}

export interface FindingDraft {
  ruleId: RuleId;
  ruleVersion: number;
  severity: Severity;
  subject: string;
  occurrence: string;
  unitId: string;
  caseId?: string;
  officerId?: string;
  detectedAt: string;
  title: Bilingual;
  explanation: Bilingual;
  legalBasis: Bilingual;
  eventIds: string[];
  figures: Record<string, unknown>;
}

export function raise(d: FindingDraft): RaisedFinding {
  const f: RaisedFinding = {
    findingId: findingId(d.ruleId, d.subject, d.occurrence),
    ruleId: d.ruleId,
    ruleVersion: d.ruleVersion,
    severity: d.severity,
    unitId: d.unitId,
    detectedAt: d.detectedAt,
    title: d.title,
    explanation: d.explanation,
    // The contract has one string: both languages, Vietnamese first.
    legalBasis: `${d.legalBasis.vi} / ${d.legalBasis.en}`,
    evidence: { eventIds: d.eventIds, figures: d.figures },
  };
  if (d.caseId !== undefined) f.caseId = d.caseId;
  if (d.officerId !== undefined) f.officerId = d.officerId;
  return f;
}
