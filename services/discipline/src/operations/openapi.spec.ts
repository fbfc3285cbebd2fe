import 'reflect-metadata';
import { openApiOf, routeAccess } from '@thads/auth';
import { apiSpecOf, routesOf } from '@thads/http';
import { API_DOCUMENT, CONTROLLERS } from '../app.module';

type Operation = {
  'x-roles': unknown;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};

describe("the discipline API's OpenAPI document", () => {
  const doc = openApiOf({ ...API_DOCUMENT, controllers: () => CONTROLLERS }) as {
    paths: Record<string, Record<string, Operation>>;
  };
  const documented = new Map(
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([m, op]) => [`${m} ${path}`, op] as const),
    ),
  );
  const routes = routesOf(CONTROLLERS);

  it('documents exactly the routes the controllers serve, every one under /api/discipline but health and metrics', () => {
    expect([...documented.keys()].sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => !r.path.startsWith('/api/discipline/') && !/^\/(health|metrics)/.test(r.path))).toEqual(
      [],
    );
  });

  it('states for every route the roles the code enforces, and leaves none closed to all', () => {
    const mismatches = routes
      .map((r) => [`${r.method} ${r.path}`, routeAccess(r)] as const)
      .filter(([key, access]) => JSON.stringify(documented.get(key)?.['x-roles']) !== JSON.stringify(access));
    expect(mismatches).toEqual([]);
    expect(routes.filter((r) => routeAccess(r) === 'closed')).toEqual([]);
  });

  it('gives every JSON body and answer the very schema the validation uses, and every read an answer schema', () => {
    for (const r of routes) {
      const spec = apiSpecOf(r.handler)!;
      const op = documented.get(`${r.method} ${r.path}`)!;
      if (spec.body)
        expect(op.requestBody?.content['application/json']?.schema).toEqual(JSON.parse(JSON.stringify(spec.body)));
    }
    const withoutSchema = routes.filter((r) => {
      const spec = apiSpecOf(r.handler)!;
      return !spec.response.schema && !spec.response.contentType && r.method !== 'post';
    });
    expect(withoutSchema.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });
});
