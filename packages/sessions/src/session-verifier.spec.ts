import { TokenSigner } from '@thads/auth';
import { AppError } from '@thads/http';
import { sessionVerifier } from './session-verifier';
import type { SessionEpochView } from './session-epoch-view';

const SECRET = 'ab'.repeat(32);
const signer = new TokenSigner(Buffer.from(SECRET, 'hex'));
const token = (epoch?: number) =>
  signer.sign({ sub: 'nguyen.a', roles: ['leadership'], unitId: 'DT', ...(epoch === undefined ? {} : { epoch }) })
    .token;

function verifier(epochs: Record<string, number>, ready = true, failing = false) {
  const view = {
    epochOf: (user: string) => (failing ? Promise.reject(new Error('store away')) : Promise.resolve(epochs[user] ?? 0)),
  } as unknown as SessionEpochView;
  return sessionVerifier({
    tokenSecret: SECRET,
    view,
    ingest: { whenReady: () => Promise.resolve(ready) },
    log: { warn: () => undefined },
    startupWaitMs: 1,
  });
}

describe('sessionVerifier: the session epoch checked where the token was not issued', () => {
  it('accepts the token of a user whose epoch was never raised, with or without the claim', async () => {
    expect(await verifier({}).verifyAccess(token(0))).toMatchObject({ sub: 'nguyen.a', epoch: 0 });
    expect(await verifier({}).verifyAccess(token())).toMatchObject({ sub: 'nguyen.a' });
  });

  it('refuses a token issued below the user’s current epoch, accepts one at or above it', async () => {
    const v = verifier({ 'nguyen.a': 2 });
    expect(await v.verifyAccess(token(1))).toBeUndefined();
    expect(await v.verifyAccess(token())).toBeUndefined();
    expect(await v.verifyAccess(token(2))).toMatchObject({ epoch: 2 });
    // Issued after a raise whose message has not arrived yet: the view lags, the token is newer.
    expect(await v.verifyAccess(token(3))).toMatchObject({ epoch: 3 });
  });

  it('answers 503, not 401 and not a pass, while the view has not read the topic or cannot be read', async () => {
    const notReady = verifier({}, false).verifyAccess(token(0));
    await expect(notReady).rejects.toBeInstanceOf(AppError);
    await expect(notReady).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(verifier({}, true, true).verifyAccess(token(0))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('refuses a forged or malformed token before it reads anything', async () => {
    const v = verifier({}, false);
    expect(await v.verifyAccess(`${token(0)}x`)).toBeUndefined();
    expect(await v.verifyAccess('not-a-token')).toBeUndefined();
  });
});
