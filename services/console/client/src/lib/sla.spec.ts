import { slaState, workingDaysBetween } from './sla';

describe('SLA countdown in working days', () => {
  it('skips weekends and days off', () => {
    // Friday 4 December 2026 → Monday 7 December: one working day.
    expect(workingDaysBetween('2026-12-04', '2026-12-07')).toBe(1);
    expect(workingDaysBetween('2026-12-04', '2026-12-11')).toBe(5);
    expect(workingDaysBetween('2026-12-04', '2026-12-11', new Set(['2026-12-08']))).toBe(4);
    expect(workingDaysBetween('2026-12-11', '2026-12-04')).toBe(-5);
  });

  it('says left, today or overdue in Vietnam time', () => {
    const now = new Date('2026-12-03T18:00:00Z'); // Friday 4 December, 01:00 in Hanoi
    expect(slaState('2026-12-04T09:00:00Z', now)).toEqual({ kind: 'today' });
    expect(slaState('2026-12-08T09:00:00Z', now)).toEqual({ kind: 'left', workingDays: 2 });
    expect(slaState('2026-12-02T09:00:00Z', now)).toEqual({ kind: 'overdue', workingDays: 2 });
    expect(slaState(undefined, now)).toEqual({ kind: 'none' });
  });
});
