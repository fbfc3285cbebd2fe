import { randomBytes } from 'node:crypto';
import { TokenSigner, parseTokenSecret, type AccessVerifier } from '@thads/auth';
import { AppError } from '@thads/http';
import type { SessionEpochIngest } from './session-epoch-ingest';
import type { SessionEpochView } from './session-epoch-view';

export interface SessionVerifierOptions {
  /** TOKEN_SECRET as configured; empty: no token verifies (every call 401), said once in the log. */
  tokenSecret: string;
  view: SessionEpochView;
  ingest: Pick<SessionEpochIngest, 'whenReady'>;
  log: { warn(message: string): void };
  /** How long a request waits for the view to catch up at start-up before it is answered 503. */
  startupWaitMs?: number;
}

/**
 * The access verifier of a service that did not issue the token (discipline, insight): the
 * signature, the algorithm and the expiry (`TokenSigner`), then the session epoch — a token whose
 * `epoch` claim (0 when absent) is below the user's current epoch in the service's view of
 * `integrity.sessions.v1` belongs to an ended session and is refused (401 `UNAUTHENTICATED`, as
 * the issuer answers it). Until the view has read the topic up to where it stood at start-up, a
 * request waits a moment, then gets 503 `UNAVAILABLE` (with `Retry-After`): the token can be
 * neither accepted nor refused yet, and a 401 would sign a good session out. A store that cannot
 * be read is likewise 503, never an unchecked pass.
 */
export function sessionVerifier(options: SessionVerifierOptions): AccessVerifier {
  const { tokenSecret, view, ingest, log, startupWaitMs = 5_000 } = options;
  if (!tokenSecret) log.warn('TOKEN_SECRET is not set: no token can be verified, every API call answers 401');
  // Without a secret, a random one: nothing verifies, and nothing else changes.
  const signer = new TokenSigner(tokenSecret ? parseTokenSecret(tokenSecret) : randomBytes(32));
  return {
    async verifyAccess(token) {
      const result = signer.verify(token);
      if (!result.ok) return undefined;
      if (!(await ingest.whenReady(startupWaitMs)))
        throw new AppError('UNAVAILABLE', { reason: 'the session epochs are still being read' }, { retryAfterS: 2 });
      let current: number;
      try {
        current = await view.epochOf(result.principal.sub);
      } catch {
        throw new AppError('UNAVAILABLE', { reason: 'the session epochs cannot be read' }, { retryAfterS: 2 });
      }
      return (result.principal.epoch ?? 0) < current ? undefined : result.principal;
    },
  };
}
