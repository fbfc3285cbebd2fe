import { randomBytes } from 'node:crypto';
import { TokenSigner } from './token';

describe('access tokens', () => {
  const signer = new TokenSigner(randomBytes(32), 900);
  const principal = { sub: 'u-1', roles: ['inspector' as const], unitId: 'DT-KV01' };

  it('round-trips the principal until expiry', () => {
    const t0 = Date.parse('2026-11-28T10:00:00Z');
    const { token, expiresAt } = signer.sign(principal, t0);
    expect(expiresAt).toBe(t0 + 900_000);
    expect(signer.verify(token, t0 + 899_000)).toEqual({ ok: true, principal });
    expect(signer.verify(token, t0 + 900_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token signed with another secret, an altered payload, or alg none', () => {
    const { token } = signer.sign(principal);
    expect(new TokenSigner(randomBytes(32)).verify(token)).toEqual({ ok: false, reason: 'bad signature' });
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...principal, roles: ['admin'], exp: 4102444800 })).toString(
      'base64url',
    );
    expect(signer.verify(`${h}.${forged}.${s}`)).toEqual({ ok: false, reason: 'bad signature' });
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    expect(signer.verify(`${none}.${forged}.`).ok).toBe(false);
    expect(() => new TokenSigner(Buffer.alloc(8))).toThrow(/32 bytes/);
  });

  it('carries the officer a user is linked to, and leaves it out when there is none', () => {
    const linked = { ...principal, roles: ['committee_member' as const], officerId: 'OFF-12', epoch: 3 };
    expect(signer.verify(signer.sign(linked).token)).toEqual({ ok: true, principal: linked });
    const { token } = signer.sign({ ...principal, officerId: '' });
    expect(signer.verify(token)).toEqual({ ok: true, principal });
  });
});
