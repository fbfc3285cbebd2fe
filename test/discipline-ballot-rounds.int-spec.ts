import { NestFactory } from '@nestjs/core';
import type { INestApplication, LoggerService } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { TokenSigner } from '@thads/auth';
import type { AnyEvent } from '@thads/contracts';
import { HealthRegistry } from '@thads/platform';
import { dayFromIso } from '@thads/rules';
import { DisciplineModule } from '../services/discipline/src/app.module';
import { loadDisciplineConfig, type DisciplineConfig } from '../services/discipline/src/config';
import { newNonce, receiptFor } from '../services/discipline/src/domain';
import type { ProceedingDoc } from '../services/discipline/src/proceedings/proceeding-record';
import { dropNamespace, infra, namespace, openDb, publishRegistry, registryEvent, waitFor } from './support/harness';

const SECRET = '34'.repeat(32);

/** Every line any part of the service logs, to look for what must never be logged. */
class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];
  private keep(...parts: unknown[]): void {
    this.lines.push(parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' '));
  }
  log(...p: unknown[]): void {
    this.keep(...p);
  }
  error(...p: unknown[]): void {
    this.keep(...p);
  }
  warn(...p: unknown[]): void {
    this.keep(...p);
  }
  debug(...p: unknown[]): void {
    this.keep(...p);
  }
  verbose(...p: unknown[]): void {
    this.keep(...p);
  }
}

/** A proceeding whose council (H1 chair, X2, C1) has met: round 1 is next. */
function metProceeding(): ProceedingDoc {
  const day = dayFromIso;
  return {
    _id: 'DP-B',
    version: 5,
    officerId: 'S',
    unitId: 'DT-KV01',
    status: 'met',
    proceeding: {
      proceedingId: 'DP-B',
      subject: { officerId: 'S', unitId: 'DT-KV01', employment: 'civil_servant', position: 'staff' },
      status: 'met',
      openedOn: day('2026-12-01'),
      findings: [
        { findingId: 'FB', factsOn: day('2025-09-10'), discoveredOn: day('2026-12-01'), breachClass: 'other' },
      ],
      timeBarred: [],
      exclusions: [],
      council: { chair: 'H1', member_1: 'X2', member_2: 'C1' },
      councilFormedOn: day('2026-12-01'),
      everSat: ['H1', 'X2', 'C1'],
      calls: [{ summonedOn: day('2026-12-01'), meetingOn: day('2026-12-08'), subject: 'present' }],
      metOn: day('2026-12-08'),
      rounds: [],
    },
    findings: [
      {
        findingId: 'FB',
        ruleId: 'payout-overdue',
        ruleVersion: 1,
        severity: 'high',
        title: { vi: 'Chậm chi trả', en: 'Late payout' },
        detectedAt: '2025-09-10T10:00:00+07:00',
        referralEventId: 'inspection.referred:FB:r4',
        referredAt: '2026-12-01T02:00:00.000Z',
        referredBy: 'sup',
        target: 'discipline_committee',
        note: 'n',
        conclusion: {
          result: 'substantiated',
          reasoning: 'r',
          truePositive: true,
          by: 'insp',
          at: '2026-12-01T02:00:00.000Z',
        },
      },
    ],
    recusals: [],
    submissions: [],
    openedAt: '2026-12-01T02:00:00.000Z',
    updatedAt: '2026-12-08T02:00:00.000Z',
    pending: [],
    unsent: false,
  };
}

/**
 * ballot.ts's rules for the service: a round is served by the one process that opened it (a
 * lease in Redis; another instance refuses casts for it), nothing of an open round reaches the
 * store, the audit trail or a log, and after the serving process stops the round is opened
 * again, empty, elsewhere — the members send their ballots again and the round is sealed once.
 */
describe('ballot rounds: one serving process, nothing of an open round written or logged', () => {
  const ns = namespace();
  const db = `${ns.db}_discipline`;
  const signer = new TokenSigner(Buffer.from(SECRET, 'hex'));
  const token = (sub: string, officerId: string, roles: ('committee_chair' | 'committee_member')[]) =>
    signer.sign({ sub, roles, unitId: 'DT-KV01', officerId }).token;
  const members = {
    chair: token('chair', 'H1', ['committee_chair']),
    x2: token('x2', 'X2', ['committee_member']),
    clerk: token('clerk', 'C1', ['committee_member']),
  };
  const logs = [new RecordingLogger(), new RecordingLogger()];
  const config: DisciplineConfig = {
    ...loadDisciplineConfig({}),
    kafkaBrokers: infra.brokers,
    mongoUrl: infra.mongoUrl,
    redisUrl: infra.redisUrl,
    topicPrefix: ns.topicPrefix,
    groupId: `it-${ns.id}-discipline`,
    mongoDb: db,
    queuePrefix: ns.queuePrefix,
    tokenSecret: SECRET,
  };
  const apps: (INestApplication | undefined)[] = [undefined, undefined];
  const bases: string[] = [];

  const start = async (i: number) => {
    const app = await NestFactory.create(DisciplineModule.forRoot(config), { logger: logs[i]! });
    await app.listen(0, '127.0.0.1');
    bases[i] = `http://127.0.0.1:${(app.getHttpServer() as { address(): AddressInfo }).address().port}`;
    const health = app.get(HealthRegistry);
    await waitFor(`instance ${i} up`, () => health.snapshot().status === 'up', 120_000);
    apps[i] = app;
  };
  const call = async (i: number, method: string, path: string, who: keyof typeof members, body?: unknown) => {
    const res = await fetch(`${bases[i]}/api/discipline/proceedings/DP-B${path}`, {
      method,
      headers: { authorization: `Bearer ${members[who]}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const storeHolds = async () => {
    const { db: d, close } = await openDb({ ...ns, db });
    const [ballots, participations, audit] = await Promise.all([
      d.collection('ballots').find().toArray(),
      d.collection('ballot_participations').find().toArray(),
      d.collection('audit_trail').find().toArray(),
    ]);
    await close();
    return { ballots, participations, audit: JSON.stringify(audit) };
  };

  beforeAll(async () => {
    const officer = (officerId: string, role: string) =>
      registryEvent(`ro-${officerId}`, 'registry.officer', {
        officerId,
        unitId: 'DT-KV01',
        name: officerId,
        role,
        relatedPartyIds: [],
        bankAccountHashes: [],
      });
    await publishRegistry(ns, [
      registryEvent('r1', 'registry.unit', { unitId: 'DT', name: 'Tỉnh', level: 'province' }),
      registryEvent('r2', 'registry.unit', { unitId: 'DT-KV01', name: 'KV01', level: 'district', parentUnitId: 'DT' }),
      officer('S', 'enforcement_officer'),
      officer('H1', 'head'),
      officer('X2', 'inspector'),
      officer('C1', 'clerk'),
    ] as AnyEvent[]);
    const { db: d, close } = await openDb({ ...ns, db });
    await d.collection('proceedings').insertOne(metProceeding() as never);
    await close();
    await start(0);
    await start(1);
  }, 240_000);

  afterAll(async () => {
    for (const app of apps) await app?.close();
    await dropNamespace(ns);
    await dropNamespace({ ...ns, db });
  });

  it('is served by the instance that opened it, loses an open round with it, and is sealed once elsewhere', async () => {
    const roundId = 'DP-B-r1';
    const ballot = (choice: string) => {
      const receipt = receiptFor({ roundId, choice, nonce: newNonce() });
      return { choice, receipt };
    };
    expect((await call(0, 'POST', '/rounds', 'chair')).body).toMatchObject({ roundId, question: 'discipline' });
    // The other instance neither opens it nor takes its ballots.
    expect((await call(1, 'POST', '/rounds', 'chair')).body['code']).toBe('ROUND_HELD_ELSEWHERE');
    const sent = [ballot('discipline'), ballot('no_discipline')];
    expect((await call(1, 'POST', `/rounds/${roundId}/ballots`, 'chair', sent[0])).body['code']).toBe(
      'ROUND_HELD_ELSEWHERE',
    );
    expect((await call(0, 'POST', `/rounds/${roundId}/ballots`, 'chair', sent[0])).status).toBe(202);
    expect((await call(0, 'POST', `/rounds/${roundId}/ballots`, 'x2', sent[1])).status).toBe(202);
    // Two of three have voted: nothing of the round is in the store or the audit trail.
    const open = await storeHolds();
    expect(open.ballots).toEqual([]);
    expect(open.participations).toEqual([]);
    for (const b of sent) expect(open.audit).not.toContain(b.receipt);

    // The serving instance stops: its box is gone, its lease given back.
    await apps[0]!.close();
    apps[0] = undefined;
    expect((await call(1, 'POST', '/rounds', 'chair')).body).toMatchObject({ roundId });
    // The members' clients send their ballots again (with the nonces they kept), the third member votes.
    expect((await call(1, 'POST', `/rounds/${roundId}/ballots`, 'chair', sent[0])).status).toBe(202);
    expect((await call(1, 'POST', `/rounds/${roundId}/ballots`, 'x2', sent[1])).status).toBe(202);
    const third = ballot('discipline');
    expect((await call(1, 'POST', `/rounds/${roundId}/ballots`, 'clerk', third)).status).toBe(202);

    const sealed = await call(1, 'GET', `/rounds/${roundId}`, 'chair');
    expect(sealed.body).toMatchObject({
      seal: { tally: { discipline: 2, no_discipline: 1, abstain: 0 }, result: { outcome: 'discipline' } },
      recount: { ok: true },
    });
    const after = await storeHolds();
    expect(after.ballots.map((b) => String(b['receipt'])).sort()).toEqual(
      [...sent, third].map((b) => b.receipt).sort(),
    );
    expect(after.participations.map((p) => String(p['officerId'])).sort()).toEqual(['C1', 'H1', 'X2']);

    // Neither instance logged a ballot: no receipt, and no choice next to a cast.
    const lines = logs.flatMap((l) => l.lines);
    expect(lines.length).toBeGreaterThan(0);
    for (const b of [...sent, third]) expect(lines.join('\n')).not.toContain(b.receipt);
    expect(lines.filter((l) => l.includes('/ballots') && /no_discipline|"discipline"/.test(l))).toEqual([]);
  });
});
