import { Inject, Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import type { InspectionEvent } from '@thads/contracts';
import { Store, insertNew } from '@thads/store';

/** One workflow step about one officer's finding, as `integrity.inspections.v1` told it. */
export interface OfficerEventDoc {
  _id: string;
  officerId: string;
  unitId: string;
  type: InspectionEvent['type'];
  occurredAt: string;
  findingId: string;
  ruleId: string;
  severity: string;
  title: { vi: string; en: string };
  detectedAt: string;
  /** The step's gist: the conclusion's result, the referral's target, the dismissal's reason. */
  detail: Record<string, string | boolean>;
}

/** What the step says in a few fields (never a note's free text: the history is a summary). */
function detailOf(e: InspectionEvent): Record<string, string | boolean> {
  switch (e.type) {
    case 'inspection.concluded':
      return { result: e.data.conclusion.result, truePositive: e.data.conclusion.truePositive };
    case 'inspection.referred':
      return { target: e.data.target, result: e.data.conclusion.result };
    case 'inspection.closed':
      return e.data.conclusion ? { result: e.data.conclusion.result } : {};
    case 'inspection.dismissed':
      return { reason: e.data.reason };
    case 'inspection.sla_breached':
      return { dueAt: e.data.dueAt };
  }
}

export function officerEventOf(e: InspectionEvent): OfficerEventDoc | undefined {
  if (e.officerId === undefined) return undefined;
  return {
    _id: e.eventId,
    officerId: e.officerId,
    unitId: e.unitId,
    type: e.type,
    occurredAt: e.occurredAt,
    findingId: e.finding.findingId,
    ruleId: e.finding.ruleId,
    severity: e.finding.severity,
    title: e.finding.title,
    detectedAt: e.finding.detectedAt,
    detail: detailOf(e),
  };
}

/**
 * The officers' findings as the inspections topic tells them (`officer_events`): one document per
 * event, keyed by its id, so a redelivery changes nothing. Insert only.
 */
@Injectable()
export class HistoryRepository {
  constructor(@Inject(Store) private readonly store: Store) {}

  private get events(): Collection<OfficerEventDoc> {
    return this.store.collection<OfficerEventDoc>('officer_events');
  }

  async record(events: readonly InspectionEvent[]): Promise<void> {
    await insertNew(
      this.events,
      events.map(officerEventOf).filter((e): e is OfficerEventDoc => e !== undefined),
    );
  }

  ofOfficer(officerId: string): Promise<OfficerEventDoc[]> {
    return this.events.find({ officerId }).sort({ occurredAt: 1, _id: 1 }).toArray();
  }
}
