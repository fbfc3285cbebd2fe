import type { CaseStreamEvent } from '@thads/contracts';
import { cellsOf, figuresOf } from './__tests__/table';
import { resolutionDeadline } from './complaints';
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
    expect(resolutionDeadline('denunciation', '2025-03-03')).toBe('2025-05-02');
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
});
