import { dropNamespace, inspectionConfig, namespace, openDb, seedUnits } from './support/harness';
import { InspectionUnderTest, PASSWORD, userDoc } from './support/inspection-client';

/**
 * User management over HTTP: an administrator creates users with a one-time password that only
 * allows changing it, changes roles and the registry link, deactivates (no sign-in, no new
 * assignment) and resets passwords — within their units, each change audited.
 */
describe('user management (HTTP)', () => {
  const ns = namespace();
  let svc: InspectionUnderTest;

  const signIn = async (username: string, password: string) =>
    svc.call('POST', '/api/auth/sign-in', undefined, { username, password });

  beforeAll(async () => {
    const { db, close } = await openDb(ns);
    await seedUnits(ns);
    await db
      .collection('users')
      .insertMany([
        await userDoc('root', ['admin'], 'DT'),
        await userDoc('root2', ['admin'], 'DT'),
        await userDoc('admin-kv02', ['admin'], 'DT-KV02'),
      ] as never[]);
    await close();
    svc = await InspectionUnderTest.start(inspectionConfig(ns));
  }, 120_000);

  afterAll(async () => {
    await svc.close();
    await dropNamespace(ns);
  });

  it('creates a user whose one-time password only allows changing it', async () => {
    const created = await svc.call('POST', '/api/users', 'root', {
      username: 'tran.b',
      roles: ['inspector'],
      unitId: 'DT',
      name: 'Trần B',
      officerId: 'OFF-TB',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'tran.b',
      roles: ['inspector'],
      unitId: 'DT',
      officerId: 'OFF-TB',
      active: true,
      mustChangePassword: true,
    });
    expect(created.body['passwordHash']).toBeUndefined();
    const otp = String(created.body['oneTimePassword']);
    const first = await signIn('tran.b', otp);
    expect(first.body['mustChangePassword']).toBe(true);
    const token = String(first.body['accessToken']);
    const asOtp = await fetch(`${svc.base}/api/findings`, { headers: { authorization: `Bearer ${token}` } });
    expect(asOtp.status).toBe(403);
    const notices = await fetch(`${svc.base}/api/notifications`, { headers: { authorization: `Bearer ${token}` } });
    expect(notices.status).toBe(403);
    const change = await fetch(`${svc.base}/api/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ currentPassword: otp, newPassword: 'một mật khẩu mới đủ dài' }),
    });
    expect(change.status).toBe(204);
    const signedIn = await signIn('tran.b', 'một mật khẩu mới đủ dài');
    expect(signedIn.body['mustChangePassword']).toBe(false);
    // The token carries the registry officer the user is (the discipline service acts on it).
    const me = await fetch(`${svc.base}/api/auth/me`, {
      headers: { authorization: `Bearer ${String(signedIn.body['accessToken'])}` },
    });
    expect(await me.json()).toEqual({ sub: 'tran.b', roles: ['inspector'], unitId: 'DT', officerId: 'OFF-TB' });
    expect(
      (await svc.call('POST', '/api/users', 'root', { username: 'tran.b', roles: ['inspector'], unitId: 'DT' })).status,
    ).toBe(409);
  });

  it("names the wrong field, refuses units outside the registry or the admin's scope", async () => {
    expect(
      (await svc.call('POST', '/api/users', 'root', { username: 'x1', roles: ['sheriff'], unitId: 'DT' })).body[
        'field'
      ],
    ).toBe('roles');
    for (const name of ['Nguyễn\u0000A', 'hoadon\u202Egpj.exe']) {
      const refused = await svc.call('POST', '/api/users', 'root', {
        username: 'x0',
        name,
        roles: ['inspector'],
        unitId: 'DT',
      });
      expect([refused.status, refused.body['field']]).toEqual([400, 'name']);
    }
    expect(
      (await svc.call('POST', '/api/users', 'root', { username: 'X Y', roles: ['inspector'], unitId: 'DT' })).body[
        'field'
      ],
    ).toBe('username');
    expect(
      (await svc.call('POST', '/api/users', 'root', { username: 'x2', roles: ['inspector'], unitId: 'HN' })).body[
        'field'
      ],
    ).toBe('unitId');
    expect(
      (await svc.call('POST', '/api/users', 'admin-kv02', { username: 'x3', roles: ['inspector'], unitId: 'DT-KV01' }))
        .status,
    ).toBe(403);
    // A user of another unit is answered as one that does not exist.
    expect((await svc.call('PATCH', '/api/users/tran.b', 'admin-kv02', { active: false })).status).toBe(404);
    const listed = await svc.call('GET', '/api/users', 'admin-kv02');
    expect((listed.body['items'] as { username: string }[]).map((u) => u.username)).toEqual(['admin-kv02']);
  });

  it('changes roles, deactivates (no sign-in) and resets a password, each audited', async () => {
    const promoted = await svc.call('PATCH', '/api/users/tran.b', 'root', {
      roles: ['inspector', 'inspection_supervisor'],
    });
    // A role that reads denouncers is never given by one administrator alone (four-eyes).
    expect(promoted.body['roles']).toEqual(['inspector']);
    const grant = promoted.body['pendingGrant'] as { id: string; roles: string[] };
    expect(grant.roles).toEqual(['inspection_supervisor']);
    const own = await svc.call('POST', `/api/users/grants/${grant.id}/approve`, 'root');
    expect([own.status, own.body['code']]).toEqual([403, 'FOUR_EYES']);
    expect((await svc.call('POST', `/api/users/grants/${grant.id}/approve`, 'admin-kv02')).status).toBe(404);
    expect((await svc.call('GET', '/api/users/grants', 'root2')).body['items']).toEqual([
      expect.objectContaining({ id: grant.id, username: 'tran.b', requestedBy: 'root', status: 'pending' }),
    ]);
    const approved = await svc.call('POST', `/api/users/grants/${grant.id}/approve`, 'root2');
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: 'root2' });
    expect((await svc.call('POST', `/api/users/grants/${grant.id}/reject`, 'root2')).status).toBe(409);
    const listed = (await svc.call('GET', '/api/users', 'root')).body['items'] as {
      username: string;
      roles: string[];
    }[];
    expect(listed.find((u) => u.username === 'tran.b')?.roles).toEqual(['inspector', 'inspection_supervisor']);
    expect((await svc.call('PATCH', '/api/users/tran.b', 'root', { active: false })).body['active']).toBe(false);
    expect((await signIn('tran.b', 'một mật khẩu mới đủ dài')).status).toBe(401);
    expect((await svc.call('PATCH', '/api/users/root', 'root', { active: false })).body['field']).toBe('active');
    await svc.call('PATCH', '/api/users/tran.b', 'root', { active: true });
    const reset = await svc.call('POST', '/api/users/tran.b/password-reset', 'root');
    expect(reset.status).toBe(201);
    expect((await signIn('tran.b', 'một mật khẩu mới đủ dài')).status).toBe(401);
    expect((await signIn('tran.b', String(reset.body['oneTimePassword']))).body['mustChangePassword']).toBe(true);

    const { db, close } = await openDb(ns);
    const actions = (await db.collection('audit_trail').find({ subject: 'user:tran.b' }).toArray()).map((e) =>
      String(e['action']),
    );
    await close();
    expect(actions).toEqual([
      'user.created',
      'user.password_changed',
      'user.updated',
      'user.role_requested',
      'user.role_granted',
      'user.updated',
      'user.updated',
      'user.password_reset',
    ]);
  });
  it('ends the access tokens already given out when the roles change, the account is deactivated or the password reset', async () => {
    const { db, close } = await openDb(ns);
    await db.collection('users').insertOne(await userDoc('holder', ['inspector'], 'DT'));
    await close();
    const tokenOf = async () => String((await signIn('holder', PASSWORD)).body['accessToken']);
    const me = async (token: string) =>
      (await svc.call('GET', '/api/auth/me', undefined, undefined, { authorization: `Bearer ${token}` })).status;

    let token = await tokenOf();
    expect(await me(token)).toBe(200);
    expect((await svc.call('PATCH', '/api/users/holder', 'root', { roles: ['leadership'] })).status).toBe(200);
    expect(await me(token)).toBe(401); // the old token still said inspector

    token = await tokenOf();
    expect(await me(token)).toBe(200);
    expect((await svc.call('POST', '/api/users/holder/password-reset', 'root')).status).toBe(201);
    expect(await me(token)).toBe(401);

    const { db: db2, close: close2 } = await openDb(ns);
    await db2
      .collection('users')
      .updateOne(
        { _id: 'holder' as never },
        { $set: { mustChangePassword: false, passwordHash: (await userDoc('x', [], 'DT'))['passwordHash'] } },
      );
    await close2();
    token = await tokenOf();
    expect(await me(token)).toBe(200);
    expect((await svc.call('PATCH', '/api/users/holder', 'root', { active: false })).status).toBe(200);
    expect(await me(token)).toBe(401);
  });
});
