import { ApiError, type ApiErrorBody } from './errors';

/** Who is signed in, as the console reads it from the session (the console's own routes, not a service's). */
export interface SessionUser {
  username: string;
  roles: Role[];
  unitId: string;
  officerId?: string;
  expiresAt: number;
}

export type Role =
  'inspector' | 'inspection_supervisor' | 'committee_member' | 'committee_chair' | 'leadership' | 'admin';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { 'X-Requested-With': 'thads-console', ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => ({ code: 'INTERNAL' }))) as unknown;
  if (!res.ok) throw new ApiError(res.status, json as ApiErrorBody);
  return json as T;
}

export const session = {
  current: () => call<{ user: SessionUser }>('GET', '/console/session'),
  signIn: (username: string, password: string) =>
    call<{ user: SessionUser; mustChangePassword: boolean }>('POST', '/console/session', { username, password }),
  signOut: () => call<undefined>('DELETE', '/console/session'),
};
