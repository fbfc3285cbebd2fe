import { accountKey, addressKey, admission, clientAddress, trustedProxies } from './sign-in-limits';

describe('the address a sign-in comes from', () => {
  const loopback = trustedProxies(['loopback']);

  it('is the peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.1', loopback)).toBe('203.0.113.9');
    expect(clientAddress('127.0.0.1', '198.51.100.1', trustedProxies(['none']))).toBe('127.0.0.1');
  });

  it('is the address the trusted console appended, not one the browser wrote before it', () => {
    // The browser sent "X-Forwarded-For: 10.9.9.9"; the console appended the browser's own address.
    expect(clientAddress('127.0.0.1', '10.9.9.9, 203.0.113.9', loopback)).toBe('203.0.113.9');
    expect(clientAddress('::ffff:127.0.0.1', ['10.9.9.9', '203.0.113.9'], loopback)).toBe('203.0.113.9');
    expect(clientAddress('::1', '2001:db8::7', loopback)).toBe('2001:db8::7');
  });

  it('walks past every trusted proxy, and stops at the first entry that is not an address', () => {
    const two = trustedProxies(['loopback', '10.0.0.0/8']);
    expect(clientAddress('127.0.0.1', '203.0.113.9, 10.1.2.3', two)).toBe('203.0.113.9');
    expect(clientAddress('127.0.0.1', 'not-an-address, 10.1.2.3', two)).toBe('10.1.2.3');
    expect(clientAddress('127.0.0.1', '', loopback)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', undefined, loopback)).toBe('127.0.0.1');
  });

  it('reads an IPv4 peer of a dual-stack socket as IPv4', () => {
    expect(clientAddress('::ffff:203.0.113.9', undefined, loopback)).toBe('203.0.113.9');
    expect(clientAddress(undefined, '198.51.100.1', loopback)).toBe('unknown');
  });

  it('refuses a proxy list with an entry that is neither an address nor a range', () => {
    expect(() => trustedProxies(['10.0.0.0/33'])).toThrow(/10\.0\.0\.0\/33/);
    expect(() => trustedProxies(['console.local'])).toThrow(/console\.local/);
    expect(trustedProxies(['192.0.2.0/24', '2001:db8::/32'])('2001:db8::1')).toBe(true);
    expect(trustedProxies(['192.0.2.0/24'])('192.0.3.1')).toBe(false);
  });
});

describe('the answer to an attempt', () => {
  it('admits within the limits, and refuses over one for the rest of its window, in whole seconds', () => {
    expect(admission({ over: 0, ttlMs: 0, count: 0 }, [30, 10])).toEqual({ admitted: true });
    expect(admission({ over: 2, ttlMs: 1, count: 11 }, [30, 10])).toEqual({
      admitted: false,
      retryAfterS: 1,
      first: true,
    });
    expect(admission({ over: 1, ttlMs: 42_001, count: 35 }, [30, 10])).toEqual({
      admitted: false,
      retryAfterS: 43,
      first: false,
    });
  });

  it('keys an account by a hash of its name, never the name itself', () => {
    expect(accountKey('thads', 'nguyen.van.a')).toMatch(/^thads:sign-in-limit:account:[0-9a-f]{64}$/);
    expect(accountKey('thads', 'nguyen.van.a')).not.toContain('nguyen');
    expect(addressKey('thads', '203.0.113.9')).toBe('thads:sign-in-limit:address:203.0.113.9');
  });
});
