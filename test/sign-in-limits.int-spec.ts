import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { ConsoleModule } from '../services/console/src/app.module';
import { loadConsoleConfig } from '../services/console/src/config';
import { dropNamespace, infra, inspectionConfig, namespace, openDb, waitFor } from './support/harness';
import { InspectionUnderTest, PASSWORD, userDoc } from './support/inspection-client';
import { TcpProxy } from './support/tcp-proxy';
import type { InspectionConfig } from '../services/inspection/src/config';

/**
 * Low limits so a test can go over them and see the window pass: 3 attempts per address, 3 per
 * account, per 20 s (long enough for the password hashes of a test to finish inside one window on
 * a loaded machine, where one takes up to 4 s).
 */
const LIMITS = { perAddress: 3, perAccount: 3, windowMs: 20_000 };

interface Answer {
  status: number;
  code: unknown;
  seconds: unknown;
  retryAfter: string | null;
  at: number;
}

/** One attempt at `path` of `service`, with the X-Forwarded-For a proxy in front would send (if any). */
async function attempt(
  service: InspectionUnderTest,
  path: string,
  body: unknown,
  forwardedFor?: string,
  token?: string,
): Promise<Answer> {
  const res = await fetch(`${service.base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const json = (text ? JSON.parse(text) : {}) as { code?: unknown; params?: { seconds?: unknown } };
  return {
    status: res.status,
    code: json.code,
    seconds: json.params?.seconds,
    retryAfter: res.headers.get('retry-after'),
    at: Date.now(),
  };
}

const signIn = (service: InspectionUnderTest, username: string, password: string, forwardedFor?: string) =>
  attempt(service, '/api/auth/sign-in', { username, password }, forwardedFor);

const statuses = (answers: Answer[]) => answers.map((a) => a.status).sort();

describe('sign-in limits per client address and per account (429 with Retry-After, counted in Redis)', () => {
  const ns = namespace();
  const config = (over: Partial<InspectionConfig>): InspectionConfig => ({
    ...inspectionConfig(ns),
    signInLimits: LIMITS,
    ...over,
  });
  /** Behind the console: believes X-Forwarded-For from loopback (the default). */
  let proxied: InspectionUnderTest;
  /** A second instance, counting in the same Redis, that believes no proxy. */
  let direct: InspectionUnderTest;
  /** When every window opened so far has passed, by the Retry-After of its refusals. */
  let windowsEnd = 0;

  const refused = (answers: Answer[]) => {
    const over = answers.filter((a) => a.status === 429);
    for (const a of over) windowsEnd = Math.max(windowsEnd, a.at + Number(a.retryAfter) * 1000);
    return over;
  };

  beforeAll(async () => {
    const { db, close } = await openDb(ns);
    try {
      for (const name of ['alice', 'bob', 'carol', 'dave'])
        await db.collection('users').insertOne(await userDoc(name, ['inspector'], 'DT'));
    } finally {
      await close();
    }
    proxied = await InspectionUnderTest.start(config({ trustedProxies: ['loopback'] }));
    direct = await InspectionUnderTest.start(config({ trustedProxies: ['none'] }));
  });
  afterAll(async () => {
    await proxied?.close();
    await direct?.close();
    await dropNamespace(ns);
  });

  it('refuses the attempt beyond the limit from one address with 429 and Retry-After, while another address signs in', async () => {
    // Four at once from 198.51.100.1, three of them with addresses the browser wrote before the
    // one the console appended (not believed); and bob from another address meanwhile.
    const [fromA, fromB] = await Promise.all([
      Promise.all([
        signIn(proxied, 'alice', PASSWORD, '198.51.100.1'),
        signIn(proxied, 'nobody-1', 'wrong password 1', '203.0.113.1, 198.51.100.1'),
        signIn(proxied, 'nobody-2', 'wrong password 2', '203.0.113.2, 198.51.100.1'),
        signIn(proxied, 'nobody-3', 'wrong password 3', '203.0.113.3, 198.51.100.1'),
      ]),
      signIn(proxied, 'bob', PASSWORD, '198.51.100.2'),
    ]);
    const over = refused(fromA);
    expect(over).toHaveLength(1);
    expect(fromA.filter((a) => a.status !== 429).every((a) => a.status === 200 || a.status === 401)).toBe(true);
    const [limited] = over;
    expect(limited?.code).toBe('RATE_LIMITED');
    const seconds = Number(limited?.retryAfter);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(LIMITS.windowMs / 1000);
    expect(limited?.seconds).toBe(seconds);
    expect(fromB.status).toBe(200);
  });

  it('ignores X-Forwarded-For from a peer it does not trust: a new header each time still counts as the peer', async () => {
    const answers = await Promise.all(
      [1, 2, 3, 4].map((i) => signIn(direct, `nobody-${i}`, `wrong password ${i}`, `198.51.100.${100 + i}`)),
    );
    expect(statuses(answers)).toEqual([401, 401, 401, 429]);
    expect(refused(answers)[0]?.retryAfter).toMatch(/^\d+$/);
  });

  it('lets the same addresses sign in again once the window has passed, as Retry-After said', async () => {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, windowsEnd - Date.now())));
    expect((await signIn(proxied, 'alice', PASSWORD, '198.51.100.1')).status).toBe(200);
    expect((await signIn(direct, 'bob', PASSWORD)).status).toBe(200);
  });

  it('limits an account from any address, counted together by every instance, password changes included', async () => {
    const answers = await Promise.all([
      signIn(proxied, 'carol', PASSWORD, '198.51.100.11'),
      signIn(proxied, 'carol', PASSWORD, '198.51.100.12'),
      signIn(direct, 'carol', PASSWORD),
      signIn(direct, 'carol', PASSWORD),
    ]);
    expect(statuses(answers)).toEqual([200, 200, 200, 429]);
    expect(refused(answers)[0]?.code).toBe('RATE_LIMITED');
    // A stolen access token buys no more guesses at the current password: they count with the
    // account's sign-ins (dave's sign-in, then three guesses: the third is over).
    const dave = await fetch(`${proxied.base}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.13' },
      body: JSON.stringify({ username: 'dave', password: PASSWORD }),
    });
    const token = String(((await dave.json()) as { accessToken?: unknown }).accessToken);
    const guesses = await Promise.all(
      [1, 2, 3].map((i) =>
        attempt(
          proxied,
          '/api/auth/password',
          { currentPassword: `guess number ${i}`, newPassword: 'một mật khẩu mới đủ dài' },
          '198.51.100.14',
          token,
        ),
      ),
    );
    expect(statuses(guesses)).toEqual([400, 400, 429]);
  });

  it("counts sign-ins through the console by the browser's address, and passes Retry-After on to the browser", async () => {
    // Nothing but the inspection service behind it: port 9 (discard) answers nobody.
    const consoleApp = await NestFactory.create(
      ConsoleModule.forRoot({
        ...loadConsoleConfig({}, tmpdir()),
        upstreams: {
          inspection: proxied.base,
          discipline: 'http://127.0.0.1:9',
          insight: 'http://127.0.0.1:9',
          rules: 'http://127.0.0.1:9',
        },
      }),
      { logger: ['error'], bodyParser: false },
    );
    await consoleApp.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(consoleApp.getHttpServer() as { address(): AddressInfo }).address().port}`;
    // The browser here is on loopback, which the service trusts as a proxy: the address a reverse
    // proxy in front of the console writes (as here) is then the client's. The console appends
    // its peer, and passes the chain on, on its own call to the service.
    const viaConsole = async (username: string, password: string, browser: string) => {
      const res = await fetch(`${base}/console/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': browser },
        body: JSON.stringify({ username, password }),
      });
      const body = (await res.json()) as { code?: unknown };
      return { status: res.status, code: body.code, retryAfter: res.headers.get('retry-after') };
    };
    try {
      const [fromOne, fromAnother] = await Promise.all([
        Promise.all([1, 2, 3, 4].map((i) => viaConsole(`nobody-${i}`, `wrong password ${i}`, '198.51.100.50'))),
        viaConsole('alice', PASSWORD, '198.51.100.51'),
      ]);
      expect(fromOne.map((a) => a.status).sort()).toEqual([401, 401, 401, 429]);
      const limited = fromOne.find((a) => a.status === 429);
      expect(limited?.code).toBe('RATE_LIMITED');
      expect(limited?.retryAfter).toMatch(/^\d+$/);
      expect(fromAnother.status).toBe(200);
    } finally {
      await consoleApp.close();
    }
  });

  it('lets sign-in and refresh through uncounted while Redis cannot be reached (not a 500), and counts again once it can', async () => {
    const url = new URL(infra.redisUrl);
    const redis = new TcpProxy(url.hostname, Number(url.port || 6379));
    await redis.start();
    url.port = String(redis.port);
    const cut = await InspectionUnderTest.start(
      config({
        redisUrl: url.toString(),
        queuePrefix: `${ns.queuePrefix}-cut`,
        groupId: `it-${ns.id}-inspection-cut`,
        signInLimits: { ...LIMITS, perAddress: 1 },
      }),
    );
    try {
      await redis.cut();
      // A refresh with an unknown token answers 401 once let through: cheap to repeat (no password hash).
      const refreshes = await Promise.all(
        [1, 2, 3].map(() => attempt(cut, '/api/auth/refresh', { refreshToken: 'unknown' }, '198.51.100.21')),
      );
      expect(statuses(refreshes)).toEqual([401, 401, 401]);
      expect((await signIn(cut, 'alice', PASSWORD, '198.51.100.21')).status).toBe(200);
      await redis.restore();
      let address = 30;
      await waitFor('the limiter to count again once Redis is back', async () => {
        // A fresh address each time, so that no poll is refused for the ones before it.
        address += 1;
        const from = `198.51.100.${address}`;
        await attempt(cut, '/api/auth/refresh', { refreshToken: 'unknown' }, from);
        return (await attempt(cut, '/api/auth/refresh', { refreshToken: 'unknown' }, from)).status === 429;
      });
    } finally {
      await redis.restore();
      await cut.close();
      await redis.cut();
    }
  });
});
