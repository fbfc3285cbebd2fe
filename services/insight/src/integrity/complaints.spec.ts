import type { CaseStreamEvent } from '@thads/contracts';
import { OFFICIAL_DAYS_OFF, WorkingCalendar } from '@thads/rules';
import { cellsOf, figuresOf } from './__tests__/table';
import { overdueBefore, resolutionDeadline } from './complaints';
import { IntegrityTable, integrityFigures } from './figures';
import { CaseIntegrityPartition } from './partitions';

let seq = 0;
function received(complaintId: string, day: string, kind: 'complaint' | 'denunciation' = 'complaint'): CaseStreamEvent {
  seq += 1;
  return {
    eventId: `k-${seq}`,
    type: 'complaint.received',
    schemaVersion: 1,
    occurredAt: `${day}T10:00:00+07:00`,
    unitId: 'U-1',
    // A complaint about no case (keyed by the officer on the topic).
    data: { complaintId, kind, againstOfficerId: 'O-1', topic: 'harassment' },
  };
}
function resolved(complaintId: string, day: string): CaseStreamEvent {
  seq += 1;
  return {
    eventId: `k-${seq}`,
    type: 'complaint.resolved',
    schemaVersion: 1,
    occurredAt: `${day}T16:00:00+07:00`,
    unitId: 'U-1',
    caseId: 'C-1',
    data: { complaintId, outcome: 'rejected' },
  };
}

function complaints(events: readonly CaseStreamEvent[], from: string, to: string) {
  const p = new CaseIntegrityPartition();
  p.apply([...events].reverse());
  return figuresOf(cellsOf(p), from, to).complaints;
}

describe('complaints and denunciations resolved on time', () => {
  it('gives a complaint 30 days and a denunciation 60, counted from the day after receipt', () => {
    expect(resolutionDeadline('complaint', '2025-03-03')).toBe('2025-04-02');
    expect(resolutionDeadline('denunciation', '2025-02-03')).toBe('2025-04-04');
  });

  it('moves a last day that falls on a day off to the next working day: a weekend, 30/4–2/5, Tết', () => {
    // 5 July 2025 is a Saturday: Monday the 7th.
    expect(resolutionDeadline('complaint', '2025-06-05')).toBe('2025-07-07');
    // 2 May 2025 is a day off (30/4–4/5, 26/4 worked instead): Monday the 5th.
    expect(resolutionDeadline('denunciation', '2025-03-03')).toBe('2025-05-05');
    // Across Tết Bính Ngọ (14/2–22/2/2026): 14 February is its first day; Monday 23 February.
    expect(resolutionDeadline('complaint', '2026-01-15')).toBe('2026-02-23');
    // Across Tết Ất Tỵ (25/1–2/2/2025): 27 January is off; Monday 3 February.
    expect(resolutionDeadline('denunciation', '2024-11-28')).toBe('2025-02-03');
  });

  it('counts by the day received: on time on the deadline day, late the day after', () => {
    const events = [
      received('K-1', '2025-03-03'),
      resolved('K-1', '2025-04-02'),
      received('K-2', '2025-03-03'),
      resolved('K-2', '2025-04-03'),
      received('K-3', '2025-03-10', 'denunciation'),
      resolved('K-3', '2025-04-30'),
      // Resolved in April, received in February: not March's.
      received('K-4', '2025-02-27'),
      resolved('K-4', '2025-03-05'),
    ];
    const march = complaints(events, '2025-03-01', '2025-04-01');
    expect(march.complaint).toEqual({
      received: 2,
      resolvedOnTime: 1,
      resolvedLate: 1,
      overdue: 0,
      pending: 0,
      onTimeRate: 0.5,
    });
    expect(march.denunciation).toMatchObject({ received: 1, resolvedOnTime: 1, onTimeRate: 1 });
    expect(march.all).toMatchObject({ received: 3, resolvedOnTime: 2, resolvedLate: 1, onTimeRate: 2 / 3 });
  });

  it('judges an unresolved complaint at the end of the period: overdue once its deadline has passed, pending before', () => {
    const events = [
      received('K-1', '2025-03-03'),
      received('K-2', '2025-03-20'),
      received('K-3', '2025-03-03', 'denunciation'),
    ];
    // To 3 April: K-1's last day (2 April) is over; K-2's (19 April) is not; K-3's (2 May) is not.
    const early = complaints(events, '2025-03-01', '2025-04-03');
    expect([early.complaint.overdue, early.complaint.pending, early.denunciation.pending]).toEqual([1, 1, 1]);
    expect(early.all.onTimeRate).toBe(0);
    // A period ending on 2 April: K-1 still has a day.
    expect(complaints(events, '2025-03-01', '2025-04-02').all).toMatchObject({
      overdue: 0,
      pending: 3,
      onTimeRate: null,
    });
    const year = complaints(events, '2025-01-01', '2026-01-01').all;
    expect([year.overdue, year.pending]).toEqual([3, 0]);
  });

  it('counts each complaint once whatever is repeated, and its earliest resolution', () => {
    const r = received('K-1', '2025-03-03');
    const late = resolved('K-1', '2025-05-01');
    const events = [r, r, { ...r, eventId: 'again' }, late, resolved('K-1', '2025-03-20'), late];
    expect(complaints(events, '2025-03-01', '2025-04-01').complaint).toMatchObject({ received: 1, resolvedOnTime: 1 });
  });

  it('counts a resolution on the working day after a deadline that fell on a day off as on time', () => {
    const events = [
      received('K-1', '2025-06-05'), // last day Saturday 5 July, moved to Monday 7 July
      resolved('K-1', '2025-07-07'),
      received('K-2', '2025-06-05'),
      resolved('K-2', '2025-07-08'),
      received('K-3', '2026-01-15'), // last day 14 February 2026, Tết: moved to 23 February
      resolved('K-3', '2026-02-23'),
      received('K-4', '2024-11-28', 'denunciation'), // last day 27 January 2025, Tết: 3 February
      resolved('K-4', '2025-02-03'),
    ];
    expect(complaints(events, '2025-06-01', '2025-07-01').complaint).toMatchObject({
      received: 2,
      resolvedOnTime: 1,
      resolvedLate: 1,
    });
    expect(complaints(events, '2026-01-01', '2026-02-01').complaint).toMatchObject({
      resolvedOnTime: 1,
      resolvedLate: 0,
    });
    expect(complaints(events, '2024-11-01', '2024-12-01').denunciation).toMatchObject({ resolvedOnTime: 1 });
  });

  it('does not call a complaint overdue while its deadline, moved off a day off, has not passed', () => {
    const events = [received('K-1', '2025-06-05'), received('K-2', '2026-01-15')];
    // Received 5 June: the last day is Monday 7 July, so at the end of 5 and 6 July it is pending.
    expect(overdueBefore('complaint', '2025-07-07')).toBe('2025-06-05');
    expect(complaints(events, '2025-06-01', '2025-07-06').complaint).toMatchObject({ overdue: 0, pending: 1 });
    expect(complaints(events, '2025-06-01', '2025-07-07').complaint).toMatchObject({ overdue: 0, pending: 1 });
    expect(complaints(events, '2025-06-01', '2025-07-08').complaint).toMatchObject({ overdue: 1, pending: 0 });
    // Through Tết 2026: still pending at the end of 20 February; overdue once 23 February is over.
    expect(complaints(events, '2026-01-01', '2026-02-21').complaint).toMatchObject({ overdue: 0, pending: 1 });
    expect(complaints(events, '2026-01-01', '2026-02-24').complaint).toMatchObject({ overdue: 1, pending: 0 });
  });

  it('counts on the calendar it is given: a day off an administrator published moves the deadline', () => {
    // 2 April 2025 made a day off (a year of integrity.calendar.v1 as the detector publishes it).
    const calendar = new WorkingCalendar(
      OFFICIAL_DAYS_OFF.map((y) => (y.year === 2025 ? { ...y, daysOff: [...y.daysOff, '2025-04-02'] } : y)),
    );
    const p = new CaseIntegrityPartition(() => calendar);
    p.apply([received('K-1', '2025-03-03'), resolved('K-1', '2025-04-03'), received('K-2', '2025-03-03')]);
    const figures = (to: string) =>
      integrityFigures(new IntegrityTable(cellsOf(p), ['U-1']), { from: '2025-03-01', to }, () => 100, calendar)
        .complaints.complaint;
    expect(figures('2025-04-01')).toMatchObject({ resolvedOnTime: 1, resolvedLate: 0 });
    // K-2's last day is 3 April on this calendar: pending at the end of 2 April, overdue after the 3rd.
    expect(figures('2025-04-03')).toMatchObject({ overdue: 0, pending: 1 });
    expect(figures('2025-04-04')).toMatchObject({ overdue: 1, pending: 0 });
    // The shipped table alone would have called the resolution late.
    expect(resolutionDeadline('complaint', '2025-03-03')).toBe('2025-04-02');
  });
});
