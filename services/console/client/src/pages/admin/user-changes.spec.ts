import { createBody, decider, pendingRoles, updateBody, userStates, type Grant, type User } from './user-changes';

const user = (over: Partial<User> = {}): User => ({
  username: 'tran.b',
  name: 'Trần B',
  roles: ['inspector'],
  unitId: 'DT',
  officerId: 'DT-INS-01',
  active: true,
  mustChangePassword: false,
  locked: false,
  ...over,
});

const grant = (over: Partial<Grant> = {}): Grant => ({
  id: 'g1',
  username: 'tran.b',
  unitId: 'DT',
  roles: ['inspection_supervisor'],
  requestedBy: 'root',
  requestedAt: '2026-03-02T02:00:00.000Z',
  status: 'pending',
  ...over,
});

describe('the users page: what it sends', () => {
  it('creates a user with trimmed fields, roles in catalogue order, and no empty optional field', () => {
    expect(
      createBody({ username: ' le.c ', name: '  ', unitId: ' DT-KV01 ', officerId: '', roles: ['admin', 'inspector'] }),
    ).toEqual({ username: 'le.c', unitId: 'DT-KV01', roles: ['inspector', 'admin'] });
    expect(
      createBody({ username: 'le.c', name: 'Lê C', unitId: 'DT', officerId: 'DT-1', roles: ['leadership'] }),
    ).toEqual({
      username: 'le.c',
      name: 'Lê C',
      unitId: 'DT',
      officerId: 'DT-1',
      roles: ['leadership'],
    });
  });

  it('changes only what differs: nothing when the form is as the user was, whatever the order of the roles', () => {
    const u = user({ roles: ['inspector', 'leadership'] });
    expect(
      updateBody(u, { name: 'Trần B', unitId: 'DT', officerId: 'DT-INS-01', roles: ['leadership', 'inspector'] }),
    ).toBeUndefined();
    expect(updateBody(u, { name: 'Trần B', unitId: 'DT-KV02', officerId: 'DT-INS-01', roles: u.roles })).toEqual({
      unitId: 'DT-KV02',
    });
    expect(
      updateBody(u, {
        name: 'Trần Văn B',
        unitId: 'DT',
        officerId: 'DT-INS-02',
        roles: ['inspector', 'inspection_supervisor'],
      }),
    ).toEqual({ name: 'Trần Văn B', officerId: 'DT-INS-02', roles: ['inspector', 'inspection_supervisor'] });
  });

  it('never sends an emptied name or registry link, which the API can replace but not remove', () => {
    expect(updateBody(user(), { name: ' ', unitId: 'DT', officerId: '', roles: ['inspector'] })).toBeUndefined();
    expect(
      updateBody(user({ name: undefined, officerId: undefined }), {
        unitId: 'DT',
        roles: ['inspector'],
        officerId: 'X-1',
      }),
    ).toEqual({
      officerId: 'X-1',
    });
  });
});

describe('the users page: what it shows', () => {
  it('puts a deactivated account before anything else, and shows a lock and a password to change together', () => {
    expect(userStates(user())).toEqual(['active']);
    expect(userStates(user({ active: false, locked: true }))).toEqual(['inactive']);
    expect(userStates(user({ locked: true, mustChangePassword: true }))).toEqual(['locked', 'mustChangePassword']);
  });

  it('gathers the roles waiting for a second administrator per user, ignoring decided requests', () => {
    const pending = pendingRoles([
      grant(),
      grant({ id: 'g2', roles: ['admin', 'inspection_supervisor'] }),
      grant({ id: 'g3', username: 'le.c', roles: ['committee_chair'], status: 'approved' }),
    ]);
    expect([...pending]).toEqual([['tran.b', ['inspection_supervisor', 'admin']]]);
  });

  it('lets neither the administrator who asked nor the user concerned decide a request (four-eyes)', () => {
    expect(decider(grant(), 'root')).toEqual({ may: false, why: 'asked' });
    expect(decider(grant({ username: 'root2' }), 'root2')).toEqual({ may: false, why: 'concerned' });
    expect(decider(grant(), 'root2')).toEqual({ may: true });
  });
});
