import type { FindingMessage, Severity } from '@thads/contracts';
import type { ConclusionResult, DismissalReason, FindingStatus, ReferralTarget } from './lifecycle';

export interface Conclusion {
  result: ConclusionResult;
  reasoning: string;
  /** Whether the finding was a real irregularity (rule precision). */
  truePositive: boolean;
  by: string;
  at: string;
}

export interface Dismissal {
  reason: DismissalReason;
  note: string;
  by: string;
  at: string;
}

export interface Referral {
  target: ReferralTarget;
  note: string;
  by: string;
  at: string;
}

/**
 * A revision of a finding raised but perhaps not yet announced: written by the same store update
 * that raises the revision (FerretDB v1 has no transactions), removed once the outbox holds the
 * announcements of that revision. With the finding as stored it is all that is needed to build
 * them again (`announcementsOf`), so a crash or a failed outbox write in between leaves it for
 * the sweep (`FindingAnnouncer`) instead of losing the announcement.
 */
export interface Unannounced {
  revision: number;
  /**
   * The status change that made the revision, for its outcome on `integrity.inspections.v1`: who
   * made it, when, and (a referral) the officers who worked the finding. Absent when the revision
   * changed no status (a release from a suppression): that one is announced on the findings topic only.
   */
  change?: { by: string; at: Date; workedBy?: string[] };
  /**
   * When the mark was written (wall clock): the sweep leaves a mark younger than its grace to the
   * writer that made it, which is announcing it just then. Absent on marks stored before.
   */
  markedAt?: Date;
}

/**
 * A finding as the inspection service works it: what the detector said of it, its place in the
 * workflow, and the inspection it is worked in. One per finding id, so a finding delivered
 * twice still has one.
 */
export interface WorkedFinding {
  findingId: string;
  ruleId: string;
  severity: Severity;
  unitId: string;
  caseId?: string;
  officerId?: string;
  detectedAt: string;
  status: FindingStatus;
  /** The highest revision of the finding seen or published (EVENTS.md v1.1). */
  revision: number;
  statusChangedAt?: Date;
  conclusion?: Conclusion;
  dismissal?: Dismissal;
  referral?: Referral;
  /**
   * The inspection this finding is worked in: its own id for the finding that opened it (the
   * lead), the lead's id for a finding on the same case or officer that joined it. Unset until
   * the assignment worker has seen the finding.
   */
  inspectionId?: string;
  isLead?: boolean;
  joinedAt?: Date;
  /** The inspector working the inspection (copied onto its joined findings). */
  assignee?: string;
  assignedAt?: Date;
  /** Why the inspection has no inspector yet (nobody eligible, everybody at the cap). */
  waitingReason?: string;
  /** SLA of the inspection, from the moment it was assigned. */
  remindAt?: Date;
  dueAt?: Date;
  remindedAt?: Date;
  escalatedAt?: Date;
  /**
   * The suppression holding the finding back (no inspection) since `suppressedAt`; unset again
   * when it ends and the finding enters the workflow.
   */
  suppressionId?: string;
  suppressedAt?: Date;
  /** Its latest revision, while that may not have been announced yet. */
  unannounced?: Unannounced;
  /** The finding message as it came on the topic (title, explanation, legal basis, evidence). */
  message: FindingMessage;
}

/** What the API shows of a finding in a list. */
export interface FindingSummary {
  findingId: string;
  ruleId: string;
  severity: Severity;
  unitId: string;
  caseId?: string;
  officerId?: string;
  detectedAt: string;
  status: FindingStatus;
  revision: number;
  statusChangedAt?: string;
  inspectionId?: string;
  assignee?: string;
  assignedAt?: string;
  waitingReason?: string;
  /** SLA of the inspection: when the inspector is reminded, when it is due, what was done. */
  remindAt?: string;
  dueAt?: string;
  remindedAt?: string;
  escalatedAt?: string;
  suppressionId?: string;
  suppressedAt?: string;
  title: { vi: string; en: string };
}

export function summaryOf(f: WorkedFinding): FindingSummary {
  const iso = (d?: Date) => d?.toISOString();
  return {
    findingId: f.findingId,
    ruleId: f.ruleId,
    severity: f.severity,
    unitId: f.unitId,
    ...(f.caseId ? { caseId: f.caseId } : {}),
    ...(f.officerId ? { officerId: f.officerId } : {}),
    detectedAt: f.detectedAt,
    status: f.status,
    revision: f.revision,
    ...(f.statusChangedAt ? { statusChangedAt: iso(f.statusChangedAt) } : {}),
    ...(f.inspectionId ? { inspectionId: f.inspectionId } : {}),
    ...(f.assignee ? { assignee: f.assignee } : {}),
    ...(f.assignedAt ? { assignedAt: iso(f.assignedAt) } : {}),
    ...(f.waitingReason ? { waitingReason: f.waitingReason } : {}),
    ...(f.remindAt ? { remindAt: iso(f.remindAt) } : {}),
    ...(f.dueAt ? { dueAt: iso(f.dueAt) } : {}),
    ...(f.remindedAt ? { remindedAt: iso(f.remindedAt) } : {}),
    ...(f.escalatedAt ? { escalatedAt: iso(f.escalatedAt) } : {}),
    ...(f.suppressionId ? { suppressionId: f.suppressionId } : {}),
    ...(f.suppressedAt ? { suppressedAt: iso(f.suppressedAt) } : {}),
    title: f.message.title,
  };
}
