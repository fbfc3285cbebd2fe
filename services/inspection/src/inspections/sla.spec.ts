import { WorkingCalendar } from '@thads/rules';
import { slaTimes } from './sla';

const cal = new WorkingCalendar();
const vn = (iso: string) => Date.parse(iso);

describe('inspection SLA', () => {
  it('counts working days from the day after, by severity', () => {
    // Monday 3 March 2025, 10:00: critical → 2 working days → due end of Wednesday 5 March.
    const t = slaTimes('critical', vn('2025-03-03T10:00:00+07:00'), cal);
    expect(t.dueAt).toBe(vn('2025-03-06T00:00:00+07:00'));
    expect(t.remindAt).toBe(vn('2025-03-05T00:00:00+07:00'));
    // Friday: high → 5 working days → the next Friday.
    expect(slaTimes('high', vn('2025-03-07T15:00:00+07:00'), cal).dueAt).toBe(vn('2025-03-15T00:00:00+07:00'));
  });

  it('skips Tết 2026 (14–22 February)', () => {
    // Friday 13 February 2026: critical → Mon 23, Tue 24 February.
    expect(slaTimes('critical', vn('2026-02-13T09:00:00+07:00'), cal).dueAt).toBe(vn('2026-02-25T00:00:00+07:00'));
  });

  it('takes configured days', () => {
    expect(
      slaTimes('low', vn('2025-03-03T10:00:00+07:00'), cal, { critical: 1, high: 1, medium: 1, low: 1 }).dueAt,
    ).toBe(vn('2025-03-05T00:00:00+07:00'));
  });
});
