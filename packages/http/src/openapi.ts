import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { Type, type TSchema } from '@sinclair/typebox';
import { API_ERRORS } from '@thads/contracts';
import { apiSpecOf, type ApiSpec } from './api';

/** Who may call an endpoint: 'public' (no token), 'any signed-in user', listed roles, or 'closed'. */
export type Access = 'public' | 'any signed-in user' | 'closed' | string[];

export type Controller = abstract new (...args: never[]) => unknown;

/** The error answer of every service (`ApiExceptionFilter`). */
export const ErrorBodySchema = Type.Object({
  code: Type.Union(
    Object.keys(API_ERRORS).map((c) => Type.Literal(c)),
    { description: 'Stable code: clients translate by it.' },
  ),
  message: Type.Object({ vi: Type.String(), en: Type.String() }),
  field: Type.Optional(Type.String({ description: 'The request field that is wrong (400).' })),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  correlationId: Type.String({ description: 'Also in the x-correlation-id header and the service log.' }),
});

export interface Route {
  method: string;
  /** OpenAPI style: `/api/findings/{id}`. */
  path: string;
  controller: Controller;
  handlerName: string;
  handler: object;
  spec?: ApiSpec;
}

/** Every route the controllers declare, read from Nest's metadata. */
export function routesOf(controllers: readonly Controller[]): Route[] {
  const out: Route[] = [];
  for (const ctrl of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, ctrl) ?? '');
    const proto = ctrl.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (sub === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]!.toLowerCase();
      const path = `/${[base, sub].filter((s) => s && s !== '/').join('/')}`
        .replace(/\/{2,}/g, '/')
        .replace(/:(\w+)/g, '{$1}');
      const spec = apiSpecOf(handler);
      out.push({ method, path, controller: ctrl, handlerName: name, handler: handler, ...(spec ? { spec } : {}) });
    }
  }
  return out;
}

function describeAccess(access: Access): string {
  return Array.isArray(access) ? access.join(', ') : access === 'public' ? 'anyone, without a token' : access;
}

/** Plain JSON Schema (TypeBox keeps its own symbols on schema objects). */
const plain = (schema: TSchema): Record<string, unknown> =>
  JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
const json = (schema: Record<string, unknown>) => ({ content: { 'application/json': { schema } } });

export interface DocumentOptions {
  title: string;
  version: string;
  description: string;
  controllers: readonly Controller[];
  access(route: Route): Access;
  /** Tag of a controller (grouping in the viewer). */
  tagOf?(controller: Controller): string;
}

/** The OpenAPI 3.1 document of a service, derived from its controllers and their `@Api` specs. */
export function buildOpenApi(options: DocumentOptions): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routesOf(options.controllers)) {
    const spec = route.spec;
    if (!spec)
      throw new Error(
        `${route.controller.name}.${route.handlerName} (${route.method.toUpperCase()} ${route.path}) has no @Api spec`,
      );
    const access = options.access(route);
    const defaultStatus = route.method === 'post' ? 201 : 200;
    const status = (Reflect.getMetadata(HTTP_CODE_METADATA, route.handler) as number | undefined) ?? defaultStatus;
    const errors: Record<number, string> = {};
    if (spec.body || spec.query || spec.rawBody)
      errors[400] = 'A field is wrong: `field` names it, `message` says why.';
    if (access !== 'public') {
      errors[401] = 'No valid bearer token.';
      errors[403] =
        'The caller lacks a listed role, or what is asked for is outside their scope or concerns them (logged and audited).';
    }
    Object.assign(errors, spec.errors);
    const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const parameters = [
      ...pathParams.map((name) => {
        const param = spec.params?.[name];
        return {
          name,
          in: 'path',
          required: true,
          schema: typeof param === 'object' ? plain(param.schema) : { type: 'string' },
          ...(param ? { description: typeof param === 'object' ? param.description : param } : {}),
        };
      }),
      ...Object.entries(spec.query?.properties ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: (spec.query?.required ?? []).includes(name),
        schema: plain(schema),
        ...((schema as { description?: string }).description
          ? { description: (schema as { description?: string }).description }
          : {}),
      })),
    ];
    const response = spec.response;
    const responseContent = response.schema
      ? { content: { [response.contentType ?? 'application/json']: { schema: plain(response.schema) } } }
      : response.contentType
        ? { content: { [response.contentType]: {} } }
        : {};
    paths[route.path] ??= {};
    paths[route.path]![route.method] = {
      tags: [options.tagOf?.(route.controller) ?? route.controller.name.replace(/Controller$/, '')],
      operationId: `${route.controller.name.replace(/Controller$/, '')}.${route.handlerName}`,
      summary: spec.summary,
      // The viewer shows the description, not `x-roles`: say who may call it there too.
      description: [spec.description, `Who may call it: ${describeAccess(access)}.`].filter(Boolean).join('\n\n'),
      'x-roles': access,
      ...(access === 'public' ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body ? { requestBody: { required: true, ...json(plain(spec.body)) } } : {}),
      ...(spec.rawBody
        ? {
            requestBody: {
              required: true,
              description: spec.rawBody.description,
              content: Object.fromEntries(
                spec.rawBody.contentTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }]),
              ),
            },
          }
        : {}),
      responses: {
        [status]: { description: response.description, ...responseContent },
        ...Object.fromEntries(
          Object.entries(errors).map(([code, description]) => [
            code,
            { description, ...json({ $ref: '#/components/schemas/Error' }) },
          ]),
        ),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: options.title, version: options.version, description: options.description },
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'POST /api/auth/sign-in gives an access token (15 minutes).',
        },
      },
      schemas: { Error: plain(ErrorBodySchema) },
    },
    paths,
  };
}
