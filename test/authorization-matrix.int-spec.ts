import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { CONTROLLERS, InspectionModule } from '../services/inspection/src/app.module';
import { routesOf } from '@thads/http';
import { ROLES, type Role } from '@thads/auth';
import { hashPassword } from '../services/inspection/src/identity/password';
import { createHash } from 'node:crypto';
import {
  dropNamespace,
  inspectionConfig,
  namespace,
  openDb,
  waitFor,
  seedUnits,
  registryViewReady,
} from './support/harness';
import { seedOfficers } from './support/inspection-client';

/**
 * Every endpoint of the API × every role × a user inside or outside the unit of the finding,
 * with the expected answer. An endpoint added to the API belongs in this table.
 */
type Row = {
  endpoint: string;
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: unknown;
  anonymous?: number;
  expect(role: Role, inScope: boolean): number;
};

const SHA = createHash('sha256').update('%PDF-1.4 matrix').digest('hex');
const only =
  (roles: Role[], inScope: number, outOfScope = 403) =>
  (r: Role, s: boolean) =>
    roles.includes(r) ? (s ? inScope : outOfScope) : 403;

/**
 * What a caller whose units do not hold the thing asked for gets: the 404 of a thing that does not
 * exist, not a 403 that would tell them it exists (packages/http `outOfScope`).
 */
const HIDDEN = 404;

const MATRIX: Row[] = [
  { endpoint: 'health', method: 'GET', path: '/health', anonymous: 200, expect: () => 200 },
  { endpoint: 'liveness', method: 'GET', path: '/health/live', anonymous: 200, expect: () => 200 },
  { endpoint: 'Prometheus metrics', method: 'GET', path: '/metrics', anonymous: 200, expect: () => 200 },
  { endpoint: 'API document', method: 'GET', path: '/api/docs', anonymous: 200, expect: () => 200 },
  { endpoint: 'API document (JSON)', method: 'GET', path: '/api/docs/openapi.json', anonymous: 200, expect: () => 200 },
  {
    endpoint: "API viewer's start script",
    method: 'GET',
    path: '/api/docs/init.js',
    anonymous: 200,
    expect: () => 200,
  },
  {
    endpoint: "API viewer's files",
    method: 'GET',
    path: '/api/docs/assets/swagger-ui.css',
    anonymous: 200,
    expect: () => 200,
  },
  // Public, with empty bodies: everyone meets the 400 of validation.
  { endpoint: 'sign in', method: 'POST', path: '/api/auth/sign-in', body: {}, anonymous: 400, expect: () => 400 },
  {
    endpoint: 'refresh tokens',
    method: 'POST',
    path: '/api/auth/refresh',
    body: {},
    anonymous: 400,
    expect: () => 400,
  },
  {
    endpoint: 'sign a session out',
    method: 'POST',
    path: '/api/auth/sign-out',
    body: {},
    anonymous: 400,
    expect: () => 400,
  },
  { endpoint: 'who am I', method: 'GET', path: '/api/auth/me', expect: () => 200 },
  // Empty bodies: a caller who gets past the guard and the scope check meets the 400 of validation, nothing changes.
  { endpoint: 'change own password', method: 'POST', path: '/api/auth/password', body: {}, expect: () => 400 },
  { endpoint: 'list users', method: 'GET', path: '/api/users', expect: only(['admin'], 200, 200) },
  { endpoint: 'create a user', method: 'POST', path: '/api/users', body: {}, expect: only(['admin'], 400, 400) },
  {
    endpoint: 'change a user of DT-KV01',
    method: 'PATCH',
    path: '/api/users/target-kv01',
    body: {},
    expect: only(['admin'], 400, HIDDEN),
  },
  { endpoint: 'list role requests', method: 'GET', path: '/api/users/grants', expect: only(['admin'], 200, 200) },
  {
    endpoint: 'approve a role request',
    method: 'POST',
    path: '/api/users/grants/no-such-request/approve',
    expect: only(['admin'], 404, 404),
  },
  {
    endpoint: 'reject a role request',
    method: 'POST',
    path: '/api/users/grants/no-such-request/reject',
    expect: only(['admin'], 404, 404),
  },
  {
    endpoint: 'reset the password of a user of DT-KV01',
    method: 'POST',
    path: '/api/users/target-kv01/password-reset',
    expect: only(['admin'], 201, HIDDEN),
  },
  {
    endpoint: 'verify the audit chain',
    method: 'GET',
    path: '/api/audit/verify',
    expect: (r) => (r === 'admin' || r === 'inspection_supervisor' ? 200 : 403),
  },
  { endpoint: 'list findings', method: 'GET', path: '/api/findings', expect: () => 200 },
  {
    endpoint: 'list findings of unit DT-KV01',
    method: 'GET',
    path: '/api/findings?unit=DT-KV01',
    expect: (_r, inScope) => (inScope ? 200 : 403),
  },
  {
    endpoint: 'read a finding',
    method: 'GET',
    path: '/api/findings/F1',
    expect: (_r, inScope) => (inScope ? 200 : HIDDEN),
  },
  // `closed` is not a legal next state of an open finding: an authorised caller gets 409, so the
  // matrix leaves the finding as it is.
  {
    endpoint: 'move a finding',
    method: 'POST',
    path: '/api/findings/F1/transitions',
    body: { to: 'closed' },
    expect: (r, inScope) => {
      if (r !== 'inspector' && r !== 'inspection_supervisor') return 403;
      if (!inScope) return HIDDEN;
      return r === 'inspection_supervisor' ? 409 : 403;
    },
  },
  {
    endpoint: 'reassign a finding',
    method: 'POST',
    path: '/api/findings/F1/assignment',
    body: {},
    expect: only(['inspection_supervisor'], 400, HIDDEN),
  },
  // Validated before any finding is looked at: a supervisor meets the 400, in or out of scope.
  {
    endpoint: 'bulk work on findings',
    method: 'POST',
    path: '/api/findings/bulk',
    body: {},
    expect: only(['inspection_supervisor'], 400, 400),
  },
  {
    endpoint: 'create a suppression',
    method: 'POST',
    path: '/api/suppressions',
    body: {},
    expect: only(['inspection_supervisor', 'admin'], 400, 400),
  },
  {
    endpoint: "the team's load",
    method: 'GET',
    path: '/api/team',
    expect: only(['inspection_supervisor', 'admin'], 200, 200),
  },
  { endpoint: 'the units in scope', method: 'GET', path: '/api/units', expect: () => 200 },
  {
    endpoint: 'list suppressions',
    method: 'GET',
    path: '/api/suppressions',
    expect: only(['inspection_supervisor', 'admin', 'leadership'], 200, 200),
  },
  // SUP-M holds findings of DT-KV01: lifted from above (the empty body meets the 400); outside it does not exist.
  {
    endpoint: 'lift a suppression of DT-KV01',
    method: 'POST',
    path: '/api/suppressions/SUP-M/lift',
    body: {},
    expect: only(['inspection_supervisor', 'admin'], 400, 404),
  },
  {
    endpoint: 'read the case file',
    method: 'GET',
    path: '/api/findings/F1/case-file',
    expect: (_r, inScope) => (inScope ? 200 : HIDDEN),
  },
  // The denunciation is filed in DT-KV01 against an officer now of DT-KV02.
  {
    endpoint: 'read a denouncer',
    method: 'GET',
    path: '/api/complaints/TC-M/denouncer',
    expect: only(['inspection_supervisor', 'committee_chair'], 200, HIDDEN),
  },
  {
    endpoint: 'read the working papers',
    method: 'GET',
    path: '/api/findings/F1/work',
    expect: (_r, inScope) => (inScope ? 200 : HIDDEN),
  },
  // F1 is assigned to inspector-in: the assignee and the supervisors write its papers.
  {
    endpoint: 'add a note',
    method: 'POST',
    path: '/api/findings/F1/notes',
    body: {},
    expect: only(['inspector', 'inspection_supervisor'], 400, HIDDEN),
  },
  {
    endpoint: 'mark a checklist item',
    method: 'POST',
    path: '/api/findings/F1/checklist/receipts',
    body: {},
    expect: only(['inspector', 'inspection_supervisor'], 400, HIDDEN),
  },
  {
    endpoint: 'attach a file',
    method: 'POST',
    path: '/api/findings/F1/attachments',
    body: {},
    expect: only(['inspector', 'inspection_supervisor'], 400, HIDDEN),
  },
  {
    endpoint: 'download an attachment',
    method: 'GET',
    path: `/api/attachments/${SHA}`,
    expect: (_r, inScope) => (inScope ? 200 : HIDDEN),
  },
  { endpoint: 'own notifications', method: 'GET', path: '/api/notifications', expect: () => 200 },
  { endpoint: 'list failed jobs', method: 'GET', path: '/api/admin/jobs', expect: only(['admin'], 200, 200) },
  {
    endpoint: 'retry a job',
    method: 'POST',
    path: '/api/admin/jobs/inspection-sla/no-such-job/retry',
    expect: only(['admin'], 404, 404),
  },
];

describe('authorisation matrix: every endpoint × every role × in and out of unit scope', () => {
  const ns = namespace();
  let app: INestApplication;
  let base = '';
  const tokens = new Map<string, string>();
  const userOf = (role: Role, inScope: boolean) => `${role}-${inScope ? 'in' : 'out'}`;

  beforeAll(async () => {
    const { db, close } = await openDb(ns);
    await seedUnits(ns);
    await db.collection('inspection_tasks').insertOne({
      _id: 'F1',
      jobId: 'inspect-F1',
      ruleId: 'payout-overdue',
      severity: 'medium',
      priority: 3,
      unitId: 'DT-KV01',
      caseId: 'C-M',
      status: 'assigned',
      findingStatus: 'open',
      findingDetectedAt: '2025-03-14T00:00:00+07:00',
      createdAt: new Date(),
      inspectionId: 'F1',
      isLead: true,
      assignee: 'inspector-in',
    } as never);
    await seedOfficers(ns, [{ officerId: 'OFF-M', unitId: 'DT-KV02' }]);
    await db.collection('inspection_suppressions').insertOne({
      _id: 'SUP-M',
      ruleId: 'stagnant-case',
      unitId: 'DT-KV01',
      reason: 'matrix',
      until: '2099-12-31',
      endsAt: new Date('2100-01-01T00:00:00+07:00'),
      createdBy: 'inspection_supervisor-in',
      createdAt: new Date(),
      state: 'active',
    } as never);
    await db.collection('complaints').insertOne({
      _id: 'TC-M',
      eventId: 'C-M-tc',
      caseId: 'C-M',
      unitId: 'DT-KV01',
      occurredAt: '2025-03-20T09:00:00+07:00',
      data: JSON.stringify({
        complaintId: 'TC-M',
        kind: 'denunciation',
        againstOfficerId: 'OFF-M',
        topic: 'bribery',
        denouncerName: 'X',
      }),
    } as never);
    await db.collection('attachments').insertOne({
      _id: 'a1',
      findingId: 'F1',
      sha256: SHA,
      name: 'm.pdf',
      contentType: 'application/pdf',
      size: 15,
      by: 'inspector-in',
      at: new Date(),
    } as never);
    await db.collection('attachment_blobs').insertOne({
      _id: SHA,
      contentType: 'application/pdf',
      size: 15,
      content: Buffer.from('%PDF-1.4 matrix'),
      storedAt: new Date(),
    } as never);
    const hash = await hashPassword('mật khẩu đủ dài 2026');
    await db.collection('users').insertMany(
      ROLES.flatMap((role) =>
        [true, false].map((inScope) => ({
          _id: userOf(role, inScope),
          passwordHash: hash,
          roles: [role],
          // In scope: the province above the unit concerned (DT-KV01), whose members may not act
          // on their own unit's findings (CONCERNED_PARTY, tested in inspection-case-file).
          unitId: inScope ? 'DT' : 'DT-KV02',
          mustChangePassword: false,
          signIn: { failures: [] },
          createdAt: new Date(),
        })),
      ) as never[],
    );
    await db.collection('users').insertOne({
      _id: 'target-kv01',
      passwordHash: hash,
      roles: ['inspector'],
      unitId: 'DT-KV01',
      mustChangePassword: false,
      signIn: { failures: [] },
      createdAt: new Date(),
    } as never);
    await close();
    app = await NestFactory.create(
      InspectionModule.forRoot(inspectionConfig(ns), { announceFirstAdmin: () => undefined }),
      { logger: ['error'] },
    );
    await app.listen(0, '127.0.0.1');
    await registryViewReady(app);
    base = `http://127.0.0.1:${(app.getHttpServer() as { address(): AddressInfo }).address().port}`;
    await waitFor('the service to report healthy', async () => (await fetch(`${base}/health`)).status === 200);
    for (const role of ROLES) {
      for (const inScope of [true, false]) {
        const res = await waitFor(`sign-in of ${userOf(role, inScope)}`, async () => {
          const r = await fetch(`${base}/api/auth/sign-in`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: userOf(role, inScope), password: 'mật khẩu đủ dài 2026' }),
          });
          return r.status === 200 ? ((await r.json()) as { accessToken: string }) : undefined;
        });
        tokens.set(userOf(role, inScope), res.accessToken);
      }
    }
  }, 120_000);

  afterAll(async () => {
    await app.close();
    await dropNamespace(ns);
  });

  it('has a row for every route the service serves', () => {
    const missing = routesOf(CONTROLLERS).filter((route) => {
      const pattern = new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`);
      return !MATRIX.some((row) => row.method.toLowerCase() === route.method && pattern.test(row.path.split('?')[0]!));
    });
    expect(missing.map((r) => `${r.method.toUpperCase()} ${r.path}`)).toEqual([]);
  });

  it('answers every cell as the table says, and 401 without a token', async () => {
    const cells: string[] = [];
    const mismatches: string[] = [];
    /** Every error answer, whatever the endpoint and status, is in the one error model. */
    const errorShape = async (what: string, res: Response) => {
      if (res.status < 400) return;
      const body = (await res.json().catch(() => ({}))) as {
        code?: unknown;
        message?: { vi?: unknown; en?: unknown };
        correlationId?: unknown;
      };
      const ok =
        typeof body.code === 'string' &&
        typeof body.message?.vi === 'string' &&
        typeof body.message.en === 'string' &&
        typeof body.correlationId === 'string' &&
        body.correlationId === res.headers.get('x-correlation-id');
      if (!ok)
        mismatches.push(`${what}: ${res.status} without code, message or correlation id: ${JSON.stringify(body)}`);
    };
    for (const row of MATRIX) {
      const anonymous = await fetch(`${base}${row.path}`, {
        method: row.method,
        headers: { 'content-type': 'application/json' },
        ...(row.body ? { body: JSON.stringify(row.body) } : {}),
      });
      if (anonymous.status !== (row.anonymous ?? 401))
        mismatches.push(`${row.endpoint} without a token: ${anonymous.status}`);
      await errorShape(`${row.endpoint} without a token`, anonymous);
      for (const role of ROLES) {
        for (const inScope of [true, false]) {
          const res = await fetch(`${base}${row.path}`, {
            method: row.method,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${tokens.get(userOf(role, inScope))}`,
            },
            ...(row.body ? { body: JSON.stringify(row.body) } : {}),
          });
          const expected = row.expect(role, inScope);
          cells.push(`${row.endpoint} | ${role} | ${inScope ? 'in' : 'out'} | ${res.status}`);
          if (res.status !== expected)
            mismatches.push(
              `${row.endpoint} as ${role} (${inScope ? 'in scope' : 'out of scope'}): ${res.status}, expected ${expected}`,
            );
          await errorShape(`${row.endpoint} as ${role} (${inScope ? 'in scope' : 'out of scope'})`, res);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(cells).toHaveLength(MATRIX.length * ROLES.length * 2);
  });
});
