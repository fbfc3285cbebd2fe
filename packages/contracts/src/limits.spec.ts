import fc from 'fast-check';
import {
  INPUT_LIMITS,
  OWN_TOPIC_LIMITS,
  depthViolation,
  lengthViolation,
  parseInputEvent,
  readCalendarYearMessage,
  readDisciplineEvent,
  readFindingMessage,
  readInspectionEvent,
  readJson,
  type InputStream,
  type MessageLimits,
} from './index';

const envelope = { schemaVersion: 1, occurredAt: '2025-03-04T09:15:00+07:00', unitId: 'DT-KV01', caseId: 'C-1' };

function event(type: string, data: unknown, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { eventId: `e-${type}`, type, ...envelope, data, ...overrides };
}

/** `[[[ ... ]]]`, `depth` arrays deep, as text: built without recursion, as an attacker would. */
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** A `case.notified` whose data carries `nested` (raw JSON text) in an extra field. */
const notifiedWith = (nested: string) =>
  `{"eventId":"e-deep","type":"case.notified","schemaVersion":1,"occurredAt":"2025-03-04T09:15:00+07:00","unitId":"DT-KV01","caseId":"C-1","data":{"x":${nested}}}`;

function rejection(stream: InputStream, raw: string | Buffer): string {
  const result = parseInputEvent(stream, raw);
  if (result.ok) throw new Error('accepted');
  return result.reason;
}

describe('limits of the input topics', () => {
  it('sends a case.notified whose data nests arrays 10,000 deep to the DLQ, naming the field and the limit', () => {
    expect(rejection('case', notifiedWith(nestedArrays(10_000)))).toBe(
      `field "data.x.0.0.0.0.0.0.0.0.0.0.0.0.0.0" nests 17 levels deep, over the limit of 16 levels`,
    );
  });

  it('checks a million levels of nesting without overflowing the stack', () => {
    const raw = notifiedWith(nestedArrays(1_000_000));
    // Over the size limit: refused before anything parses it.
    expect(rejection('case', raw)).toBe(
      `message is ${Buffer.byteLength(raw)} bytes, over the limit of ${INPUT_LIMITS.messageBytes} bytes`,
    );
    // And the depth check itself stops at the first level past the limit.
    expect(depthViolation(JSON.parse(nestedArrays(1_000_000)), 16)).toBe(
      'field "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0" nests 17 levels deep, over the limit of 16 levels',
    );
  });

  it('accepts nesting up to the limit', () => {
    // The event is 1 level, data 2, x 3: 13 arrays more reach the limit of 16.
    expect(parseInputEvent('case', notifiedWith(nestedArrays(14))).ok).toBe(true);
    expect(rejection('case', notifiedWith(nestedArrays(15)))).toMatch(/nests 17 levels deep/);
  });

  it('refuses a 900 KB message by its size', () => {
    const raw = JSON.stringify(event('case.notified', { note: 'x'.repeat(900_000) }));
    expect(rejection('case', raw)).toBe(
      `message is ${Buffer.byteLength(raw)} bytes, over the limit of ${INPUT_LIMITS.messageBytes} bytes`,
    );
    expect(rejection('case', Buffer.from(raw))).toMatch(/^message is \d+ bytes, over the limit of 262144 bytes$/);
  });

  it('refuses a 100,000-character caseId, naming the field and its limit', () => {
    expect(rejection('case', JSON.stringify(event('case.notified', {}, { caseId: 'C'.repeat(100_000) })))).toBe(
      'field "caseId" is 100000 characters long, over the limit of 128 characters',
    );
  });

  it.each([
    ['unitId', event('finance.remitted', { amount: 1 }, { unitId: 'U'.repeat(129) })],
    ['actorId', event('case.notified', {}, { actorId: 'O'.repeat(129) })],
    ['data.officerId', event('case.assigned', { officerId: 'O'.repeat(129) })],
    ['data.creditorIds.1', event('case.received', received({ creditorIds: ['P1', 'P'.repeat(129)] }))],
    ['data.reasonCode', event('case.suspended', { reasonCode: 'r'.repeat(129) })],
  ])('holds the id %s to 128 characters', (field, message) => {
    const stream = String(message['type']).startsWith('finance.') ? 'finance' : 'case';
    expect(rejection(stream, JSON.stringify(message))).toBe(
      `field "${field}" is 129 characters long, over the limit of 128 characters`,
    );
  });

  it('holds free text, and strings in fields the contract does not name, to 2,000 characters', () => {
    expect(
      rejection('case', JSON.stringify(event('case.received', received({ judgmentRef: 'B'.repeat(2_001) })))),
    ).toBe('field "data.judgmentRef" is 2001 characters long, over the limit of 2000 characters');
    expect(rejection('case', JSON.stringify(event('case.notified', { note: { text: 'n'.repeat(2_001) } })))).toBe(
      'field "data.note.text" is 2001 characters long, over the limit of 2000 characters',
    );
    expect(rejection('case', JSON.stringify(event('case.notified', { ['k'.repeat(2_001)]: 1 })))).toBe(
      'a field name in "data" is 2001 characters long, over the limit of 2000 characters',
    );
  });

  it('holds arrays to 10,000 items', () => {
    const ids = Array.from({ length: 10_001 }, (_, i) => `P${i}`);
    expect(rejection('case', JSON.stringify(event('case.received', received({ debtorIds: ids }))))).toBe(
      'field "data.debtorIds" has 10001 items, over the limit of 10000 items',
    );
    expect(rejection('case', JSON.stringify(event('case.notified', { extra: Array(10_001).fill(0) })))).toBe(
      'field "data.extra" has 10001 items, over the limit of 10000 items',
    );
  });

  it('refuses an amount past 2^53, which sums would round', () => {
    const raw = `{"eventId":"e","type":"finance.remitted","schemaVersion":1,"occurredAt":"2025-03-04T09:15:00+07:00","unitId":"U","caseId":"C","data":{"amount":90071992547409930}}`;
    expect(rejection('finance', raw)).toMatch(/^invalid field "data.amount"/);
  });

  it.each(['constructor', '__proto__', 'toString', 'x'.repeat(129)])('refuses the type %s with a reason', (type) => {
    expect(rejection('case', JSON.stringify(event(type, {})))).toMatch(/type/);
  });

  it('accepts what a large real case carries: 5,000 creditors with 40-character ids, long Vietnamese names', () => {
    const creditorIds = Array.from({ length: 5_000 }, (_, i) => `P-DT-KV01-2025-${String(i).padStart(24, '0')}`);
    const raw = JSON.stringify(
      event('case.received', received({ creditorIds, judgmentRef: 'Bản án số 12/2025/HS-ST '.repeat(40) })),
    );
    expect(Buffer.byteLength(raw)).toBeGreaterThan(200_000);
    expect(parseInputEvent('case', raw).ok).toBe(true);
  });
});

function received(patch: Record<string, unknown>): Record<string, unknown> {
  return {
    mode: 'on_request',
    judgmentRef: 'BA-12/2025',
    creditorIds: ['P1'],
    debtorIds: ['P2'],
    claimAmount: 1,
    ...patch,
  };
}

/* ---------------------------------------------------------------------------------------------
 * Properties: whatever arrives, the validators answer — accepted, or rejected with a reason —
 * and never throw; and what they accept is safe for every consumer (it serialises, and stays
 * within the limits).
 * ------------------------------------------------------------------------------------------- */

const INPUT_EXAMPLES: [InputStream, Record<string, unknown>][] = [
  ['case', event('case.received', received({}))],
  ['case', event('case.notified', {})],
  ['case', event('complaint.received', { complaintId: 'K1', kind: 'denunciation', topic: 'bribery' })],
  ['case', { eventId: 't', type: 'clock.tick', schemaVersion: 1, occurredAt: envelope.occurredAt, data: {} }],
  ['finance', event('finance.collected', { receiptNo: 'BL-1', amount: 100, method: 'cash', payerId: 'P2' })],
  ['finance', event('finance.deposited', { amount: 100, receiptNos: ['BL-1'] })],
  [
    'registry',
    {
      eventId: 'r',
      type: 'registry.officer',
      schemaVersion: 1,
      occurredAt: envelope.occurredAt,
      data: {
        officerId: 'O1',
        unitId: 'U1',
        name: 'Nguyễn Văn A',
        role: 'inspector',
        relatedPartyIds: [],
        bankAccountHashes: [],
      },
    },
  ],
];

/**
 * A value that is hard on readers, as JSON text (deeper than JSON.stringify itself could write):
 * deep nesting of arrays or objects, long strings, odd scalars, long arrays.
 */
const hostile: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.integer({ min: 0, max: 30_000 }).map(nestedArrays),
  fc.integer({ min: 0, max: 3_000 }).map((d) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`),
  fc.integer({ min: 0, max: 120_000 }).map((n) => JSON.stringify('é'.repeat(n))),
  fc.constantFrom('null', 'true', '0', '-1', '1.5', '1e308', '-0', '""', '"\u0000"', '"\ud800"', '[]', '{}'),
  fc.integer({ min: 0, max: 12_000 }).map((n) => JSON.stringify(Array(n).fill('P'))),
);

/** Where the hostile text goes: a string put in the message, found again in its JSON text. */
const HOLE_VALUE = '__hostile__';
const HOLE = JSON.stringify(HOLE_VALUE);

/** A valid example with one field (envelope or data) set to a hostile value, or deleted. */
function mutated(examples: readonly (readonly [string, Record<string, unknown>])[]) {
  return fc
    .record({
      example: fc.constantFrom(...examples),
      inData: fc.boolean(),
      field: fc.oneof(
        fc.constantFrom('eventId', 'type', 'caseId', 'unitId', 'amount', 'creditorIds', 'name', 'data', 'extra'),
        fc.string(),
      ),
      value: fc.option(hostile, { nil: undefined }),
    })
    .map(({ example: [stream, base], inData, field, value }) => {
      const message: Record<string, unknown> = { ...base };
      const target: Record<string, unknown> =
        inData && typeof base['data'] === 'object' ? { ...(base['data'] as Record<string, unknown>) } : message;
      target[field] = value === undefined ? undefined : HOLE_VALUE;
      if (target !== message) message['data'] = target;
      const text = JSON.stringify(message);
      return [stream, value === undefined ? text : text.replace(HOLE, value)] as const;
    });
}

/** Raw values: mutated examples, any JSON, deep nesting as text (past what JSON.stringify can make), random bytes. */
function rawValues(examples: readonly (readonly [string, Record<string, unknown>])[]) {
  return fc.oneof(
    mutated(examples),
    fc.tuple(fc.constantFrom(...examples.map(([s]) => s)), fc.json()),
    fc.tuple(
      fc.constantFrom(...examples.map(([s]) => s)),
      fc.integer({ min: 1, max: 200_000 }).map((d) => notifiedWith(nestedArrays(d))),
    ),
    fc.tuple(
      fc.constantFrom(...examples.map(([s]) => s)),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
    ),
  );
}

/** What an accepted message must be for every consumer: serialisable and within the limits. */
function expectSafe(value: unknown, limits: Readonly<MessageLimits>): void {
  expect(() => JSON.stringify(value)).not.toThrow();
  expect(Buffer.byteLength(JSON.stringify(value))).toBeLessThanOrEqual(limits.messageBytes);
  expect(depthViolation(value, limits.depth)).toBeUndefined();
  expect(lengthViolation(value, limits)).toBeUndefined();
}

function expectReason(result: { ok: boolean; reason?: unknown }): void {
  if (result.ok) return;
  expect(typeof result.reason).toBe('string');
  expect((result.reason as string).length).toBeGreaterThan(0);
}

describe('the input validator, on any input', () => {
  it('accepts it or rejects it with a reason, never throws, and accepts only what consumers can take', () => {
    fc.assert(
      fc.property(rawValues(INPUT_EXAMPLES), ([stream, raw]) => {
        const result = parseInputEvent(stream as InputStream, raw);
        expectReason(result);
        if (result.ok) {
          expect(Number.isFinite(result.at)).toBe(true);
          expectSafe(result.event, INPUT_LIMITS);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('still accepts every example it is built from', () => {
    for (const [stream, message] of INPUT_EXAMPLES)
      expect(parseInputEvent(stream, JSON.stringify(message)).ok).toBe(true);
  });
});

const finding = {
  findingId: 'f1',
  ruleId: 'late-decision',
  ruleVersion: 1,
  severity: 'high',
  status: 'open',
  revision: 0,
  unitId: 'DT-KV01',
  caseId: 'C-1',
  detectedAt: '2025-03-20T00:00:00+07:00',
  title: { vi: 'Ra quyết định chậm', en: 'Late decision' },
  explanation: { vi: '…', en: '…' },
  legalBasis: 'Điều 36',
  evidence: { eventIds: ['e1'], figures: { days: 9 } },
};
const referred = {
  eventId: 'inspection.referred:f1:r4',
  type: 'inspection.referred',
  schemaVersion: 1,
  occurredAt: '2025-04-01T09:00:00+07:00',
  unitId: 'DT-KV01',
  officerId: 'O1',
  finding: {
    findingId: 'f1',
    ruleId: 'late-decision',
    ruleVersion: 1,
    severity: 'high',
    detectedAt: '2025-03-20T00:00:00+07:00',
    title: { vi: 't', en: 't' },
  },
  data: {
    target: 'discipline_committee',
    note: 'n',
    by: 'u1',
    conclusion: {
      result: 'substantiated',
      reasoning: 'r',
      truePositive: true,
      by: 'u1',
      at: '2025-03-30T09:00:00+07:00',
    },
    evidence: { eventIds: ['e1'], figures: { days: 9 } },
  },
};
const calendarYear = { year: 2025, daysOff: ['2025-01-01'], source: 'Bộ luật Lao động' };
const joined = {
  eventId: 'proceeding.joined:DP-f1:v2',
  type: 'proceeding.joined',
  schemaVersion: 1,
  occurredAt: '2025-04-02T09:00:00+07:00',
  proceedingId: 'DP-f1',
  officerId: 'O1',
  unitId: 'DT-KV01',
  data: { findingIds: ['f2'] },
};

describe.each([
  ['integrity.findings.v1', readFindingMessage, finding],
  ['integrity.inspections.v1', readInspectionEvent, referred],
  ['integrity.calendar.v1', readCalendarYearMessage, calendarYear],
  ['integrity.discipline.v1', readDisciplineEvent, joined],
] as const)('the reader of %s, on any input', (topic, read, example) => {
  const examples = [[topic, example]] as const;

  it('accepts it or rejects it with a reason, never throws, and accepts only what consumers can take', () => {
    fc.assert(
      fc.property(rawValues(examples), ([, raw]) => {
        const result = read(raw);
        expectReason(result);
        if (result.ok) expectSafe(result.event, OWN_TOPIC_LIMITS);
      }),
      { numRuns: 150 },
    );
  });

  it('accepts the valid example, and refuses it nested 10,000 deep or with a 100,000-character id', () => {
    expect(read(JSON.stringify(example)).ok).toBe(true);
    const deep = JSON.stringify({ ...example, extra: 0 }).replace('"extra":0', `"extra":${nestedArrays(10_000)}`);
    expect(read(deep)).toEqual({
      ok: false,
      reason: expect.stringMatching(/nests 17 levels deep, over the limit of 16/),
    });
    const longId = {
      ...example,
      ...(topic === 'integrity.calendar.v1' ? { source: 'x'.repeat(100_000) } : { unitId: 'U'.repeat(100_000) }),
    };
    expect(read(JSON.stringify(longId))).toEqual({
      ok: false,
      reason: expect.stringMatching(/100000 characters long, over the limit/),
    });
  });
});

describe('readJson', () => {
  it('reports the size before parsing, and the nesting before anything else walks the value', () => {
    expect(readJson('x'.repeat(11), { ...OWN_TOPIC_LIMITS, messageBytes: 10 })).toEqual({
      ok: false,
      reason: 'message is 11 bytes, over the limit of 10 bytes',
    });
    expect(readJson('[[1]]', { ...OWN_TOPIC_LIMITS, depth: 1 })).toEqual({
      ok: false,
      reason: 'field "0" nests 2 levels deep, over the limit of 1 levels',
    });
    expect(readJson(null, OWN_TOPIC_LIMITS)).toEqual({ ok: false, reason: 'empty message value' });
  });
});
