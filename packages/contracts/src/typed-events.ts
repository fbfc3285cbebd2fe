import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

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
    if (!checker) return { ok: false, reason: `/type: unknown type ${JSON.stringify(type)}` };
    if (checker.Check(value)) return { ok: true, event: value as E };
    const first = checker.Errors(value).First();
    return { ok: false, reason: first ? `${first.path || '/'}: ${first.message}` : `not a valid ${String(type)}` };
  };
}
