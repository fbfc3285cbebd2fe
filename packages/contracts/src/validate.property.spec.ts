import fc from 'fast-check';
import { EventSchemas, type EventType } from './events';
import { INPUT_LIMITS } from './limits';
import { fromSchema, aCaseStreamEvent, streamOf } from './testing';
import { parseInputEvent, type InputStream } from './validate';

/*
 * Whatever arrives on an input topic, the validator answers: accepted, or rejected with a reason
 * for the dead-letter topic. A throw would stop the consumer on that message (issue 10).
 */

const STREAMS: InputStream[] = ['case', 'finance', 'registry'];
const TYPES = Object.keys(EventSchemas) as EventType[];

/** Never throws, and a rejection says why in a line a person can read. */
function expectAnswered(stream: InputStream, raw: Buffer | string | null | undefined): void {
  const result = parseInputEvent(stream, raw);
  if (result.ok) {
    expect(typeof result.at).toBe('number');
    expect(Number.isNaN(result.at)).toBe(false);
  } else {
    expect(typeof result.reason).toBe('string');
    expect(result.reason.length).toBeGreaterThan(0);
    expect(result.reason.length).toBeLessThan(2_000);
  }
}

/** Strings an attacker would try: control characters, lone surrogates, prototype keys, huge and odd numbers as text. */
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    '\u0000',
    '\ud800',
    '\udfff\ud800',
    '\u202e',
    'null',
    'NaN',
    '1e309',
    '-0',
    '9007199254740993',
    "'; DROP TABLE cases; --",
    '{"$gt":""}',
    '$where',
    'x'.repeat(129),
    'x'.repeat(2_001),
    '2025-02-30T09:00:00+07:00',
    '2025-03-04T24:00:00+07:00',
    '0000-01-01T00:00:00Z',
  ),
);

/** Numbers past what JSON and doubles keep exactly, as raw JSON text. */
const hugeNumberText = fc.constantFrom(
  '1e309',
  '-1e309',
  '9007199254740993',
  '123456789012345678901234567890',
  '1e-400',
  '-0',
  '0.1',
  '1.5',
  '-1',
);

/** A well-framed envelope with `data` from anywhere. */
const envelopeWith = (data: fc.Arbitrary<unknown>) =>
  fc.record({
    eventId: fc.oneof(fc.string({ maxLength: 20 }), hostileString),
    type: fc.oneof(fc.constantFrom(...TYPES), hostileString),
    schemaVersion: fc.oneof(fc.constant(1), fc.jsonValue()),
    occurredAt: fc.oneof(fc.constant('2025-03-04T09:15:00+07:00'), hostileString),
    unitId: fc.oneof(fc.constant('DT-KV01'), hostileString, fc.jsonValue()),
    caseId: fc.oneof(fc.constant('C-1'), hostileString, fc.jsonValue()),
    data,
  });

describe('the event validator under any input (property)', () => {
  it('answers any JSON value, on any topic, without throwing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STREAMS), fc.jsonValue(), (stream, value) => {
        expectAnswered(stream, JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });

  it('answers any text and any bytes, null and empty included', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STREAMS),
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
          fc.constantFrom(null, undefined, '', Buffer.alloc(0)),
        ),
        (stream, raw) => expectAnswered(stream, raw),
      ),
      { numRuns: 500 },
    );
  });

  it('answers a well-framed envelope whatever its data and field types', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STREAMS),
        envelopeWith(fc.oneof(fc.jsonValue(), fc.dictionary(hostileString, fc.jsonValue()))),
        (stream, event) => expectAnswered(stream, JSON.stringify(event)),
      ),
      { numRuns: 1_000 },
    );
  });

  it('answers every event type with any of its fields replaced by a value of the wrong type', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TYPES).chain((type) => fromSchema(EventSchemas[type])),
        fc.constantFrom('eventId', 'occurredAt', 'unitId', 'caseId', 'data', 'type', 'schemaVersion', 'actorId'),
        fc.oneof(fc.jsonValue(), hostileString),
        fc.constantFrom(...STREAMS),
        (event, field, wrong, stream) => {
          expectAnswered(stream, JSON.stringify({ ...(event as object), [field]: wrong }));
          const data = (event as { data: Record<string, unknown> }).data;
          for (const key of Object.keys(data))
            expectAnswered(stream, JSON.stringify({ ...(event as object), data: { ...data, [key]: wrong } }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers numbers too large, too small or inexact for a double in any field', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('claimAmount', 'amount', 'value', 'bidderCount', 'salePrice', 'schemaVersion', 'x'),
        hugeNumberText,
        fc.constantFrom(...STREAMS),
        (field, number, stream) => {
          expectAnswered(
            stream,
            `{"eventId":"e","type":"finance.collected","schemaVersion":1,"occurredAt":"2025-03-04T09:15:00+07:00","unitId":"U","caseId":"C","${field}":${number},"data":{"receiptNo":"R","amount":${number},"method":"cash","payerId":"P","${field}":${number}}}`,
          );
        },
      ),
    );
  });

  it('answers values nested to any depth, around the limit and far past it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000 }),
        fc.constantFrom('[', '{"a":'),
        fc.constantFrom(...STREAMS),
        (depth, open, stream) => {
          const close = open === '[' ? ']' : '}';
          const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
          expectAnswered(stream, nested);
          expectAnswered(
            stream,
            `{"eventId":"e","type":"case.notified","schemaVersion":1,"occurredAt":"2025-03-04T09:15:00+07:00","unitId":"U","caseId":"C","data":{"x":${nested}}}`,
          );
        },
      ),
      { numRuns: 200 },
    );
    expect(INPUT_LIMITS.depth).toBe(16);
  });

  it('accepts every event the contract schemas generate, on the topic that carries it', () => {
    fc.assert(
      fc.property(aCaseStreamEvent({ caseId: 'C-1' }), fc.string({ minLength: 1, maxLength: 20 }), (event, eventId) => {
        const result = parseInputEvent(streamOf(event), JSON.stringify({ ...event, eventId }));
        expect(result.ok ? 'accepted' : result.reason).toBe('accepted');
      }),
      { numRuns: 1_000 },
    );
  });
});
