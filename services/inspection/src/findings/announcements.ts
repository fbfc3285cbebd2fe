import {
  isFindingMessage,
  withoutDenouncerFields,
  type FindingMessage,
  type InspectionEventOf,
  type InspectionEventType,
  type InspectedFinding,
} from '@thads/contracts';
import type { InspectionTopic } from '../core/outbox';
import type { Unannounced, WorkedFinding } from './finding';

/** One message for the outbox: its id makes a second recording of the same change harmless. */
export interface Announcement {
  id: string;
  topic: InspectionTopic;
  key: string;
  value: object;
}

/**
 * The finding as `integrity.findings.v1` carries it at its current revision: the detector's
 * message with the workflow's status, revision, the time of the status change (v1.2) and
 * whether a suppression holds it (v1.3). Built from the record alone, so every path that
 * announces the same revision announces the same content.
 */
export function currentMessage(f: WorkedFinding): FindingMessage {
  const { statusChangedAt: _, suppressed: __, ...detected } = f.message;
  return {
    ...detected,
    status: f.status,
    revision: f.revision,
    ...(f.statusChangedAt ? { statusChangedAt: f.statusChangedAt.toISOString() } : {}),
    ...(f.suppressionId ? { suppressed: true } : {}),
  };
}

/** The finding with its new status and revision, for `integrity.findings.v1`. */
export function findingAnnouncement(message: FindingMessage): Announcement {
  return {
    id: `finding:${message.findingId}:r${String(message.revision ?? 0)}`,
    topic: 'Findings',
    key: message.findingId,
    value: message,
  };
}

function inspectedFinding(f: WorkedFinding): InspectedFinding {
  const m = f.message;
  return {
    findingId: f.findingId,
    ruleId: f.ruleId,
    ruleVersion: m.ruleVersion,
    severity: f.severity,
    ...(f.caseId ? { caseId: f.caseId } : {}),
    detectedAt: f.detectedAt,
    title: m.title,
  };
}

/**
 * One event on `integrity.inspections.v1` about `f`, keyed by the officer concerned (else the
 * unit) so that one officer's events stay in order for the discipline service. `step` tells
 * two events of the same type about the same finding apart (the revision of a transition).
 */
export function inspectionAnnouncement<T extends InspectionEventType>(
  type: T,
  f: WorkedFinding,
  step: string,
  at: Date,
  data: InspectionEventOf<T>['data'],
): Announcement {
  const eventId = `${type}:${f.findingId}:${step}`;
  const value = {
    eventId,
    type,
    schemaVersion: 1,
    occurredAt: at.toISOString(),
    ...(f.inspectionId ? { inspectionId: f.inspectionId } : {}),
    unitId: f.unitId,
    ...(f.officerId ? { officerId: f.officerId } : {}),
    finding: inspectedFinding(f),
    data,
  };
  return { id: eventId, topic: 'Inspections', key: f.officerId ?? f.unitId, value };
}

/**
 * Everything announced for the revision `mark` names, built from the finding as stored at that
 * revision: the finding on `integrity.findings.v1` and, for a status change that decides
 * something, its outcome on `integrity.inspections.v1`. The one place these are built — by the
 * status change itself, by a release from a suppression, and by the sweep of revisions left
 * unannounced (`FindingAnnouncer`) — so a second recording has the same ids and content as the
 * first, and the outbox (and every consumer) takes it for the same message.
 */
export function announcementsOf(f: WorkedFinding, mark: Unannounced): Announcement[] {
  const out = currentMessage(f);
  const announcements: Announcement[] = isFindingMessage(out) ? [findingAnnouncement(out)] : [];
  const outcome = mark.change && outcomeAnnouncement(f, mark.change.by, mark.change.at, mark.change.workedBy);
  if (outcome) announcements.push(outcome);
  return announcements;
}

/**
 * The announcements of the revision `f` was read at, if it is still marked unannounced: a change
 * about to raise the revision again records them first, as the sweep would have (same ids), since
 * its own mark replaces that one. Should that write fail too, the sweep announces the newer state
 * only. That loses nothing a consumer keeps: the findings topic keeps the highest revision, and
 * the one outcome that can be followed by another — a conclusion, by a referral or closure —
 * travels again in the one that follows (insight counts the latest); only the separate
 * `inspection.concluded` entry of the officer's history at discipline would be missing.
 */
export function stillUnannounced(f: WorkedFinding): Announcement[] {
  return f.unannounced?.revision === f.revision ? announcementsOf(f, f.unannounced) : [];
}

/**
 * What the workflow decided, for the services that act on it (`integrity.inspections.v1`): a
 * conclusion, a referral, a closure or a dismissal. Triage and the start of an inspection are
 * internal steps and are announced on the findings topic only.
 */
function outcomeAnnouncement(
  f: WorkedFinding,
  by: string,
  at: Date,
  workedBy: readonly string[] = [],
): Announcement | undefined {
  const step = `r${String(f.revision)}`;
  switch (f.status) {
    case 'concluded':
      return f.conclusion && inspectionAnnouncement('inspection.concluded', f, step, at, { conclusion: f.conclusion });
    case 'referred':
      return (
        f.referral &&
        f.conclusion &&
        inspectionAnnouncement('inspection.referred', f, step, at, {
          target: f.referral.target,
          note: f.referral.note,
          conclusion: f.conclusion,
          by,
          ...referredDetail(f),
          ...(workedBy.length > 0 ? { workedBy: [...workedBy] } : {}),
        })
      );
    case 'closed':
      return inspectionAnnouncement('inspection.closed', f, step, at, {
        ...(f.conclusion ? { conclusion: f.conclusion } : {}),
        by,
      });
    case 'dismissed':
      return (
        f.dismissal &&
        inspectionAnnouncement('inspection.dismissed', f, step, at, {
          reason: f.dismissal.reason,
          note: f.dismissal.note,
          by,
        })
      );
    default:
      return undefined;
  }
}

/**
 * What the subject of a disciplinary proceeding may see of the referred finding: its evidence
 * without any field that points to a denouncer (the topic never carries one), its explanation
 * and legal basis.
 */
function referredDetail(f: WorkedFinding) {
  const { eventIds, figures } = f.message.evidence;
  return {
    evidence: { eventIds: [...eventIds], figures: withoutDenouncerFields(figures).value },
    explanation: f.message.explanation,
    legalBasis: f.message.legalBasis,
  };
}
