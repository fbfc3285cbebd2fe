import 'reflect-metadata';
import { Controller, Post } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { Roles, routeAccess } from '@thads/auth';
import { Api, AppError, ValidBody, apiSpecOf, buildOpenApi, routesOf, validate } from '@thads/http';
import { CONTROLLERS } from '../app.module';
import { openApiDocument } from './docs.controller';

type Operation = {
  'x-roles': unknown;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};

describe('the OpenAPI document', () => {
  const doc = openApiDocument(CONTROLLERS) as { paths: Record<string, Record<string, Operation>> };
  const documented = new Map(
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([m, op]) => [`${m} ${path}`, op] as const),
    ),
  );
  const routes = routesOf(CONTROLLERS);

  it('documents exactly the routes the controllers serve', () => {
    expect([...documented.keys()].sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    expect(routes.length).toBeGreaterThan(20);
  });

  it('states for every route the roles the code enforces', () => {
    const mismatches = routes
      .map((r) => [`${r.method} ${r.path}`, routeAccess(r)] as const)
      .filter(([key, access]) => JSON.stringify(documented.get(key)?.['x-roles']) !== JSON.stringify(access));
    expect(mismatches).toEqual([]);
    expect(routes.filter((r) => routeAccess(r) === 'closed')).toEqual([]);
  });

  it('gives every JSON body and every JSON answer the very schema the validation uses', () => {
    for (const r of routes) {
      const spec = apiSpecOf(r.handler)!;
      const op = documented.get(`${r.method} ${r.path}`)!;
      if (spec.body)
        expect(op.requestBody?.content['application/json']?.schema).toEqual(JSON.parse(JSON.stringify(spec.body)));
      if (spec.response.schema) {
        const ok = Object.entries(op.responses).find(([status]) => status.startsWith('2'))![1];
        expect(Object.values(ok.content ?? {})[0]?.schema).toEqual(JSON.parse(JSON.stringify(spec.response.schema)));
      }
    }
    const withoutSchema = routes.filter(
      (r) =>
        !apiSpecOf(r.handler)!.response.schema && !apiSpecOf(r.handler)!.response.contentType && r.method !== 'post',
    );
    expect(withoutSchema.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('shows a schema change in both the document and the validation', () => {
    const shortNote = Type.Object({
      text: Type.String({ minLength: 1, maxLength: 3, errorMessage: 'at most 3 characters' }),
    });
    @Controller('t')
    class NotesController {
      @Roles('inspector')
      @Post()
      @Api({ summary: 's', body: shortNote, response: { description: 'd' } })
      add(@ValidBody() _body: unknown) {
        return undefined;
      }
    }
    const d = buildOpenApi({
      title: 't',
      version: '1',
      description: 'd',
      controllers: [NotesController],
      access: routeAccess,
    }) as { paths: Record<string, Record<string, Operation>> };
    expect(d.paths['/t']!['post']!.requestBody!.content['application/json']!.schema).toMatchObject({
      properties: { text: { maxLength: 3 } },
    });
    expect(validate(shortNote, { text: 'abc' }, '(body)')).toEqual({ text: 'abc' });
    let refused: unknown;
    try {
      validate(shortNote, { text: 'abcd' }, '(body)');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: 'VALIDATION_FAILED',
      extra: { field: 'text' },
      params: { reason: 'at most 3 characters' },
    });
  });
});
