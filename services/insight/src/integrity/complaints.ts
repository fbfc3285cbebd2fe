import { parseRfc3339, type CaseStreamEvent } from '@thads/contracts';
import { WorkingCalendar, dayFromIso, isoFromDay } from '@thads/rules';
import { compareStamps, type Stamp } from '../statistics/case-record';
import { addDays, vnDayOf, type VnDay } from '../statistics/period';
import type { IntegrityCell } from './cells';

export type ComplaintKind = 'complaint' | 'denunciation';
export const COMPLAINT_KINDS: readonly ComplaintKind[] = ['complaint', 'denunciation'];

/**
 * Days to resolve, from the day after receipt (DOMAIN.md, Complaints and denunciations): a first
 * complaint 15–30 days depending on the act, and the topic on the wire does not say which act
 * (`delay`, `harassment`, … are not the law's categories), so the upper bound 30 applies to all;
 * a denunciation 60 days. The extensions for complex matters (+30) are not on the wire either.
 * Calendar days (d in DOMAIN.md, not working days); a last day that falls on a day off —
 * a weekend, an official day off, Tết — moves to the next working day (`resolutionDeadline`), as
 * the detector's late-complaint-resolution counts it.
 */
export const RESOLUTION_DAYS: Readonly<Record<ComplaintKind, number>> = { complaint: 30, denunciation: 60 };

/** One complaint or denunciation: its earliest receipt and earliest resolution (repeats and other ids ignored). */
export interface ComplaintRecord {
  readonly kind: 'complaint';
  readonly complaintId: string;
  readonly received?: Stamp & {
    readonly unitId: string;
    readonly complaintKind: ComplaintKind;
    /**
     * The last day to resolve it, on the working-day calendar as it stood when the receipt was
     * folded: a later change of the calendar (only days still to come may change) leaves the
     * deadlines already counted as they were. Absent on records checkpointed before it was kept.
     */
    readonly lastDay?: VnDay;
  };
  readonly resolved?: Stamp;
}

/** The table of official days off shipped with the code (`@thads/rules`), when no service's view is at hand. */
export const SHIPPED_CALENDAR = new WorkingCalendar();

export function emptyComplaintRecord(complaintId: string): ComplaintRecord {
  return { kind: 'complaint', complaintId };
}

/** The complaint an event is about, if it is a complaint event. */
export function complaintIdOf(event: CaseStreamEvent): string | undefined {
  return event.type === 'complaint.received' || event.type === 'complaint.resolved'
    ? event.data.complaintId
    : undefined;
}

export function foldComplaintEvent(
  record: ComplaintRecord,
  event: CaseStreamEvent,
  calendar: WorkingCalendar = SHIPPED_CALENDAR,
): ComplaintRecord {
  const at = parseRfc3339(event.occurredAt);
  if (Number.isNaN(at)) return record;
  const stamp: Stamp = { eventId: event.eventId, at };
  if (event.type === 'complaint.received' && event.data.complaintId === record.complaintId) {
    if (!isEarlier(stamp, record.received)) return record;
    // The schema checks the kind; its type says only string.
    const complaintKind: ComplaintKind = event.data.kind === 'denunciation' ? 'denunciation' : 'complaint';
    const lastDay = resolutionDeadline(complaintKind, vnDayOf(at), calendar);
    return { ...record, received: { ...stamp, unitId: event.unitId, complaintKind, lastDay } };
  }
  if (event.type === 'complaint.resolved' && event.data.complaintId === record.complaintId) {
    return isEarlier(stamp, record.resolved) ? { ...record, resolved: stamp } : record;
  }
  return record;
}

function isEarlier(stamp: Stamp, current: Stamp | undefined): boolean {
  return current === undefined || (stamp.eventId !== current.eventId && compareStamps(stamp, current) < 0);
}

/**
 * The last day a complaint received on `day` may be resolved on: the limit in calendar days,
 * counted from the day after receipt, moved to the next working day when it falls on a day off.
 */
export function resolutionDeadline(
  kind: ComplaintKind,
  day: VnDay,
  calendar: WorkingCalendar = SHIPPED_CALENDAR,
): VnDay {
  return isoFromDay(calendar.addDays(dayFromIso(day), RESOLUTION_DAYS[kind], true));
}

/**
 * The first day of receipt whose last day to resolve is not before `to`: complaints received
 * before it and still unresolved at the end of a period ending at `to` are overdue. Last days
 * only move forward with the day received, so this walks back from `to − limit` over the few
 * days whose deadline a run of days off carries to `to` or later.
 */
export function overdueBefore(kind: ComplaintKind, to: VnDay, calendar: WorkingCalendar = SHIPPED_CALENDAR): VnDay {
  let day = addDays(to, -RESOLUTION_DAYS[kind]);
  while (resolutionDeadline(kind, addDays(day, -1), calendar) >= to) day = addDays(day, -1);
  return day;
}

/**
 * A complaint counts in its unit on the day it was received: received, and then exactly one of
 * resolved on time (on or before the deadline day), resolved late, or unresolved so far. Whether
 * an unresolved one is overdue depends on the cut-off, so it is decided when the figures are
 * read (figures.ts). A resolution dated before the receipt counts at the receipt.
 */
export function complaintContributions(
  r: ComplaintRecord,
  calendar: WorkingCalendar = SHIPPED_CALENDAR,
): IntegrityCell[] {
  const received = r.received;
  if (received === undefined) return [];
  const day = vnDayOf(received.at);
  const cell = { unitId: received.unitId, day, dims: [received.complaintKind], value: 1 };
  const out: IntegrityCell[] = [{ ...cell, key: 'complaintReceived' }];
  if (r.resolved === undefined) out.push({ ...cell, key: 'complaintUnresolved' });
  else {
    const resolvedDay = vnDayOf(Math.max(r.resolved.at, received.at));
    const lastDay = received.lastDay ?? resolutionDeadline(received.complaintKind, day, calendar);
    const onTime = resolvedDay <= lastDay;
    out.push({ ...cell, key: onTime ? 'complaintOnTime' : 'complaintLate' });
  }
  return out;
}
