import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { ROLES, TokenSigner, type Role } from '@thads/auth';
import { routesOf } from '@thads/http';
import { HealthRegistry } from '@thads/platform';
import { CONTROLLERS, DisciplineModule } from '../services/discipline/src/app.module';
import { loadDisciplineConfig } from '../services/discipline/src/config';
import { COUNCIL_REGISTRY, councilFormedProceeding } from './support/discipline-fixtures';
import { dropNamespace, infra, namespace, openDb, publishRegistry, waitFor } from './support/harness';

const SECRET = 'ef'.repeat(32);

/**
 * Every endpoint of the discipline API × every role × a user inside or outside the unit of the
 * proceeding's subject, with the expected answer — as test/authorization-matrix.int-spec.ts
 * does for the inspection API. An endpoint added to the API belongs in this table.
 *
 * The proceeding DP-M (about S, of DT-KV01) has its council formed: chair H1 (head of DT-KV01,
 * the authority), members X2 and C1. The committee users are linked to officers: the chair in
 * scope is H1, the member in scope C1; out of scope (DT-KV02) H2 and X9. Nobody here is the
 * subject, an appeal's reviewer or a leader of the authority above (DT): their own steps answer
 * 403 to all. Bodies are empty, so a caller who gets past every check meets the 400 of
 * validation and nothing changes; steps without a body meet the 409 of the proceeding's state.
 */
type Row = {
  endpoint: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  anonymous?: number;
  expect(role: Role, inScope: boolean): number;
};

const READERS: Role[] = ['committee_member', 'committee_chair', 'inspection_supervisor', 'leadership', 'admin'];
const P = '/api/discipline/proceedings/DP-M';
/**
 * A caller whose units do not hold the proceeding (or the officer) gets the 404 of one that does
 * not exist, not a 403 telling them it exists (packages/http `outOfScope`).
 */
const HIDDEN = 404;
const only =
  (roles: Role[], inScope: number, outOfScope = HIDDEN) =>
  (r: Role, s: boolean) =>
    roles.includes(r) ? (s ? inScope : outOfScope) : 403;
const nobody = () => 403;

const MATRIX: Row[] = [
  { endpoint: 'health', method: 'GET', path: '/health', anonymous: 200, expect: () => 200 },
  { endpoint: 'liveness', method: 'GET', path: '/health/live', anonymous: 200, expect: () => 200 },
  { endpoint: 'metrics', method: 'GET', path: '/metrics', anonymous: 200, expect: () => 200 },
  { endpoint: 'API document', method: 'GET', path: '/api/discipline/docs', anonymous: 200, expect: () => 200 },
  {
    endpoint: 'API document (JSON)',
    method: 'GET',
    path: '/api/discipline/docs/openapi.json',
    anonymous: 200,
    expect: () => 200,
  },
  {
    endpoint: "API viewer's start script",
    method: 'GET',
    path: '/api/discipline/docs/init.js',
    anonymous: 200,
    expect: () => 200,
  },
  {
    endpoint: "API viewer's files",
    method: 'GET',
    path: '/api/discipline/docs/assets/swagger-ui.css',
    anonymous: 200,
    expect: () => 200,
  },
  {
    endpoint: 'verify the audit chain',
    method: 'GET',
    path: '/api/discipline/audit/verify',
    expect: only(['admin', 'committee_chair'], 200, 200),
  },
  { endpoint: 'list proceedings', method: 'GET', path: '/api/discipline/proceedings', expect: only(READERS, 200, 200) },
  {
    endpoint: 'list proceedings of DT-KV01',
    method: 'GET',
    path: '/api/discipline/proceedings?unit=DT-KV01',
    // A unit is no secret (the registry publishes them): 403 UNIT_OUT_OF_SCOPE.
    expect: only(READERS, 200, 403),
  },
  // Readers in scope; anyone else is neither a reader nor the subject.
  { endpoint: 'read a proceeding', method: 'GET', path: P, expect: only(READERS, 200) },
  {
    endpoint: 'extend the time to decide',
    method: 'POST',
    path: `${P}/extension`,
    body: {},
    expect: only(['committee_chair'], 400),
  },
  {
    endpoint: 'exclude a period',
    method: 'POST',
    path: `${P}/exclusions`,
    body: {},
    expect: only(['committee_chair'], 400),
  },
  {
    endpoint: 'form the council',
    method: 'POST',
    path: `${P}/council`,
    body: {},
    expect: only(['committee_chair'], 400),
  },
  // Nothing to change: every seat is still valid.
  {
    endpoint: 'check the council again',
    method: 'POST',
    path: `${P}/council/recheck`,
    body: {},
    expect: only(['committee_chair'], 200),
  },
  {
    endpoint: 'summon the subject',
    method: 'POST',
    path: `${P}/summons`,
    body: {},
    expect: only(['committee_chair'], 400),
  },
  { endpoint: 'upload a document', method: 'POST', path: `${P}/documents?name=x.txt`, expect: nobody },
  { endpoint: 'send a written response', method: 'POST', path: `${P}/responses`, body: {}, expect: nobody },
  { endpoint: 'read a document', method: 'GET', path: `${P}/documents/${'0'.repeat(64)}`, expect: only(READERS, 404) },
  {
    endpoint: 'hold the meeting',
    method: 'POST',
    path: `${P}/meeting`,
    body: {},
    expect: only(['committee_chair'], 400),
  },
  // The council has not met: no round to open.
  { endpoint: 'open a ballot round', method: 'POST', path: `${P}/rounds`, expect: only(['committee_chair'], 409) },
  {
    endpoint: 'the open round',
    method: 'GET',
    path: `${P}/rounds/open`,
    expect: only(['committee_member', 'committee_chair'], 200),
  },
  {
    endpoint: 'cast a ballot',
    method: 'POST',
    path: `${P}/rounds/DP-M-r1/ballots`,
    body: {},
    expect: only(['committee_member', 'committee_chair'], 400),
  },
  { endpoint: 'a sealed round', method: 'GET', path: `${P}/rounds/DP-M-r1`, expect: only(READERS, 404) },
  { endpoint: 'recommend', method: 'POST', path: `${P}/recommendation`, expect: only(['committee_chair'], 409) },
  { endpoint: 'decide', method: 'POST', path: `${P}/decision`, body: {}, expect: only(['committee_chair'], 400) },
  {
    endpoint: 'refer to the investigators',
    method: 'POST',
    path: `${P}/investigators`,
    body: {},
    expect: only(['committee_chair'], 400),
  },
  {
    endpoint: "record the decision's service",
    method: 'POST',
    path: `${P}/decision/service`,
    body: {},
    expect: only(['committee_chair'], 400),
  },
  { endpoint: 'appeal', method: 'POST', path: `${P}/appeal`, body: {}, expect: nobody },
  // Only the leaders of DT, the authority above DT-KV01, designate: nobody here is one.
  {
    endpoint: "designate the appeal's reviewer",
    method: 'POST',
    path: `${P}/appeal/reviewer`,
    body: {},
    // Nobody here leads the authority above; the roles that may, from outside the units, do not see the proceeding.
    expect: (r, inScope) => (!inScope && (r === 'committee_chair' || r === 'leadership') ? HIDDEN : 403),
  },
  { endpoint: 'resolve the appeal', method: 'POST', path: `${P}/appeal/result`, body: {}, expect: nobody },
  // The council has not met: no minutes yet.
  { endpoint: 'the minutes', method: 'GET', path: `${P}/minutes`, expect: only(READERS, 409) },
  {
    endpoint: "an officer's history",
    method: 'GET',
    path: '/api/discipline/officers/S/history',
    expect: only(READERS, 200),
  },
  {
    endpoint: 'own reminders',
    method: 'GET',
    path: '/api/discipline/reminders',
    expect: only(['committee_member', 'committee_chair'], 200, 200),
  },
];

/** Officers of the committee users: the council of DP-M in scope, others out of it. */
const OFFICER_OF: Partial<Record<string, string>> = {
  'committee_chair-in': 'H1',
  'committee_member-in': 'C1',
  'committee_chair-out': 'H2',
  'committee_member-out': 'X9',
};

describe('discipline authorisation matrix: every endpoint × every role × in and out of unit scope', () => {
  const ns = namespace();
  const db = `${ns.db}_discipline`;
  let app: INestApplication;
  let base = '';
  const signer = new TokenSigner(Buffer.from(SECRET, 'hex'));
  const tokenOf = (role: Role, inScope: boolean) => {
    const sub = `${role}-${inScope ? 'in' : 'out'}`;
    const officerId = OFFICER_OF[sub];
    return signer.sign({
      sub,
      roles: [role],
      unitId: inScope ? 'DT-KV01' : 'DT-KV02',
      ...(officerId ? { officerId } : {}),
    }).token;
  };

  beforeAll(async () => {
    await publishRegistry(ns, COUNCIL_REGISTRY);
    const { db: d, close } = await openDb({ ...ns, db });
    await d.collection('proceedings').insertOne(councilFormedProceeding() as never);
    await close();
    app = await NestFactory.create(
      DisciplineModule.forRoot({
        ...loadDisciplineConfig({}),
        kafkaBrokers: infra.brokers,
        mongoUrl: infra.mongoUrl,
        redisUrl: infra.redisUrl,
        topicPrefix: ns.topicPrefix,
        groupId: `it-${ns.id}-discipline`,
        mongoDb: db,
        queuePrefix: ns.queuePrefix,
        tokenSecret: SECRET,
      }),
      { logger: ['error'] },
    );
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer() as { address(): AddressInfo }).address().port}`;
    const health = app.get(HealthRegistry);
    await waitFor('the discipline service to be up', () => health.snapshot().status === 'up', 120_000);
  }, 180_000);

  afterAll(async () => {
    await app.close();
    await dropNamespace(ns);
    await dropNamespace({ ...ns, db });
  });

  it('has a row for every route the service serves', () => {
    const missing = routesOf(CONTROLLERS).filter((route) => {
      const pattern = new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`);
      return !MATRIX.some((row) => row.method.toLowerCase() === route.method && pattern.test(row.path.split('?')[0]!));
    });
    expect(missing.map((r) => `${r.method.toUpperCase()} ${r.path}`)).toEqual([]);
  });

  it('answers every cell as the table says, and 401 without a token, always in the one error model', async () => {
    const cells: string[] = [];
    const mismatches: string[] = [];
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
    const send = (row: Row, token?: string) =>
      fetch(`${base}${row.path}`, {
        method: row.method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(row.body ? { body: JSON.stringify(row.body) } : {}),
      });
    for (const row of MATRIX) {
      const anonymous = await send(row);
      if (anonymous.status !== (row.anonymous ?? 401))
        mismatches.push(`${row.endpoint} without a token: ${anonymous.status}`);
      await errorShape(`${row.endpoint} without a token`, anonymous);
      for (const role of ROLES) {
        for (const inScope of [true, false]) {
          const res = await send(row, tokenOf(role, inScope));
          const expected = row.expect(role, inScope);
          const who = `${role} (${inScope ? 'in scope' : 'out of scope'})`;
          cells.push(`${row.endpoint} | ${who} | ${res.status}`);
          if (res.status !== expected)
            mismatches.push(`${row.endpoint} as ${who}: ${res.status}, expected ${expected}`);
          await errorShape(`${row.endpoint} as ${who}`, res);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(cells).toHaveLength(MATRIX.length * ROLES.length * 2);

    // Nothing changed: the proceeding is as it was seeded.
    const { db: d, close } = await openDb({ ...ns, db });
    const stored = await d.collection('proceedings').findOne({ _id: 'DP-M' as never });
    await close();
    expect(stored).toMatchObject({ version: 2, status: 'council_formed' });
  });
});
