import { Kind, OptionalKind, type TSchema } from '@sinclair/typebox';
import fc from 'fast-check';
import {
  CASE_TOPIC_TYPES,
  EventSchemas,
  FINANCE_TOPIC_TYPES,
  type AnyEvent,
  type CaseStreamEvent,
  type EventType,
} from '../events';
import { parseRfc3339 } from '../time';

/*
 * fast-check arbitraries built from the contract's own schemas (events.ts), for property tests:
 * whatever the generator makes, the validator must accept, and the rules must take without
 * throwing. Only for tests (fast-check is a development dependency of the repository).
 */

/** The values a field may take, chosen by its dotted path (`data.assetId`), instead of what its schema allows. */
export type FieldOverride = (path: string) => fc.Arbitrary<unknown> | undefined;

/**
 * Any value `schema` accepts. Object fields the schema marks optional are left out at times;
 * `override` replaces the values of the fields it names (ids from a small pool, times in a range).
 */
export function fromSchema(
  schema: TSchema,
  override: FieldOverride = () => undefined,
  path = '',
): fc.Arbitrary<unknown> {
  const own = override(path);
  if (own) return own;
  switch (schema[Kind]) {
    case 'Object': {
      const props = schema['properties'] as Record<string, TSchema>;
      const required = Object.keys(props).filter((k) => props[k]![OptionalKind] !== 'Optional');
      const fields = Object.fromEntries(
        Object.entries(props).map(([k, s]) => [k, fromSchema(s, override, path ? `${path}.${k}` : k)]),
      );
      return fc.record(fields, { requiredKeys: required });
    }
    case 'Literal':
      return fc.constant(schema['const']);
    case 'Union':
      return fc.oneof(...(schema['anyOf'] as TSchema[]).map((s) => fromSchema(s, override, path)));
    case 'Boolean':
      return fc.boolean();
    case 'Integer':
      return fc.oneof(
        fc.integer({ min: schema['minimum'] as number, max: Math.min(schema['maximum'] as number, 2_000_000_000) }),
        // The far end of the range: sums of such amounts leave the exact doubles.
        fc.constantFrom(schema['minimum'] as number, schema['maximum'] as number),
      );
    case 'String': {
      const pattern = schema['pattern'] as string | undefined;
      if (pattern) return fc.stringMatching(new RegExp(pattern));
      return fc.string({
        minLength: (schema['minLength'] as number | undefined) ?? 0,
        maxLength: Math.min((schema['maxLength'] as number | undefined) ?? 40, 40),
        unit: 'grapheme',
      });
    }
    case 'Array':
      return fc.array(fromSchema(schema['items'] as TSchema, override, `${path}.0`), { maxLength: 4 });
    default:
      throw new Error(`no arbitrary for a ${schema[Kind]} schema (field "${path || '(root)'}")`);
  }
}

/** The event time of the case arbitraries: around two calendar years of the new law. */
export const EVENT_TIME_RANGE = { from: Date.parse('2024-12-20T00:00:00Z'), to: Date.parse('2026-01-10T00:00:00Z') };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An instant as RFC 3339 in Vietnam's time (+07:00), or in UTC. */
export function rfc3339(ms: number, utc = false): string {
  if (utc) return new Date(ms).toISOString();
  const d = new Date(ms + 7 * 3_600_000);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+07:00`;
}

export interface CaseEventOptions {
  caseId: string;
  unitId?: string;
  /** Ids that cases share (officers, parties, assets, receipts): drawn mostly from this pool so that rules meet. */
  ids?: readonly string[];
  /** Event time, epoch ms (`EVENT_TIME_RANGE` by default); minute steps, so that instants coincide. */
  from?: number;
  to?: number;
}

/** A case- or finance-topic event of one case that passes the contract (eventId left for the caller). */
export function aCaseStreamEvent(options: CaseEventOptions): fc.Arbitrary<CaseStreamEvent> {
  const ids = options.ids ?? ['O-1', 'O-2', 'P-1', 'P-2', 'A-1', 'R-1'];
  const from = options.from ?? EVENT_TIME_RANGE.from;
  const to = options.to ?? EVENT_TIME_RANGE.to;
  const id = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...ids) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
  );
  const override: FieldOverride = (path) => {
    if (path === 'caseId') return fc.constant(options.caseId);
    if (path === 'unitId') return fc.constant(options.unitId ?? 'DT-KV01');
    if (path === 'eventId') return fc.constant('');
    // A complaint need not name its case (EVENTS.md) and is then the unit's, keyed by its id alone:
    // ids of the case's own keep one case's complaints apart from another's, as an office's would be.
    if (path === 'data.complaintId') return id.map((c) => `${options.caseId}/${c}`);
    if (path === 'occurredAt')
      return fc
        .tuple(fc.integer({ min: Math.floor(from / 60_000), max: Math.floor(to / 60_000) }), fc.boolean())
        .map(([minute, utc]) => rfc3339(minute * 60_000, utc));
    if (path === 'data.until')
      return fc
        .date({ min: new Date(from), max: new Date(to), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    if (
      /^(actorId|data\.(officerId|assetId|auctionOrgId|appraiserId|winnerId|receiptNo|receiptNos\.0|payerId|payeeId|creditorIds\.0|debtorIds\.0|againstOfficerId|voucherNo|ref))$/.test(
        path,
      )
    )
      return id;
    return undefined;
  };
  const types = [...CASE_TOPIC_TYPES, ...FINANCE_TOPIC_TYPES].filter((t) => t !== 'clock.tick') as EventType[];
  return fc
    .constantFrom(...types)
    .chain((type) => fromSchema(EventSchemas[type], override))
    .filter((e) => {
      // The two fields the schema cannot require (validate.ts, checkSemantics).
      const event = e as AnyEvent;
      if (event.type !== 'case.auction_held' || event.data.outcome !== 'sold') return true;
      return event.data.salePrice !== undefined && event.data.winnerId !== undefined;
    }) as fc.Arbitrary<CaseStreamEvent>;
}

/**
 * The events of one case in time order, as an office records them, with ids `<caseId>-<n>`; now
 * and then one is published twice (the same id, as a redelivery).
 */
export function aCaseHistory(options: CaseEventOptions & { maxEvents?: number }): fc.Arbitrary<CaseStreamEvent[]> {
  return fc
    .array(fc.tuple(aCaseStreamEvent(options), fc.nat({ max: 19 })), {
      minLength: 1,
      maxLength: options.maxEvents ?? 30,
    })
    .map((items) => {
      const sorted = items
        .map(([event, dice]) => ({ event, dice, at: parseRfc3339(event.occurredAt) }))
        .sort((a, b) => a.at - b.at);
      const out: CaseStreamEvent[] = [];
      sorted.forEach(({ event, dice }, i) => {
        const withId = { ...event, eventId: `${options.caseId}-${i + 1}` } as CaseStreamEvent;
        out.push(withId);
        if (dice === 0) out.push(withId);
      });
      return out;
    });
}

/** The topic an event is carried on. */
export function streamOf(event: CaseStreamEvent): 'case' | 'finance' {
  return event.type.startsWith('finance.') ? 'finance' : 'case';
}
