import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { AuthController } from '../identity/auth.controller';
import { UsersController } from '../identity/users.controller';
import { AuditController } from '../audit/audit.controller';
import { FindingsController } from '../workflow/findings.controller';
import { NotificationsController } from '../notifications/notifications.controller';
import { JobsController } from '../admin/jobs.controller';
import { CaseFileController } from '../case-file/case-file.controller';
import { WorkController } from '../work/work.controller';
import { HealthController } from '../health/health.controller';
import { DocsController } from './docs.controller';
import { openApiDocument } from './openapi';

const CONTROLLERS = [HealthController, DocsController, AuthController, UsersController, AuditController, FindingsController, NotificationsController, JobsController, CaseFileController, WorkController];

/** Every route the controllers declare, with who may call it, read from Nest's and our metadata. */
function declaredRoutes(): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const ctrl of CONTROLLERS) {
    const base = String(Reflect.getMetadata(PATH_METADATA, ctrl) ?? '');
    const classPublic = Reflect.getMetadata('thads:public', ctrl) as boolean | undefined;
    const classRoles = Reflect.getMetadata('thads:roles', ctrl) as string[] | undefined;
    const proto = ctrl.prototype as unknown as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (sub === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]!.toLowerCase();
      const path = `/${[base, sub].filter((s) => s && s !== '/').join('/')}`.replace(/:(\w+)/g, '{$1}');
      const isPublic = (Reflect.getMetadata('thads:public', handler) as boolean | undefined) ?? classPublic;
      const roles = (Reflect.getMetadata('thads:roles', handler) as string[] | undefined) ?? classRoles;
      out.set(`${method} ${path}`, isPublic ? 'public' : roles === undefined ? 'closed' : roles.length === 0 ? 'any signed-in user' : [...roles].sort());
    }
  }
  return out;
}

describe('the OpenAPI document', () => {
  const doc = openApiDocument() as { paths: Record<string, Record<string, { 'x-roles': unknown }>> };
  const documented = new Map<string, unknown>(Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) => [`${m} ${path}`, Array.isArray(op['x-roles']) ? [...(op['x-roles'] as string[])].sort() : op['x-roles']] as const)));

  it('documents exactly the routes the controllers serve', () => {
    const declared = declaredRoutes();
    expect([...documented.keys()].sort()).toEqual([...declared.keys()].sort());
    expect(declared.size).toBeGreaterThan(20);
  });

  it('states for every route the roles the code enforces', () => {
    const declared = declaredRoutes();
    const mismatches = [...declared].filter(([k, roles]) => JSON.stringify(documented.get(k)) !== JSON.stringify(roles)).map(([k, roles]) => `${k}: code ${JSON.stringify(roles)}, document ${JSON.stringify(documented.get(k))}`);
    expect(mismatches).toEqual([]);
  });
});
