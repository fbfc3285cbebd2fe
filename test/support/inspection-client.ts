import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { once } from 'node:events';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FindingMessage } from '@thads/contracts';
import type { InspectionConfig } from '../../services/inspection/src/config';
import { InspectionModule, type InspectionModuleOptions } from '../../services/inspection/src/app.module';
import { hashPassword } from '../../services/inspection/src/identity/password';
import { publishRegistry, registryEvent, registryViewReady, waitFor, type Namespace } from './harness';

export const PASSWORD = 'mật khẩu đủ dài 2026';

/**
 * One hash of the shared password for every test user: a hash at the production cost takes most
 * of a second of this machine's CPU, and the salt is of no interest here.
 */
let passwordHash: Promise<string> | undefined;

/** A user document as the inspection service stores it, with the shared test password. */
export async function userDoc(
  id: string,
  roles: string[],
  unitId: string,
  extra: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  return {
    _id: id,
    passwordHash: await (passwordHash ??= hashPassword(PASSWORD)),
    roles,
    unitId,
    mustChangePassword: false,
    signIn: { failures: [] },
    createdAt: new Date(),
    ...extra,
  };
}

/** Officers published on the registry topic (`registry.officer`). */
export async function seedOfficers(
  ns: Namespace,
  officers: { officerId: string; unitId: string; relatedPartyIds?: string[] }[],
): Promise<void> {
  await publishRegistry(
    ns,
    officers.map((o, i) =>
      registryEvent(`ro-${o.officerId}-${i}`, 'registry.officer', {
        officerId: o.officerId,
        unitId: o.unitId,
        name: o.officerId,
        role: 'enforcement_officer',
        relatedPartyIds: o.relatedPartyIds ?? [],
        bankAccountHashes: [],
      }),
    ),
  );
}

/** A finding as the detector publishes it. */
export function findingMessage(id: string, over: Partial<FindingMessage> = {}): FindingMessage {
  return {
    findingId: id,
    ruleId: 'payout-overdue',
    ruleVersion: 1,
    severity: 'high',
    status: 'open',
    unitId: 'DT-KV01',
    caseId: `C-${id}`,
    officerId: 'OFF-7',
    detectedAt: '2025-03-14T00:00:00+07:00',
    title: { vi: 'Chậm chi trả', en: 'Late payout' },
    explanation: { vi: '…', en: '…' },
    legalBasis: 'Luật THADS, Điều 47',
    evidence: { eventIds: [`C-${id}-5`], figures: {} },
    ...over,
  };
}

export type Reply = { status: number; body: Record<string, unknown> };

/** The inspection service on a free port, and a small HTTP client that signs users in on first use. */
export class InspectionUnderTest {
  private constructor(
    readonly app: INestApplication,
    readonly base: string,
  ) {}
  private readonly tokens = new Map<string, string>();

  static async start(config: InspectionConfig, options: InspectionModuleOptions = {}): Promise<InspectionUnderTest> {
    const app = await NestFactory.create(
      InspectionModule.forRoot(config, { announceFirstAdmin: () => undefined, ...options }),
      { logger: process.env['IT_LOG'] ? ['log', 'warn', 'error'] : ['error'] },
    );
    await app.listen(0, '127.0.0.1');
    await registryViewReady(app);
    return new InspectionUnderTest(
      app,
      `http://127.0.0.1:${(app.getHttpServer() as { address(): AddressInfo }).address().port}`,
    );
  }

  async call(
    method: string,
    path: string,
    who?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const token = who ? await this.token(who) : undefined;
    const isBuffer = body instanceof Buffer;
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(isBuffer ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: isBuffer ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    } catch {
      parsed = { text };
    }
    return { status: res.status, body: parsed };
  }

  /**
   * A POST whose body goes out in chunks with no declared size (`Transfer-Encoding: chunked`), the
   * way a client streams a file, one chunk at a time. The answer, or how the connection failed.
   */
  async chunked(path: string, who: string, chunks: Buffer[], contentType: string): Promise<Reply | { error: string }> {
    const token = await this.token(who);
    const url = new URL(`${this.base}${path}`);
    return new Promise((resolve) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (part: Buffer) => parts.push(part));
          res.on('end', () => {
            const text = Buffer.concat(parts).toString();
            resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> });
          });
          res.on('error', (err) => resolve({ error: err.message }));
        },
      );
      req.on('error', (err) => resolve({ error: err.message }));
      void (async () => {
        for (const chunk of chunks) {
          if (req.destroyed) return;
          if (!req.write(chunk)) await once(req, 'drain');
          await new Promise((r) => setTimeout(r, 1));
        }
        req.end();
      })().catch(() => undefined);
    });
  }

  async raw(path: string, who: string): Promise<Response> {
    return fetch(`${this.base}${path}`, { headers: { authorization: `Bearer ${await this.token(who)}` } });
  }

  private async token(who: string): Promise<string> {
    const known = this.tokens.get(who);
    if (known) return known;
    const r = await waitFor(`sign-in of ${who}`, async () => {
      const res = await fetch(`${this.base}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: who, password: PASSWORD }),
      });
      return res.status === 200 ? ((await res.json()) as { accessToken: string }) : undefined;
    });
    this.tokens.set(who, r.accessToken);
    return r.accessToken;
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
