import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { Type, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import { invalidField } from './errors';

/**
 * What one endpoint takes and gives, described once: the validation of its body and query
 * (`@ValidBody()`, `@ValidQuery()`) and the OpenAPI document are both derived from this, so the
 * document cannot say something the code does not check.
 */
export interface ApiSpec<B extends TSchema = TSchema, Q extends TObject = TObject> {
  summary: string;
  description?: string;
  body?: B;
  query?: Q;
  /**
   * The path parameters (`:id` → `{ id: '…' }`): a description, or a description and the schema
   * of what the use case accepts (the document states it; the use case checks it).
   */
  params?: Record<string, string | { description: string; schema: TSchema }>;
  /** A body that is not JSON (uploads): its content types. */
  rawBody?: { contentTypes: readonly string[]; description: string };
  response: { description: string; schema?: TSchema; contentType?: string };
  /** Error answers beyond the ones derived from the spec and the access rule (400, 401, 403). */
  errors?: Record<number, string>;
}

export const API_SPEC = 'thads:api-spec';

export const Api = <B extends TSchema, Q extends TObject>(spec: ApiSpec<B, Q>) => SetMetadata(API_SPEC, spec);

export function apiSpecOf(handler: object): ApiSpec | undefined {
  return Reflect.getMetadata(API_SPEC, handler) as ApiSpec | undefined;
}

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

function checker(schema: TSchema): TypeCheck<TSchema> {
  let c = compiled.get(schema);
  if (!c) {
    c = TypeCompiler.Compile(schema);
    compiled.set(schema, c);
  }
  return c;
}

/** `/data/amount` → `data.amount`; an item of a list is the list (`/roles/0` → `roles`); the whole value → `(body)`. */
function fieldOf(path: string, root: string): string {
  return (
    path
      .split('/')
      .filter((seg) => seg !== '' && !/^\d+$/.test(seg))
      .join('.') || root
  );
}

/**
 * Checks `value` against `schema`; the first problem becomes a 400 naming the field. A schema
 * may carry `errorMessage` to say, in the caller's terms, what is expected, and JSON Schema's
 * `if`/`then`/`else` at its top (TypeBox checks neither; they are checked here): one field that
 * another requires or rules out.
 */
export function validate<T extends TSchema>(schema: T, value: unknown, root: string): Static<T> {
  const check = checker(schema);
  if (check.Check(value)) {
    const conditional = schema as { if?: TSchema; then?: TSchema; else?: TSchema };
    if (conditional.if) {
      const branch = checker(conditional.if).Check(value) ? conditional.then : conditional.else;
      if (branch) validate(branch, value, root);
    }
    return value;
  }
  const first = check.Errors(value).First();
  if (!first) throw invalidField(root, 'invalid');
  const hint = (first.schema as { errorMessage?: unknown }).errorMessage;
  throw invalidField(fieldOf(first.path, root), typeof hint === 'string' ? hint : first.message.toLowerCase());
}

/** Query strings are text: numbers and booleans are converted and defaults filled before the check. */
export function validateQuery<T extends TObject>(schema: T, query: unknown): Static<T> {
  const copy = Value.Clone(query ?? {});
  const converted = Value.Default(schema, Value.Convert(schema, copy));
  return validate(schema, converted, '(query)');
}

function specOf(ctx: ExecutionContext): ApiSpec {
  const spec = apiSpecOf(ctx.getHandler());
  if (!spec)
    throw new Error(
      `${ctx.getClass().name}.${ctx.getHandler().name} reads a validated body or query but has no @Api spec`,
    );
  return spec;
}

/** The request body, checked against the endpoint's `@Api({ body })` schema. */
export const ValidBody = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => {
  const spec = specOf(ctx);
  if (!spec.body) throw new Error(`${ctx.getHandler().name}: @ValidBody() without a body schema in @Api`);
  return validate(spec.body, ctx.switchToHttp().getRequest<{ body?: unknown }>().body ?? {}, '(body)');
});

/** The query, converted and checked against the endpoint's `@Api({ query })` schema. */
export const ValidQuery = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => {
  const spec = specOf(ctx);
  if (!spec.query) throw new Error(`${ctx.getHandler().name}: @ValidQuery() without a query schema in @Api`);
  return validateQuery(spec.query, ctx.switchToHttp().getRequest<{ query?: unknown }>().query);
});

/** A body or query checked only when the use case asks for it (see `LaterBody`). */
export type Later<T> = () => T;

/**
 * The request body as a check to run later: for an endpoint about one resource, the use case
 * first checks the caller may act on it (403 / 404) and only then validates what they sent, so a
 * caller outside the scope learns nothing from a 400 about what would be accepted.
 */
export const LaterBody = createParamDecorator((_: unknown, ctx: ExecutionContext): Later<unknown> => {
  const spec = specOf(ctx);
  if (!spec.body) throw new Error(`${ctx.getHandler().name}: @LaterBody() without a body schema in @Api`);
  const body = ctx.switchToHttp().getRequest<{ body?: unknown }>().body ?? {};
  const schema = spec.body;
  return () => validate(schema, body, '(body)');
});

/** The query as a check to run later (see `LaterBody`). */
export const LaterQuery = createParamDecorator((_: unknown, ctx: ExecutionContext): Later<unknown> => {
  const spec = specOf(ctx);
  if (!spec.query) throw new Error(`${ctx.getHandler().name}: @LaterQuery() without a query schema in @Api`);
  const query = ctx.switchToHttp().getRequest<{ query?: unknown }>().query;
  const schema = spec.query;
  return () => validateQuery(schema, query);
});

/**
 * Characters no name or note needs and that mislead whoever reads them: C0 controls other than
 * tab and line breaks (a NUL cuts a string short in some readers), DEL, and the bidirectional
 * embeddings, overrides and isolates that make "gpj.exe" read as "exe.jpg".
 */
export const UNSAFE_CHARACTERS = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F\\u202A-\\u202E\\u2066-\\u2069';

/** Schema helpers that read like the API: a bounded non-empty string, an enum of literals. */
export const S = {
  text: (maxLength: number, description?: string) =>
    Type.String({
      minLength: 1,
      maxLength,
      pattern: `^[^${UNSAFE_CHARACTERS}]*$`,
      errorMessage: `required, a non-empty string of at most ${maxLength} characters, without control or text-direction characters`,
      ...(description ? { description } : {}),
    }),
  oneOf: <T extends string>(values: readonly T[], description?: string) =>
    Type.Union(
      values.map((v) => Type.Literal(v)),
      { errorMessage: `one of ${values.join(', ')}`, ...(description ? { description } : {}) },
    ),
};
