import { hashPassword, oneTimePassword, passwordProblem, verifyPassword } from './password';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one; two hashes of one password differ (salt)', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterz', a)).toBe(false);
    expect(await verifyPassword('anything', 'md5$abc')).toBe(false);
  });

  it('still verifies hashes made with other parameters', async () => {
    const weak = await hashPassword('correct horse battery', { N: 1 << 10, r: 8, p: 1 });
    expect(weak).toMatch(/^scrypt\$1024\$/);
    expect(await verifyPassword('correct horse battery', weak)).toBe(true);
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
