import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { OWN_TOPIC_LIMITS, lengthViolation, readJson, schemaErrorReason, type MessageLimits } from './limits';

export type Parsed<E> = { ok: true; event: E } | { ok: false; reason: string };

/**
 * A parser for a topic of typed events (`{ type, ... }`, one schema per type): the type is read
 * first, so a reason names the field that is wrong in that type rather than "no member of the
 * union matched".
 */
export function typedEventParser<E>(schemas: Record<string, TSchema>): (value: unknown) => Parsed<E> {
  const checkers = new Map(Object.entries(schemas).map(([type, schema]) => [type, TypeCompiler.Compile(schema)]));
  return (value) => {
    const type = (value as { type?: unknown } | null)?.type;
    const checker = typeof type === 'string' ? checkers.get(type) : undefined;
    if (!checker) {
      // Never stringify an object here: it may nest deep enough to overflow the stack.
      const shown =
        typeof type === 'object' && type !== null
          ? `(${Array.isArray(type) ? 'an array' : 'an object'})`
          : type === undefined
            ? 'undefined'
            : JSON.stringify(type);
      return { ok: false, reason: `/type: unknown type ${shown.slice(0, 200)}` };
    }
    if (checker.Check(value)) return { ok: true, event: value as E };
    const first = checker.Errors(value).First();
    if (first?.type === ValueErrorType.StringMaxLength || first?.type === ValueErrorType.ArrayMaxItems)
      return { ok: false, reason: schemaErrorReason(first) };
    return { ok: false, reason: first ? `${first.path || '/'}: ${first.message}` : `not a valid ${String(type)}` };
  };
}

/**
 * Turns a parser of JSON values into one of raw message values, within the limits of our own
 * topics (limits.ts): size and nesting are checked before the value is walked, strings and arrays
 * the schema does not name after it. Never throws.
 */
export function rawParser<E>(
  parse: (value: unknown) => Parsed<E>,
  limits: Readonly<MessageLimits> = OWN_TOPIC_LIMITS,
): (raw: Buffer | string | null | undefined) => Parsed<E> {
  return (raw) => {
    const read = readJson(raw, limits);
    if (!read.ok) return read;
    const parsed = parse(read.value);
    if (!parsed.ok) return parsed;
    const tooLong = lengthViolation(read.value, limits);
    return tooLong ? { ok: false, reason: tooLong } : parsed;
  };
}
