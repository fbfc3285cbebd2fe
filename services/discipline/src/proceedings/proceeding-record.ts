import type { Bilingual, InspectionConclusion, Severity } from '@thads/contracts';
import type { Proceeding, ProceedingStatus, RecusalGround, ReferredFinding, Seat } from '../domain';
import type { PendingAudit } from '../core/audit-once';
import type { Announcement } from '../core/outbox';

/** A referred finding as the proceeding keeps it: what the inspection said, for the council and the subject. */
export interface FindingRecord {
  findingId: string;
  ruleId: string;
  ruleVersion: number;
  severity: Severity;
  caseId?: string;
  inspectionId?: string;
  title: Bilingual;
  /** When the rule fired: the date of the facts. */
  detectedAt: string;
  /** The referral that brought it here (`inspection.referred`). */
  referralEventId: string;
  referredAt: string;
  referredBy: string;
  target: 'discipline_committee' | 'investigators';
  note: string;
  conclusion: InspectionConclusion;
  /** As published (denouncer fields already stripped by the publisher; stripped again for the subject). */
  evidence?: { eventIds: string[]; figures: Record<string, unknown> };
  explanation?: Bilingual;
  legalBasis?: string;
  /** Registry officers who worked the finding or its inspection (`inspection.referred`): recused from the council. */
  workedBy?: string[];
}

/** A seat emptied by a recusal and who filled it, for the minutes. */
export interface CouncilChange {
  on: string;
  seat: Seat;
  officerId: string;
  grounds: RecusalGround[];
  replacedBy?: string;
}

/** A document the subject submitted (its content is in `submission_documents`, by digest). */
export interface DocumentRef {
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface SubmissionRecord {
  submissionId: string;
  text: string;
  documents: DocumentRef[];
  at: string;
}

/**
 * One proceeding in the store (`proceedings`): the domain state, what it needs besides (the
 * findings' texts, the recusals, the subject's submissions) and the events of its latest steps
 * until they are in the outbox. One document per proceeding, replaced at each step under its
 * version: a handful of updates per proceeding, in a collection of a few hundred documents
 * (ADR 0005).
 */
export interface ProceedingDoc {
  _id: string;
  version: number;
  /** The subject and their unit, and the status, copied out of `proceeding` for queries. */
  officerId: string;
  unitId: string;
  status: ProceedingStatus;
  proceeding: Proceeding;
  findings: FindingRecord[];
  recusals: CouncilChange[];
  submissions: SubmissionRecord[];
  appeal?: { grounds: string; reasoning?: string };
  openedAt: string;
  updatedAt: string;
  /**
   * Events of the steps saved but not yet recorded in the outbox: written in the same document
   * as the step, so a crash between the two delays them instead of losing them (the relay
   * sends them).
   */
  pending: Announcement[];
  /**
   * The audit entries of those steps, with their ids, until they are in the audit chain: saved
   * with the step like the events, so a failed append is retried (the relay) instead of lost.
   * Absent on documents saved before it existed.
   */
  pendingAudit?: PendingAudit[];
  unsent: boolean;
}

/** A referral held back until the officer's heard proceeding is decided (`routeReferral`). */
export interface HeldReferral {
  _id: string;
  officerId: string;
  heldFor: string;
  finding: ReferredFinding;
  record: FindingRecord;
  at: string;
}
