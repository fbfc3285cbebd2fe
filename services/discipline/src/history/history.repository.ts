import { Inject, Injectable } from '@nestjs/common';
import type { Collection, Filter } from 'mongodb';
import type { InspectionEvent } from '@thads/contracts';
import { Store, insertNew } from '@thads/store';

/** Where a page of an officer's history ends: the instant and id of its oldest event. */
export interface HistoryCursor {
  occurredAt: string;
  id: string;
}

/** The cursor as the API passes it: opaque, URL-safe. */
export function encodeCursor(c: HistoryCursor): string {
  return Buffer.from(JSON.stringify([c.occurredAt, c.id]), 'utf8').toString('base64url');
}

/** The cursor back, or undefined when it is not one this service made. */
export function decodeCursor(text: string): HistoryCursor | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string')
      return { occurredAt: v[0], id: v[1] };
  } catch {
    // not JSON: not a cursor of ours
  }
  return undefined;
}

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

  /**
   * At most `limit` of an officer's events, newest first, older than `before` (the last event of
   * the previous page) when given.
   */
  page(officerId: string, limit: number, before?: HistoryCursor): Promise<OfficerEventDoc[]> {
    const older: Filter<OfficerEventDoc> = before
      ? {
          $or: [{ occurredAt: { $lt: before.occurredAt } }, { occurredAt: before.occurredAt, _id: { $lt: before.id } }],
        }
      : {};
    return this.events
      .find({ officerId, ...older })
      .sort({ occurredAt: -1, _id: -1 })
      .limit(limit)
      .toArray();
  }
}
