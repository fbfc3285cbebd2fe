import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TObject } from '@sinclair/typebox';
import {
  CASE_TOPIC_TYPES,
  EventSchemas,
  FINANCE_TOPIC_TYPES,
  REGISTRY_TOPIC_TYPES,
  type AnyEvent,
  type EventType,
} from './events';
import { isRealDate, parseRfc3339 } from './time';

export type InputStream = 'case' | 'finance' | 'registry';

export const STREAM_TYPES: Record<InputStream, readonly EventType[]> = {
  case: CASE_TOPIC_TYPES,
  finance: FINANCE_TOPIC_TYPES,
  registry: REGISTRY_TOPIC_TYPES,
};

/** A message that passed the contract, with its business time already parsed. */
export interface AcceptedEvent<E extends AnyEvent = AnyEvent> {
  ok: true;
  event: E;
  /** `occurredAt` as epoch milliseconds. */
  at: number;
}

/** A message that must go to the dead-letter topic, and why. */
export interface RejectedEvent {
  ok: false;
  reason: string;
}

// Compiled once at load: TypeBox emits a specialised checker per schema, which is what keeps
// validation off the profile on the hot path.
const checkers = Object.fromEntries(
  Object.entries(EventSchemas).map(([type, schema]) => [type, TypeCompiler.Compile(schema as TObject)]),
) as Record<EventType, TypeCheck<TObject>>;

const allowed: Record<InputStream, ReadonlySet<string>> = {
  case: new Set(CASE_TOPIC_TYPES),
  finance: new Set(FINANCE_TOPIC_TYPES),
  registry: new Set(REGISTRY_TOPIC_TYPES),
};

function reject(reason: string): RejectedEvent {
  return { ok: false, reason };
}

/** Turns a JSON pointer (`/data/amount`) into the dotted field name users read (`data.amount`). */
function fieldName(pointer: string): string {
  return pointer.replace(/^\//, '').replaceAll('/', '.') || '(root)';
}

/**
 * Validates one raw message value against EVENTS.md v1 for the stream it arrived on.
 * Never throws: every way a message can be wrong comes back as a reason for the DLQ.
 */
export function parseInputEvent(
  stream: InputStream,
  raw: Buffer | string | null | undefined,
): AcceptedEvent | RejectedEvent {
  if (raw === null || raw === undefined || raw.length === 0) return reject('empty message value');
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch (err) {
    return reject(`value is not JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject('value is not a JSON object');
  }
  const record = value as Record<string, unknown>;
  const type = record['type'];
  if (type === undefined) return reject('missing required field "type"');
  if (typeof type !== 'string') return reject('field "type" must be a string');
  if (!(type in checkers)) return reject(`unknown type "${type}"`);
  if (!allowed[stream].has(type)) return reject(`type "${type}" is not carried on the ${stream} topic`);
  if (record['schemaVersion'] !== 1 && record['schemaVersion'] !== undefined) {
    return reject(`unsupported schemaVersion ${JSON.stringify(record['schemaVersion'])} (expected 1)`);
  }

  const checker = checkers[type as EventType];
  if (!checker.Check(value)) {
    const first = checker.Errors(value).First();
    if (!first) return reject('invalid event');
    const field = fieldName(first.path);
    const missing = first.message.startsWith('Expected required property');
    return reject(missing ? `missing required field "${field}"` : `invalid field "${field}": ${first.message}`);
  }

  const event = value as AnyEvent;
  const at = parseRfc3339(event.occurredAt);
  if (Number.isNaN(at)) return reject(`invalid field "occurredAt": not a real date-time`);

  const semantic = checkSemantics(event);
  if (semantic) return reject(semantic);
  return { ok: true, event, at };
}

/** Rules the schema language cannot say: fields required by another field's value, real dates. */
function checkSemantics(event: AnyEvent): string | undefined {
  switch (event.type) {
    case 'case.auction_held':
      if (event.data.outcome === 'sold') {
        if (event.data.salePrice === undefined) return 'missing required field "data.salePrice" (outcome is "sold")';
        if (event.data.winnerId === undefined) return 'missing required field "data.winnerId" (outcome is "sold")';
      }
      return undefined;
    case 'case.postponed':
      if (event.data.until !== undefined && !isRealDate(event.data.until)) {
        return 'invalid field "data.until": not a real date';
      }
      return undefined;
    case 'complaint.received':
    case 'complaint.resolved':
      // Keyed by caseId, or by the officer when no case is named: one of them must be there.
      return undefined;
    default:
      return undefined;
  }
}
