import { parseDisciplineEvent, parseInspectionEvent, withoutDenouncerFields } from './index';

const referred = {
  eventId: 'inspection.referred:F1:r4',
  type: 'inspection.referred',
  schemaVersion: 1,
  occurredAt: '2025-04-02T03:00:00.000Z',
  inspectionId: 'F1',
  unitId: 'DT-KV01',
  officerId: 'DT-KV01-O01',
  finding: {
    findingId: 'F1',
    ruleId: 'payout-overdue',
    ruleVersion: 1,
    severity: 'high',
    caseId: 'C1',
    detectedAt: '2025-03-14T00:00:00+07:00',
    title: { vi: 'Chậm chi trả', en: 'Late payout' },
  },
  data: {
    target: 'discipline_committee',
    note: 'art. 47',
    by: 'sup',
    conclusion: {
      result: 'substantiated',
      reasoning: 'never paid',
      truePositive: true,
      by: 'insp0',
      at: '2025-04-01T03:00:00.000Z',
    },
  },
};

describe('integrity topics (docs/events-integrity.md)', () => {
  it('accepts a referral as the inspection service publishes it', () => {
    expect(parseInspectionEvent(referred)).toEqual({ ok: true, event: referred });
  });

  it('names the field that is wrong, within the type the message says it is', () => {
    const noTarget = { ...referred, data: { ...referred.data, target: 'police' } };
    expect(parseInspectionEvent(noTarget)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('/data/target'),
    });
    expect(parseInspectionEvent({ ...referred, type: 'inspection.reopened' })).toEqual({
      ok: false,
      reason: '/type: unknown type "inspection.reopened"',
    });
    expect(parseInspectionEvent(null)).toMatchObject({ ok: false });
  });

  it('refuses a ballot tally without a proper commitment', () => {
    const closed = {
      eventId: 'P1:ballot:1',
      type: 'ballot.closed',
      schemaVersion: 1,
      occurredAt: '2025-05-02T03:00:00.000Z',
      proceedingId: 'P1',
      officerId: 'DT-KV01-O01',
      unitId: 'DT-KV01',
      data: { round: 1, tally: { yes: 2, no: 1 }, commitment: 'a'.repeat(64), result: 'discipline' },
    };
    expect(parseDisciplineEvent(closed).ok).toBe(true);
    expect(parseDisciplineEvent({ ...closed, data: { ...closed.data, commitment: 'x' } })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('/data/commitment'),
    });
  });

  it('accepts the day a decision was served with the last day to appeal, and refuses one that is not a day', () => {
    const served = {
      eventId: 'proceeding.decision_served:DP-F1:v12',
      type: 'proceeding.decision_served',
      schemaVersion: 1,
      occurredAt: '2025-09-15T03:00:00.000Z',
      proceedingId: 'DP-F1',
      officerId: 'DT-KV01-O01',
      unitId: 'DT-KV01',
      data: { servedOn: '2025-09-12', appealBy: '2025-09-29' },
    };
    expect(parseDisciplineEvent(served)).toEqual({ ok: true, event: served });
    expect(parseDisciplineEvent({ ...served, data: { servedOn: '12/09/2025', appealBy: '2025-09-29' } })).toMatchObject(
      {
        ok: false,
        reason: expect.stringContaining('/data/servedOn'),
      },
    );
    expect(parseDisciplineEvent({ ...served, data: { servedOn: '2025-09-12' } })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('/data/appealBy'),
    });
  });

  it("carries a referred finding's evidence, and the helper that keeps denouncers off the topics", () => {
    const figures = { outstanding: 5_000_000, complaintIds: ['TC-1'], nested: [{ DenouncerName: 'X', days: 12 }] };
    const stripped = withoutDenouncerFields(figures);
    expect(stripped).toEqual({ value: { outstanding: 5_000_000, nested: [{ days: 12 }] }, removed: 2 });
    const withEvidence = {
      ...referred,
      data: {
        ...referred.data,
        evidence: { eventIds: ['C1-5'], figures: stripped.value },
        explanation: { vi: 'Chậm chi trả 12 ngày', en: 'Paid 12 days late' },
        legalBasis: 'Luật THADS, Điều 47',
      },
    };
    expect(parseInspectionEvent(withEvidence)).toEqual({ ok: true, event: withEvidence });
  });
});
