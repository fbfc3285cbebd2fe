import { EventSchemas, parseInputEvent, type EventType, type InputStream } from './index';

const envelope = { schemaVersion: 1, occurredAt: '2025-03-04T09:15:00+07:00', unitId: 'U-DT-01', caseId: 'C-1' };

/** One valid example of every event type, with the stream that carries it. */
const valid: Record<EventType, [InputStream, Record<string, unknown>]> = {
  'case.received': [
    'case',
    { mode: 'on_request', judgmentRef: 'BA-12/2025', creditorIds: ['P1'], debtorIds: ['P2'], claimAmount: 250_000_000 },
  ],
  'case.decision_issued': ['case', { decisionNo: 'QD-1' }],
  'case.assigned': ['case', { officerId: 'O1', reason: 'workload' }],
  'case.notified': ['case', {}],
  'case.verified': ['case', { result: 'partial' }],
  'case.classified': ['case', { category: 'unable' }],
  'case.postponed': ['case', { reasonCode: 'debtor_ill', until: '2025-04-01' }],
  'case.suspended': ['case', { reasonCode: 'bankruptcy' }],
  'case.resumed': ['case', {}],
  'case.asset_seized': ['case', { assetId: 'A1', assetKind: 'land' }],
  'case.asset_valued': ['case', { assetId: 'A1', value: 1_000_000_000, appraiserId: 'AP1' }],
  'case.auction_held': [
    'case',
    {
      assetId: 'A1',
      auctionOrgId: 'AO1',
      startingPrice: 1_000_000_000,
      outcome: 'sold',
      salePrice: 900_000_000,
      bidderCount: 3,
      winnerId: 'P9',
    },
  ],
  'case.price_reduced': ['case', { assetId: 'A1', newStartingPrice: 900_000_000 }],
  'case.terminated': ['case', { reasonCode: 'debtor_died' }],
  'case.closed': ['case', { result: 'fully_executed' }],
  'complaint.received': ['case', { complaintId: 'K1', kind: 'denunciation', againstOfficerId: 'O1', topic: 'bribery' }],
  'complaint.resolved': ['case', { complaintId: 'K1', outcome: 'rejected' }],
  'clock.tick': ['case', {}],
  'finance.collected': ['finance', { receiptNo: 'BL-1', amount: 100, method: 'cash', payerId: 'P2' }],
  'finance.deposited': ['finance', { amount: 100, receiptNos: ['BL-1'] }],
  'finance.disbursed': ['finance', { voucherNo: 'PC-1', amount: 100, payeeId: 'P1', payeeAccountHash: 'h1' }],
  'finance.fee_assessed': ['finance', { amount: 3, waived: false }],
  'finance.remitted': ['finance', { amount: 100 }],
  'finance.reversed': ['finance', { ref: 'BL-1', amount: 100, reason: 'typo' }],
  'registry.unit': ['registry', { unitId: 'U1', name: 'Phòng THADS khu vực 1', level: 'district', parentUnitId: 'U0' }],
  'registry.officer': [
    'registry',
    {
      officerId: 'O1',
      unitId: 'U1',
      name: 'Nguyễn Văn A',
      role: 'enforcement_officer',
      relatedPartyIds: [],
      bankAccountHashes: ['h9'],
    },
  ],
  'registry.party': ['registry', { partyId: 'P1', kind: 'person', bankAccountHashes: [] }],
  'registry.auction_org': ['registry', { auctionOrgId: 'AO1', name: 'Công ty đấu giá' }],
  'registry.appraiser': ['registry', { appraiserId: 'AP1', name: 'Công ty thẩm định' }],
};

function message(type: EventType, data: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  const registry = type.startsWith('registry.');
  const base = registry ? { schemaVersion: 1, occurredAt: envelope.occurredAt } : envelope;
  return JSON.stringify({ eventId: `e-${type}`, type, ...base, data, ...overrides });
}

describe('parseInputEvent', () => {
  it('has an example for every event type of the contract', () => {
    expect(Object.keys(valid).sort()).toEqual(Object.keys(EventSchemas).sort());
  });

  describe.each(Object.entries(valid))('%s', (type, [stream, data]) => {
    const t = type as EventType;

    it('accepts a valid message and parses its business time', () => {
      const result = parseInputEvent(stream, message(t, data));
      expect(result).toEqual({
        ok: true,
        event: expect.objectContaining({ type }),
        at: Date.parse(envelope.occurredAt),
      });
    });

    it('keeps unknown extra data fields', () => {
      const result = parseInputEvent(stream, message(t, { ...data, extra: 'kept' }));
      expect(result.ok && (result.event.data as Record<string, unknown>)['extra']).toBe('kept');
    });

    const optional = ['reason', 'until', 'payeeAccountHash', 'parentUnitId', 'againstOfficerId', 'waiverReasonCode'];
    const required = Object.keys(data).filter((k) => !optional.includes(k));
    const scalars = Object.entries(data).filter(([, v]) => typeof v !== 'object');
    if (required.length > 0)
      it.each(required)('rejects the message when data.%s is missing', (field) => {
        const rest = { ...data };
        delete rest[field];
        const result = parseInputEvent(stream, message(t, rest));
        expect(result).toEqual({ ok: false, reason: expect.stringContaining(`data.${field}`) });
      });

    if (scalars.length > 0)
      it.each(scalars)('rejects data.%s of the wrong type', (field, v) => {
        const wrong = typeof v === 'string' ? 42 : 'forty-two';
        const result = parseInputEvent(stream, message(t, { ...data, [field]: wrong }));
        expect(result).toEqual({ ok: false, reason: expect.stringContaining(`data.${field}`) });
      });

    it('rejects it on a topic that does not carry it', () => {
      const other: InputStream = stream === 'registry' ? 'case' : 'registry';
      expect(parseInputEvent(other, message(t, data))).toEqual({
        ok: false,
        reason: expect.stringContaining('is not carried on'),
      });
    });

    it('rejects schemaVersion 2', () => {
      expect(parseInputEvent(stream, message(t, data, { schemaVersion: 2 }))).toEqual({
        ok: false,
        reason: 'unsupported schemaVersion 2 (expected 1)',
      });
    });

    it.each(['eventId', 'occurredAt', 'data'])('rejects the message without %s', (field) => {
      const result = parseInputEvent(stream, message(t, data, { [field]: undefined }));
      expect(result).toEqual({ ok: false, reason: `missing required field "${field}"` });
    });
  });

  it.each(['case.received', 'finance.collected', 'complaint.received'] as const)('requires unitId on %s', (type) => {
    const [stream, data] = valid[type];
    expect(parseInputEvent(stream, message(type, data, { unitId: undefined }))).toEqual({
      ok: false,
      reason: 'missing required field "unitId"',
    });
  });

  it('requires caseId on case and finance events but not on a complaint or a tick', () => {
    expect(parseInputEvent('finance', message('finance.remitted', { amount: 1 }, { caseId: undefined }))).toEqual({
      ok: false,
      reason: 'missing required field "caseId"',
    });
    expect(
      parseInputEvent('case', message('complaint.received', valid['complaint.received'][1], { caseId: undefined })).ok,
    ).toBe(true);
    const tick = JSON.stringify({
      eventId: 'tick-1',
      type: 'clock.tick',
      schemaVersion: 1,
      occurredAt: '2025-06-30T00:00:00+07:00',
      data: {},
    });
    expect(parseInputEvent('finance', tick).ok).toBe(true);
  });

  it.each([
    ['a negative amount', { amount: -1 }],
    ['a fractional amount', { amount: 10.5 }],
    ['an amount given as text', { amount: '100' }],
  ])('rejects %s', (_label, patch) => {
    const result = parseInputEvent(
      'finance',
      message('finance.collected', { ...valid['finance.collected'][1], ...patch }),
    );
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('data.amount') });
  });

  it.each([
    ['not JSON', '{"eventId": ', /^value is not JSON/],
    ['a JSON array', '[1,2]', /^value is not a JSON object$/],
    ['an empty value', '', /^empty message value$/],
    [
      'an unknown type',
      JSON.stringify({ ...envelope, eventId: 'x', type: 'case.teleported', data: {} }),
      /^unknown type "case.teleported"$/,
    ],
    ['a time without offset', message('case.notified', {}, { occurredAt: '2025-03-04T09:15:00' }), /occurredAt/],
    ['an impossible date', message('case.notified', {}, { occurredAt: '2025-02-30T09:15:00+07:00' }), /occurredAt/],
    ['an eventId over 128 characters', message('case.notified', {}, { eventId: 'x'.repeat(129) }), /eventId/],
    ['an empty eventId', message('case.notified', {}, { eventId: '' }), /eventId/],
    [
      'a sold auction without a sale price',
      message('case.auction_held', {
        assetId: 'A1',
        auctionOrgId: 'AO',
        startingPrice: 1,
        outcome: 'sold',
        bidderCount: 2,
        winnerId: 'P',
      }),
      /data.salePrice/,
    ],
    [
      'a postponement until 31 April',
      message('case.postponed', { reasonCode: 'other', until: '2025-04-31' }),
      /data.until/,
    ],
  ])('rejects %s with a reason', (_label, raw, reason) => {
    const result = parseInputEvent('case', raw);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('accepts a failed auction without sale price or winner', () => {
    const raw = message('case.auction_held', {
      assetId: 'A1',
      auctionOrgId: 'AO',
      startingPrice: 1,
      outcome: 'failed',
      bidderCount: 0,
    });
    expect(parseInputEvent('case', raw).ok).toBe(true);
  });
});
