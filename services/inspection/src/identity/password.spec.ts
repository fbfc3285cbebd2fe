import { hashPassword, needsRehash, oneTimePassword, paramsOf, passwordProblem, verifyPassword } from './password';

describe('password hashing', () => {
  it("hashes at OWASP's minimum for scrypt (N = 2^17, r = 8, p = 1) and says so in the hash", async () => {
    const a = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(paramsOf(a)).toEqual({ N: 1 << 17, r: 8, p: 1 });
    expect(needsRehash(a)).toBe(false);
  });

  it('verifies the right password and refuses a wrong one; two hashes of one password differ (salt)', async () => {
    const a = await hashPassword('correct horse battery', { N: 1 << 10, r: 8, p: 1 });
    const b = await hashPassword('correct horse battery', { N: 1 << 10, r: 8, p: 1 });
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterz', a)).toBe(false);
    expect(await verifyPassword('anything', 'md5$abc')).toBe(false);
  });

  it('still verifies hashes made with weaker parameters, and asks for them to be made again', async () => {
    const weak = await hashPassword('correct horse battery', { N: 1 << 15, r: 8, p: 1 });
    expect(weak).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(weak.replace('$8$1$', '$4$1$'))).toBe(true);
    expect(needsRehash('md5$abc')).toBe(true);
  });

  it('refuses a stored hash that asks for absurd costs rather than allocating them', async () => {
    const absurd = (await hashPassword('correct horse battery', { N: 1 << 10, r: 8, p: 1 })).replace(
      /^scrypt\$1024\$/,
      `scrypt$${2 ** 30}$`,
    );
    expect(paramsOf(absurd)).toBeUndefined();
    expect(await verifyPassword('correct horse battery', absurd)).toBe(false);
  });

  it('refuses short or monotonous passwords and makes one-time passwords that pass', () => {
    expect(passwordProblem('short')).toMatch(/12 characters/);
    expect(passwordProblem('aaaaaaaaaaaaaaaa')).toMatch(/different/);
    const otp = oneTimePassword();
    expect(otp).toHaveLength(20);
    expect(passwordProblem(otp)).toBeUndefined();
    expect(oneTimePassword()).not.toBe(otp);
  });
});
