import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';

/**
 * Size limits of every message the services read (README "The contract", docs/events-integrity.md
 * "Limits"). EVENTS.md names none, yet without them one well-framed message can stop a consumer
 * for good: arrays nested 10,000 deep overflow the stack of any recursive reader (JSON.stringify,
 * a store driver), and a 100,000-character id travels into every finding, record and answer
 * built from it. The values are far above real traffic — the simulated province's largest event
 * is under 1 KB, ids under 40 characters, nesting 3 levels deep — and far below what breaks.
 */
export interface MessageLimits {
  /** The raw message value, in bytes. */
  messageBytes: number;
  /** Nesting of the JSON value: a flat object is 1, `{ "data": {} }` is 2. */
  depth: number;
  /** Any string anywhere in the message, in characters (UTF-16 code units); id fields have their own, tighter limit. */
  stringChars: number;
  /** Any array anywhere in the message. */
  arrayItems: number;
}

/** Ids of the contracts (`caseId`, `officerId`, `eventId`, `receiptNo`, codes...): EVENTS.md's `eventId` limit for all of them. */
export const MAX_ID_CHARS = 128;

/** Free text of the input topics (`judgmentRef`, names, reasons). */
export const MAX_INPUT_TEXT_CHARS = 2_000;

/** The input topics (EVENTS.md): what upstream systems publish. */
export const INPUT_LIMITS: Readonly<MessageLimits> = Object.freeze({
  messageBytes: 256 * 1024,
  depth: 16,
  stringChars: MAX_INPUT_TEXT_CHARS,
  arrayItems: 10_000,
});

/**
 * The system's own topics (findings, inspections, discipline, calendar, detector facts): their
 * free text goes to 20,000 characters (an inspector's reasoning), so messages may be larger.
 */
export const OWN_TOPIC_LIMITS: Readonly<MessageLimits> = Object.freeze({
  messageBytes: 512 * 1024,
  depth: 16,
  stringChars: 20_000,
  arrayItems: 10_000,
});

export type ReadJson = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Reads a raw message value as JSON within `limits`, or says why not. Never throws, and never
 * recurses: the size is checked before parsing (V8's JSON.parse itself keeps its own stack),
 * the nesting by an explicit stack that stops at the first value deeper than the limit.
 *
 * Strings and arrays over their limit are reported only when `lengths` is true: a caller that
 * checks a schema first gets that schema's tighter limit for a known field (an id's 128
 * characters) in its reason, and calls `lengthViolation` afterwards for the rest.
 */
export function readJson(raw: Buffer | string | null | undefined, limits: Readonly<MessageLimits>): ReadJson {
  if (raw === null || raw === undefined || raw.length === 0) return { ok: false, reason: 'empty message value' };
  const bytes = typeof raw === 'string' ? Buffer.byteLength(raw, 'utf8') : raw.length;
  if (bytes > limits.messageBytes)
    return { ok: false, reason: `message is ${bytes} bytes, over the limit of ${limits.messageBytes} bytes` };
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: `value is not JSON: ${(err as Error).message}` };
  }
  const deep = depthViolation(value, limits.depth);
  return deep ? { ok: false, reason: deep } : { ok: true, value };
}

/** Turns a path of keys into the dotted field name users read (`data.creditorIds.3`). */
function fieldName(path: readonly (string | number)[]): string {
  return path.length === 0 ? '(root)' : path.join('.');
}

/** A container still to visit, with its depth and the path that leads to it. */
interface Pending {
  value: object;
  depth: number;
  path: (string | number)[];
}

function children(value: object): [string | number, unknown][] {
  return Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
}

/**
 * The first place where `value` nests deeper than `maxDepth`, as a reason; undefined when it
 * does not. Iterative, and it never looks below `maxDepth + 1`, so its cost is bounded by the
 * message size whatever the nesting.
 */
export function depthViolation(value: unknown, maxDepth: number): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const stack: Pending[] = [{ value, depth: 1, path: [] }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    if (next.depth > maxDepth)
      return `field "${fieldName(next.path)}" nests ${next.depth} levels deep, over the limit of ${maxDepth} levels`;
    for (const [key, child] of children(next.value)) {
      if (typeof child === 'object' && child !== null)
        stack.push({ value: child, depth: next.depth + 1, path: [...next.path, key] });
    }
  }
  return undefined;
}

/**
 * The first string or array anywhere in `value` over its limit, as a reason naming the field;
 * undefined when there is none. Meant for values `readJson` has accepted (their depth is bounded),
 * and iterative all the same.
 */
export function lengthViolation(value: unknown, limits: Readonly<MessageLimits>): string | undefined {
  const tooLong = (s: string, path: (string | number)[]) =>
    s.length > limits.stringChars
      ? `field "${fieldName(path)}" is ${s.length} characters long, over the limit of ${limits.stringChars} characters`
      : undefined;
  if (typeof value === 'string') return tooLong(value, []);
  if (typeof value !== 'object' || value === null) return undefined;
  const stack: Pending[] = [{ value, depth: 1, path: [] }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    if (Array.isArray(next.value) && next.value.length > limits.arrayItems)
      return `field "${fieldName(next.path)}" has ${next.value.length} items, over the limit of ${limits.arrayItems} items`;
    for (const [key, child] of children(next.value)) {
      // Field names are strings too: a 100,000-character name costs what such a value does.
      if (typeof key === 'string' && key.length > limits.stringChars)
        return `a field name in "${fieldName(next.path)}" is ${key.length} characters long, over the limit of ${limits.stringChars} characters`;
      const path = [...next.path, key];
      if (typeof child === 'string') {
        const reason = tooLong(child, path);
        if (reason) return reason;
      } else if (typeof child === 'object' && child !== null) {
        stack.push({ value: child, depth: next.depth + 1, path });
      }
    }
  }
  return undefined;
}

/** Turns a JSON pointer (`/data/amount`) into the dotted field name users read (`data.amount`). */
export function pointerName(pointer: string): string {
  return pointer.replace(/^\//, '').replaceAll('/', '.') || '(root)';
}

/**
 * A schema error as a reason that names the field and, for a limit, the limit:
 * `field "caseId" is 100000 characters long, over the limit of 128 characters`.
 */
export function schemaErrorReason(error: ValueError): string {
  // A field's name comes from the message (any key of an object): cut to keep the reason a line.
  const name = pointerName(error.path);
  const field = name.length <= 100 ? name : `${name.slice(0, 100)}…`;
  if (error.type === ValueErrorType.StringMaxLength && typeof error.value === 'string')
    return `field "${field}" is ${error.value.length} characters long, over the limit of ${String(error.schema['maxLength'])} characters`;
  if (error.type === ValueErrorType.ArrayMaxItems && Array.isArray(error.value))
    return `field "${field}" has ${error.value.length} items, over the limit of ${String(error.schema['maxItems'])} items`;
  if (error.message.startsWith('Expected required property')) return `missing required field "${field}"`;
  return `invalid field "${field}": ${error.message}`;
}
