import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { InspectionModule } from '../services/inspection/src/app.module';
import { dropNamespace, inspectionConfig, namespace, openDb, waitFor, registryViewReady } from './support/harness';
import { hashPassword, verifyPassword } from '../services/inspection/src/identity/password';
import { PASSWORD, userDoc } from './support/inspection-client';

describe('inspection API: sign-in, tokens, lockout, roles and the audit chain (HTTP)', () => {
  const ns = namespace();
  let app: INestApplication;
  let base = '';
  const announced: { user: string; password: string }[] = [];

  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
  };

  beforeAll(async () => {
    app = await NestFactory.create(
      InspectionModule.forRoot(inspectionConfig(ns), {
        announceFirstAdmin: (user, password) => announced.push({ user, password }),
      }),
      { logger: ['error'] },
    );
    await app.listen(0, '127.0.0.1');
    await registryViewReady(app);
    const server = app.getHttpServer() as { address(): AddressInfo };
    base = `http://127.0.0.1:${server.address().port}`;
    await waitFor('the first administrators', () => announced.length === 2);
  });
  afterAll(async () => {
    await app.close();
    await dropNamespace(ns);
  });

  it('announces a one-time password once, which allows nothing but changing it', async () => {
    // Two administrators: a privileged role needs a second one's approval (four-eyes).
    expect(announced.map((a) => a.user)).toEqual(['admin', 'admin2']);
    expect((await call('GET', '/api/auth/me')).status).toBe(401);
    expect((await call('GET', '/api/auth/me', undefined, 'not-a-token')).status).toBe(401);
    const first = await call('POST', '/api/auth/sign-in', { username: 'admin', password: announced[0]!.password });
    expect(first.status).toBe(200);
    expect(first.body['mustChangePassword']).toBe(true);
    const token = String(first.body['accessToken']);
    expect((await call('GET', '/api/audit/verify', undefined, token)).status).toBe(403);
    const weak = await call(
      'POST',
      '/api/auth/password',
      { currentPassword: announced[0]!.password, newPassword: 'short' },
      token,
    );
    expect([weak.status, weak.body['field']]).toEqual([400, 'newPassword']);
    expect(
      (
        await call(
          'POST',
          '/api/auth/password',
          { currentPassword: announced[0]!.password, newPassword: 'Đồng Tháp 2026 kiểm tra' },
          token,
        )
      ).status,
    ).toBe(204);
    expect(
      (await call('POST', '/api/auth/sign-in', { username: 'admin', password: announced[0]!.password })).status,
    ).toBe(401);
  });

  it('signs in with the new password; the token carries the role and the unit; refresh tokens work once', async () => {
    const r = await call('POST', '/api/auth/sign-in', { username: 'admin', password: 'Đồng Tháp 2026 kiểm tra' });
    expect([r.status, r.body['mustChangePassword']]).toEqual([200, false]);
    const me = await call('GET', '/api/auth/me', undefined, String(r.body['accessToken']));
    expect(me.body).toEqual({ sub: 'admin', roles: ['admin'], unitId: 'DT' });
    const refreshed = await call('POST', '/api/auth/refresh', { refreshToken: r.body['refreshToken'] });
    expect(refreshed.status).toBe(200);
    // The first refresh token again: refused, and the user's other sessions are revoked with it.
    expect((await call('POST', '/api/auth/refresh', { refreshToken: r.body['refreshToken'] })).status).toBe(401);
    expect((await call('POST', '/api/auth/refresh', { refreshToken: refreshed.body['refreshToken'] })).status).toBe(
      401,
    );
  });

  it('names the missing field (400) and locks an account after five wrong passwords, answering as for an unknown name', async () => {
    const missing = await call('POST', '/api/auth/sign-in', { password: 'x' });
    expect([missing.status, missing.body['field']]).toEqual([400, 'username']);
    for (let i = 0; i < 5; i += 1)
      expect((await call('POST', '/api/auth/sign-in', { username: 'admin', password: `wrong-${i}` })).status).toBe(401);
    // Locked: the right password is refused, with the very answer an unknown name gets.
    const locked = await call('POST', '/api/auth/sign-in', { username: 'admin', password: 'Đồng Tháp 2026 kiểm tra' });
    const unknown = await call('POST', '/api/auth/sign-in', { username: 'nobody', password: 'whatever-long-enough' });
    expect([locked.status, locked.body['code'], locked.body['message']]).toEqual([
      401,
      'SIGN_IN_FAILED',
      unknown.body['message'],
    ]);
    expect(unknown.status).toBe(401);
  });

  it('counts failures made in parallel: twenty at once lock the account, and the right password is refused after', async () => {
    const { db, close } = await openDb(ns);
    await db.collection('users').insertOne(await userDoc('racer', ['inspector'], 'DT'));
    await close();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('POST', '/api/auth/sign-in', { username: 'racer', password: `wrong-${i}` }),
      ),
    );
    expect(answers.every((a) => a.status === 401)).toBe(true);
    expect((await call('POST', '/api/auth/sign-in', { username: 'racer', password: PASSWORD })).status).toBe(401);
  });

  it("makes a password hash of weaker parameters again at the next sign-in, at OWASP's minimum for scrypt", async () => {
    const { db, close } = await openDb(ns);
    try {
      const weak = await hashPassword(PASSWORD, { N: 1 << 14, r: 8, p: 1 });
      await db.collection('users').insertOne(await userDoc('legacy', ['inspector'], 'DT', { passwordHash: weak }));
      expect((await call('POST', '/api/auth/sign-in', { username: 'legacy', password: PASSWORD })).status).toBe(200);
      const stored = await db.collection<{ passwordHash: string }>('users').findOne({ _id: 'legacy' as never });
      expect(stored?.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
      expect(await verifyPassword(PASSWORD, stored!.passwordHash)).toBe(true);
      // The new hash serves the next sign-in, and is not made again.
      expect((await call('POST', '/api/auth/sign-in', { username: 'legacy', password: PASSWORD })).status).toBe(200);
      const again = await db.collection<{ passwordHash: string }>('users').findOne({ _id: 'legacy' as never });
      expect(again?.passwordHash).toBe(stored?.passwordHash);
    } finally {
      await close();
    }
  });

  it('lets exactly one of several parallel refreshes with one token through, and ends the sessions it gave out too', async () => {
    // Several rounds: a race lost one time in two is caught (with a conditional update, FerretDB
    // let two of four through now and then: ADR 0012).
    for (let round = 0; round < 6; round += 1) {
      const username = `twin${round}`;
      const { db, close } = await openDb(ns);
      await db.collection('users').insertOne(await userDoc(username, ['inspector'], 'DT'));
      await close();
      const first = await call('POST', '/api/auth/sign-in', { username, password: PASSWORD });
      expect(first.status).toBe(200);
      const answers = await Promise.all(
        Array.from({ length: 4 }, () =>
          call('POST', '/api/auth/refresh', { refreshToken: first.body['refreshToken'] }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401]);
      const winner = answers.find((a) => a.status === 200)!;
      // The reuse revoked the family: the tokens the winner got no longer work, nor the first access token.
      expect((await call('POST', '/api/auth/refresh', { refreshToken: winner.body['refreshToken'] })).status).toBe(401);
      expect((await call('GET', '/api/auth/me', undefined, String(winner.body['accessToken']))).status).toBe(401);
      expect((await call('GET', '/api/auth/me', undefined, String(first.body['accessToken']))).status).toBe(401);
    }
  });

  it('keeps sign-in events, denials and password changes in the audit chain, and names an entry altered in the store', async () => {
    const { db, close } = await openDb(ns);
    try {
      // The account is locked (previous test): an administrator token made the way sign-in does.
      await db.collection('users').updateOne({ _id: 'admin' as never }, { $set: { signIn: { failures: [] } } });
      const r = await call('POST', '/api/auth/sign-in', { username: 'admin', password: 'Đồng Tháp 2026 kiểm tra' });
      const token = String(r.body['accessToken']);
      const ok = await call('GET', '/api/audit/verify', undefined, token);
      expect(ok.status).toBe(200);
      expect(ok.body['ok']).toBe(true);
      const actions = (await db.collection<{ action: string }>('audit_trail').find().sort({ _id: 1 }).toArray()).map(
        (e) => e.action,
      );
      expect(actions).toEqual(
        expect.arrayContaining([
          'user.created',
          'access.denied',
          'access.unauthenticated',
          'user.password_changed',
          'session.revoked',
          'user.locked',
        ]),
      );
      // A failed sign-in names the user name tried; a forged token is audited too.
      const failed = await db
        .collection('audit_trail')
        .findOne({ action: 'access.unauthenticated', 'after.code': 'SIGN_IN_FAILED' });
      expect(failed?.['after']).toMatchObject({ username: 'admin' });
      const forged = await call('GET', '/api/findings', undefined, `${token}x`);
      expect(forged.status).toBe(401);
      expect(
        await db
          .collection('audit_trail')
          .findOne({ action: 'access.unauthenticated', 'after.code': 'UNAUTHENTICATED' }),
      ).not.toBeNull();
      await db.collection('audit_trail').updateOne({ _id: 2 as never }, { $set: { actor: 'user:mallory' } });
      const bad = await call('GET', '/api/audit/verify', undefined, token);
      expect(bad.body).toMatchObject({ ok: false, firstBad: 2 });
    } finally {
      await close();
    }
  });
});
