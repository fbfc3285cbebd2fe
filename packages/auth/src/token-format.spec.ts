import { TokenSigner } from './token';

describe('access token format', () => {
  const signer = new TokenSigner(Buffer.alloc(32, 7));
  const { token } = signer.sign({ sub: 'u', roles: ['inspector'], unitId: 'DT' });

  it('accepts the token as issued', () => {
    expect(signer.verify(token).ok).toBe(true);
  });

  it.each([
    ['characters after the signature', `${token}~~`],
    ['a non-alphabet character inside the signature', `${token.slice(0, -2)}!${token.slice(-2)}`],
    ['padding', `${token}=`],
    ['a fourth segment', `${token}.x`],
    ['an empty fourth segment', `${token}.`],
    ['whitespace', ` ${token}`],
  ])('refuses %s', (_what, forged) => {
    expect(signer.verify(forged).ok).toBe(false);
  });
});
