import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { whenUnauthenticated } from './api/client';
import { ApiError } from './api/errors';
import { session, type Role, type SessionUser } from './api/session';

interface SessionValue {
  user: SessionUser;
  has: (...roles: Role[]) => boolean;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in page');
  return value;
}

export const SESSION_KEY = ['session'] as const;

/** The signed-in user, or nothing (the sign-in page): read from the console, which holds the session. */
export function useCurrentSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      try {
        return (await session.current()).user;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
    retry: 1,
  });
}

export function SessionProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  const queries = useQueryClient();
  useEffect(() => {
    // Any service answering 401 means the session ended: back to the sign-in page.
    whenUnauthenticated(() => {
      sessionStorage.setItem('thads.sessionEnded', '1');
      queries.setQueryData(SESSION_KEY, null);
      queries.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    });
  }, [queries]);
  const value: SessionValue = {
    user,
    has: (...roles) => roles.some((r) => user.roles.includes(r)),
    signOut: async () => {
      await session.signOut();
      // Back to the sign-in page, and nothing of this user's data left in the cache.
      queries.setQueryData(SESSION_KEY, null);
      queries.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
