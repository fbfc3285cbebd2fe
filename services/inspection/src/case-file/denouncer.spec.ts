import { denouncerOf, denouncerRefusal, withoutDenouncer } from './denouncer';
import type { StoredEvent } from './case-events.repository';

const denunciation: StoredEvent = {
  eventId: 'e1',
  caseId: 'C1',
  unitId: 'DT-KV01',
  type: 'complaint.received',
  occurredAt: '2025-04-01T09:00:00+07:00',
  actorId: 'CLERK-1',
  data: {
    complaintId: 'TC-1',
    kind: 'denunciation',
    againstOfficerId: 'OFF-7',
    topic: 'bribery',
    denouncerName: 'Nguyễn Văn A',
    denouncerAddress: 'Cao Lãnh',
  },
};

describe('denouncer secrecy', () => {
  it('keeps what a denunciation is about and withholds who made it (and the clerk who took it)', () => {
    const shown = withoutDenouncer(denunciation);
    expect(shown.data).toEqual({
      complaintId: 'TC-1',
      kind: 'denunciation',
      againstOfficerId: 'OFF-7',
      topic: 'bribery',
    });
    expect(shown.denouncerWithheld).toBe(true);
    expect(shown.actorId).toBeUndefined();
    expect(JSON.stringify(shown)).not.toMatch(/Nguyễn|Cao Lãnh/);
    expect(denouncerOf(denunciation)).toEqual({ denouncerName: 'Nguyễn Văn A', denouncerAddress: 'Cao Lãnh' });
  });

  it('leaves complaints and other events as they are', () => {
    const complaint = { ...denunciation, data: { ...denunciation.data, kind: 'complaint' } };
    expect(withoutDenouncer(complaint)).toBe(complaint);
  });

  it("refuses anyone of the accused officer's unit and the accused", () => {
    expect(denouncerRefusal({ unitId: 'DT-KV01' }, 'OFF-7', 'DT-KV01')).toMatch(/accused officer's unit/);
    expect(denouncerRefusal({ unitId: 'DT', officerId: 'OFF-7' }, 'OFF-7', 'DT-KV01')).toMatch(/you are the accused/);
    expect(denouncerRefusal({ unitId: 'DT', officerId: 'OFF-1' }, 'OFF-7', 'DT-KV01')).toBeUndefined();
  });
});
