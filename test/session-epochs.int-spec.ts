import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { DisciplineModule } from '../services/discipline/src/app.module';
import { InsightModule } from '../services/insight/src/app.module';
import {
  disciplineConfig,
  dropNamespace,
  insightConfig,
  inspectionConfig,
  namespace,
  openDb,
  registryViewReady,
  seedUnits,
  startDetector,
  waitFor,
  listen,
  infra,
} from './support/harness';
import { InspectionUnderTest, PASSWORD, userDoc } from './support/inspection-client';
import { Store } from '@thads/store';
import { InspectionOutbox } from '../services/inspection/src/core/outbox';
import { UsersRepository } from '../services/inspection/src/identity/users.repository';

const TOKEN_SECRET = randomBytes(32).toString('hex');

async function get(url: string, token: string): Promise<{ status: number; code?: string }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json().catch(() => ({}))) as { code?: string };
  return { status: res.status, ...(body.code ? { code: body.code } : {}) };
}

/**
 * The issuer (inspection) ends a user's sessions by raising their session epoch; it announces the
 * epoch on integrity.sessions.v1, and the discipline and insight services, which keep a view of
 * the topic, refuse the ended session's access token within seconds — not 15 minutes later.
 */
describe('session epochs: a session ended at the issuer is refused by every service', () => {
  const ns = namespace();
  let inspection: InspectionUnderTest;
  let discipline: INestApplication;
  let insight: INestApplication;
  let disciplineBase = '';
  let insightBase = '';
  const extra: INestApplication[] = [];

  // What a leadership user reads at each service: 200 while the session lives.
  const atDiscipline = () => `${disciplineBase}/api/discipline/proceedings`;
  const atInsight = (base = insightBase) => `${base}/api/insight/statistics?unitId=DT&from=2025-01-01&to=2025-04-01`;

  const signIn = async (username: string, password = PASSWORD): Promise<string> => {
    const res = await inspection.call('POST', '/api/auth/sign-in', undefined, { username, password });
    expect(res.status).toBe(200);
    return String(res.body['accessToken']);
  };

  beforeAll(async () => {
    await seedUnits(ns);
    const { db, close } = await openDb(ns);
    await db
      .collection('users')
      .insertMany([
        await userDoc('lanh.dao', ['leadership'], 'DT'),
        await userDoc('lanh.dao.2', ['leadership'], 'DT'),
        await userDoc('quan.tri', ['admin'], 'DT'),
        await userDoc('quan.tri.2', ['admin'], 'DT'),
        await userDoc('lanh.dao.3', ['leadership'], 'DT'),
        await userDoc('lanh.dao.4', ['leadership'], 'DT'),
      ] as never[]);
    await close();
    inspection = await InspectionUnderTest.start({
      ...inspectionConfig(ns),
      tokenSecret: TOKEN_SECRET,
      sessionEpochSweepMs: 1000,
    });
    discipline = await NestFactory.create(DisciplineModule.forRoot(disciplineConfig(ns, TOKEN_SECRET)), {
      logger: ['error'],
    });
    disciplineBase = await listen(discipline);
    insight = await NestFactory.create(InsightModule.forRoot(insightConfig(ns, TOKEN_SECRET)), { logger: ['error'] });
    insightBase = await listen(insight);
    await registryViewReady(discipline);
    await registryViewReady(insight);
  }, 120_000);

  afterAll(async () => {
    for (const app of extra) await app.close();
    await insight?.close();
    await discipline?.close();
    await inspection?.close();
    for (const db of [ns.db, `${ns.db}_discipline`, `${ns.db}_insight`, `${ns.db}_insight_fresh`])
      await dropNamespace({ ...ns, db });
  });

  it('refuses, within seconds, at discipline and insight the token of a user whose password was reset', async () => {
    const token = await signIn('lanh.dao');
    const bystander = await signIn('lanh.dao.2');
    // The session works everywhere (a first request may wait for the view to read the topic).
    await waitFor(
      'the token to be accepted at discipline',
      async () => (await get(atDiscipline(), token)).status === 200,
    );
    await waitFor('the token to be accepted at insight', async () => (await get(atInsight(), token)).status === 200);

    const reset = await inspection.call('POST', '/api/users/lanh.dao/password-reset', 'quan.tri');
    expect(reset.status).toBe(201);
    expect(
      (await inspection.call('GET', '/api/auth/me', undefined, undefined, { authorization: `Bearer ${token}` })).status,
    ).toBe(401);

    const ended = Date.now();
    await waitFor(
      'discipline to refuse the ended session',
      async () => (await get(atDiscipline(), token)).status === 401,
      10_000,
    );
    await waitFor(
      'insight to refuse the ended session',
      async () => (await get(atInsight(), token)).status === 401,
      10_000,
    );
    const tookMs = Date.now() - ended;
    expect(tookMs).toBeLessThan(10_000);
    // The same answer as the issuer's.
    expect(await get(atDiscipline(), token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await get(atInsight(), token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });

    // Another user's session, whose epoch was never raised, is untouched.
    expect((await get(atDiscipline(), bystander)).status).toBe(200);
    expect((await get(atInsight(), bystander)).status).toBe(200);

    // A token issued after the reset (new password changed from the one-time one) works everywhere.
    const oneTime = String(reset.body['oneTimePassword']);
    const first = await signIn('lanh.dao', oneTime);
    const changed = await inspection.call(
      'POST',
      '/api/auth/password',
      undefined,
      {
        currentPassword: oneTime,
        newPassword: 'mật khẩu mới đủ dài 2026',
      },
      { authorization: `Bearer ${first}` },
    );
    expect(changed.status).toBe(204);
    const fresh = await signIn('lanh.dao', 'mật khẩu mới đủ dài 2026');
    expect((await get(atDiscipline(), fresh)).status).toBe(200);
    expect((await get(atInsight(), fresh)).status).toBe(200);
    // The password change (which raised the epoch again) ended `first` everywhere too.
    await waitFor(
      'insight to refuse the session the change ended',
      async () => (await get(atInsight(), first)).status === 401,
      10_000,
    );
  });

  it('refuses at the detector administration API the token of an administrator whose session was ended', async () => {
    const detector = await startDetector(ns, { tokenSecret: TOKEN_SECRET });
    extra.push(detector);
    const rules = `${await listen(detector)}/api/rules`;
    const token = await signIn('quan.tri.2');
    await waitFor('the token to be accepted at the detector', async () => (await get(rules, token)).status === 200);
    const reset = await inspection.call('POST', '/api/users/quan.tri.2/password-reset', 'quan.tri');
    expect(reset.status).toBe(201);
    await waitFor(
      'the detector to refuse the ended session',
      async () => (await get(rules, token)).status === 401,
      10_000,
    );
    expect(await get(rules, token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('a service started afresh never lets the ended session through while it reads the topic', async () => {
    const stale = await signIn('lanh.dao.2');
    const { status } = await inspection.call('PATCH', '/api/users/lanh.dao.2', 'quan.tri', { name: 'Lãnh đạo hai' });
    expect(status).toBe(200);
    // A new insight deployment: its own database and consumer group, nothing read yet.
    const fresh = await NestFactory.create(
      InsightModule.forRoot({
        ...insightConfig(ns, TOKEN_SECRET),
        groupId: `it-${ns.id}-insight-fresh`,
        mongoDb: `${ns.db}_insight_fresh`,
      }),
      { logger: ['error'] },
    );
    extra.push(fresh);
    const base = await listen(fresh);
    const answers: number[] = [];
    await waitFor('the fresh service to judge the token', async () => {
      const r = await get(atInsight(base), stale);
      answers.push(r.status);
      return r.status !== 503;
    });
    // 503 while it cannot judge, then 401: never 200.
    expect(answers.every((s) => s === 503 || s === 401)).toBe(true);
    expect(answers.at(-1)).toBe(401);
    await registryViewReady(fresh);
    expect((await get(atInsight(base), await signIn('lanh.dao.2'))).status).toBe(200);
  });

  it('refuses at discipline, without a restart, the session of a user whose epoch was raised while the outbox could not record it', async () => {
    const token = await signIn('lanh.dao.3');
    await waitFor(
      'the token to be accepted at discipline',
      async () => (await get(atDiscipline(), token)).status === 200,
    );
    // The store takes the raise, then fails the outbox write of its announcement (once).
    const send = InspectionOutbox.prototype.send;
    let failed = false;
    const spy = jest.spyOn(InspectionOutbox.prototype, 'send').mockImplementation(function (
      this: InspectionOutbox,
      messages,
    ) {
      if (!failed && messages.some((m) => m.key === 'lanh.dao.3')) {
        failed = true;
        return Promise.reject(new Error('the outbox store is away'));
      }
      return send.call(this, messages);
    });
    try {
      const reset = await inspection.call('POST', '/api/users/lanh.dao.3/password-reset', 'quan.tri');
      expect(reset.status).toBe(500);
      expect(failed).toBe(true);
      expect(
        (await inspection.call('GET', '/api/auth/me', undefined, undefined, { authorization: `Bearer ${token}` }))
          .status,
      ).toBe(401);
      // The sweep (every second here) announces it: discipline refuses the session with no restart.
      await waitFor(
        'discipline to refuse the session ended while the outbox failed',
        async () => (await get(atDiscipline(), token)).status === 401,
        10_000,
      );
    } finally {
      spy.mockRestore();
    }
    const { db, close } = await openDb(ns);
    const user = await db.collection('users').findOne({ _id: 'lanh.dao.3' as never });
    await close();
    expect(user).toMatchObject({ tokenEpoch: 1 });
    expect(user).not.toHaveProperty('epochUnannounced');
  });

  it('marks each raise unannounced in the store until the announcement of that very epoch is recorded', async () => {
    const store = new Store(infra.mongoUrl, ns.db);
    await store.connect();
    const users = new UsersRepository(store, () => Promise.reject(new Error('the outbox store is away')));
    try {
      await expect(users.endSessions('lanh.dao.4')).rejects.toThrow('the outbox store is away');
      await expect(users.endSessions('lanh.dao.4')).rejects.toThrow('the outbox store is away');
      expect(await users.unannouncedEpochs()).toContainEqual({ username: 'lanh.dao.4', epoch: 2 });
      // Epoch 1's announcement, recorded late, does not clear the mark of epoch 2.
      await users.epochAnnounced('lanh.dao.4', 1);
      expect(await users.unannouncedEpochs()).toContainEqual({ username: 'lanh.dao.4', epoch: 2 });
      await users.epochAnnounced('lanh.dao.4', 2);
      expect((await users.unannouncedEpochs()).map((u) => u.username)).not.toContain('lanh.dao.4');
    } finally {
      await store.close();
    }
  });
});
