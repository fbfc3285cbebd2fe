import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { InspectionModule } from '../services/inspection/src/inspection.module';
import { ROLES, type Role } from '../services/inspection/src/identity/access';
import { hashPassword } from '../services/inspection/src/identity/password';
import { dropNamespace, inspectionConfig, namespace, openDb, waitFor, seedUnits } from './support/harness';

/**
 * Every endpoint of the API × every role × a user inside or outside the unit of the finding,
 * with the expected answer. An endpoint added to the API belongs in this table.
 */
type Row = { endpoint: string; method: 'GET' | 'POST'; path: string; body?: unknown; expect(role: Role, inScope: boolean): number };

const MATRIX: Row[] = [
  { endpoint: 'who am I', method: 'GET', path: '/api/auth/me', expect: () => 200 },
  { endpoint: 'verify the audit chain', method: 'GET', path: '/api/audit/verify', expect: (r) => (r === 'admin' || r === 'inspection_supervisor' ? 200 : 403) },
  { endpoint: 'list findings', method: 'GET', path: '/api/findings', expect: () => 200 },
  { endpoint: 'list findings of unit DT-KV01', method: 'GET', path: '/api/findings?unit=DT-KV01', expect: (_r, inScope) => (inScope ? 200 : 403) },
  { endpoint: 'read a finding', method: 'GET', path: '/api/findings/F1', expect: (_r, inScope) => (inScope ? 200 : 403) },
  // `closed` is not a legal next state of an open finding: an authorised caller gets 409, so the
  // matrix leaves the finding as it is.
  {
    endpoint: 'move a finding', method: 'POST', path: '/api/findings/F1/transitions', body: { to: 'closed' },
    expect: (r, inScope) => (r === 'inspection_supervisor' && inScope ? 409 : 403),
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
    await seedUnits(db);
    await db.collection('inspection_tasks').insertOne({
      _id: 'F1', jobId: 'inspect-F1', ruleId: 'late-decision', severity: 'medium', priority: 3, unitId: 'DT-KV01', status: 'queued',
      findingStatus: 'open', findingDetectedAt: '2025-03-14T00:00:00+07:00', createdAt: new Date(),
    } as never);
    const hash = await hashPassword('mật khẩu đủ dài 2026');
    await db.collection('users').insertMany(ROLES.flatMap((role) => [true, false].map((inScope) => ({
      _id: userOf(role, inScope), passwordHash: hash, roles: [role], unitId: inScope ? 'DT-KV01' : 'DT-KV02', mustChangePassword: false, signIn: { failures: [] }, createdAt: new Date(),
    }))) as never[]);
    await close();
    app = await NestFactory.create(InspectionModule.forRoot(inspectionConfig(ns), { announceFirstAdmin: () => undefined }), { logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer() as { address(): AddressInfo }).address().port}`;
    for (const role of ROLES) {
      for (const inScope of [true, false]) {
        const res = await waitFor(`sign-in of ${userOf(role, inScope)}`, async () => {
          const r = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: userOf(role, inScope), password: 'mật khẩu đủ dài 2026' }) });
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

  it('answers every cell as the table says, and 401 without a token', async () => {
    const cells: string[] = [];
    const mismatches: string[] = [];
    for (const row of MATRIX) {
      const anonymous = await fetch(`${base}${row.path}`, { method: row.method, headers: { 'content-type': 'application/json' }, ...(row.body ? { body: JSON.stringify(row.body) } : {}) });
      if (anonymous.status !== 401) mismatches.push(`${row.endpoint} without a token: ${anonymous.status}`);
      for (const role of ROLES) {
        for (const inScope of [true, false]) {
          const res = await fetch(`${base}${row.path}`, {
            method: row.method,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(userOf(role, inScope))}` },
            ...(row.body ? { body: JSON.stringify(row.body) } : {}),
          });
          const expected = row.expect(role, inScope);
          cells.push(`${row.endpoint} | ${role} | ${inScope ? 'in' : 'out'} | ${res.status}`);
          if (res.status !== expected) mismatches.push(`${row.endpoint} as ${role} (${inScope ? 'in scope' : 'out of scope'}): ${res.status}, expected ${expected}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(cells).toHaveLength(MATRIX.length * ROLES.length * 2);
  });
});
