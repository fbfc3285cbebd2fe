import type { FindingMessage, InspectionEventOf, InspectionEventType, InspectedFinding } from '@thads/contracts';
import type { InspectionTopic } from '../core/outbox';
import type { WorkedFinding } from './finding';

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
