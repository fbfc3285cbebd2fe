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
import { INPUT_LIMITS, MAX_ID_CHARS, lengthViolation, readJson, schemaErrorReason } from './limits';
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

/** A value as a reason quotes it: JSON, cut at 100 characters (the field may hold up to a whole message). */
function shown(value: unknown): string {
  // JSON.stringify gives undefined for undefined itself (typed as a string all the same).
  const json = JSON.stringify(value) as string | undefined;
  const text = json ?? String(value);
  return text.length <= 100 ? text : `${text.slice(0, 100)}… (${text.length} characters)`;
}

/**
 * Validates one raw message value against EVENTS.md v1 for the stream it arrived on, within the
 * input limits (limits.ts). Never throws: every way a message can be wrong comes back as a
 * reason for the DLQ. Size and nesting are checked before anything walks the value.
 */
export function parseInputEvent(
  stream: InputStream,
  raw: Buffer | string | null | undefined,
): AcceptedEvent | RejectedEvent {
  const read = readJson(raw, INPUT_LIMITS);
  if (!read.ok) return read;
  const value = read.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject('value is not a JSON object');
  }
  const record = value as Record<string, unknown>;
  const type = record['type'];
  if (type === undefined) return reject('missing required field "type"');
  if (typeof type !== 'string') return reject('field "type" must be a string');
  if (type.length > MAX_ID_CHARS)
    return reject(`field "type" is ${type.length} characters long, over the limit of ${MAX_ID_CHARS} characters`);
  if (!Object.hasOwn(checkers, type)) return reject(`unknown type "${type}"`);
  if (!allowed[stream].has(type)) return reject(`type "${type}" is not carried on the ${stream} topic`);
  if (record['schemaVersion'] !== 1 && record['schemaVersion'] !== undefined) {
    return reject(`unsupported schemaVersion ${shown(record['schemaVersion'])} (expected 1)`);
  }

  const checker = checkers[type as EventType];
  if (!checker.Check(value)) {
    const first = checker.Errors(value).First();
    return reject(first ? schemaErrorReason(first) : 'invalid event');
  }
  // Fields the contract does not name are kept (and stored by some consumers): they have limits too.
  const tooLong = lengthViolation(value, INPUT_LIMITS);
  if (tooLong) return reject(tooLong);

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
