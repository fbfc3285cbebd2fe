import { NestFactory } from '@nestjs/core';
import type { INestApplication, LoggerService } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { TokenSigner } from '@thads/auth';
import type { AnyEvent } from '@thads/contracts';
import { HealthRegistry } from '@thads/platform';
import { dayFromIso } from '@thads/rules';
import { DisciplineModule } from '../services/discipline/src/app.module';
import { loadDisciplineConfig, type DisciplineConfig } from '../services/discipline/src/config';
import IORedis from 'ioredis';
import { BallotRepository } from '../services/discipline/src/ballot/ballot.repository';
import {
  cast,
  commitmentFor,
  newNonce,
  openBox,
  receiptFor,
  resultOf,
  roundOne,
  sealBox,
  tally,
  type BallotRecord,
  type RoundSeal,
} from '../services/discipline/src/domain';
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
function metProceeding(id = 'DP-B'): ProceedingDoc {
  const day = dayFromIso;
  return {
    _id: id,
    version: 5,
    officerId: 'S',
    unitId: 'DT-KV01',
    status: 'met',
    proceeding: {
      proceedingId: id,
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
  const call = async (
    i: number,
    method: string,
    path: string,
    who: keyof typeof members,
    body?: unknown,
    proceedingId = 'DP-B',
  ) => {
    const res = await fetch(`${bases[i]}/api/discipline/proceedings/${proceedingId}${path}`, {
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

  // Follows the round sealed above.
  it('recounts against the commitment published at the close: ballots, seal and proceeding rewritten together in the store still fail', async () => {
    const roundId = 'DP-B-r1';
    const honest = await call(1, 'GET', `/rounds/${roundId}`, 'chair');
    expect(honest.body).toMatchObject({ recount: { ok: true } });
    const published = honest.body['published'] as string;
    expect(published).toMatch(/^[0-9a-f]{64}$/);

    // An administrator with full store access turns a `no_discipline` into `discipline` and
    // recomputes everything the store keeps of the round so that it agrees with itself.
    const { db: d, close } = await openDb({ ...ns, db });
    try {
      const ballots = d.collection<BallotRecord & { _id: string }>('ballots');
      const victim = await ballots.findOne({ roundId, choice: 'no_discipline' });
      await ballots.replaceOne({ _id: victim!._id }, { ...victim!, choice: 'discipline' });
      const all = (await ballots.find({ roundId }).toArray()).map(({ _id, ...b }) => b);
      const seals = d.collection<RoundSeal & { _id: string }>('ballot_seals');
      const seal = (await seals.findOne({ _id: roundId }))!;
      const counts = tally(seal.choices, all);
      const forged = {
        ...seal,
        tally: counts,
        result: resultOf(seal.question, seal.choices, counts, seal.members.length),
        commitment: commitmentFor({ ...seal, tally: counts }, all),
      };
      await seals.replaceOne({ _id: roundId }, forged);
      const proceedings = d.collection<ProceedingDoc>('proceedings');
      const doc = (await proceedings.findOne({ _id: 'DP-B' }))!;
      const rounds = doc.proceeding.rounds.map((r) =>
        r.roundId === roundId ? { ...r, commitment: forged.commitment } : r,
      );
      await proceedings.replaceOne({ _id: 'DP-B' }, { ...doc, proceeding: { ...doc.proceeding, rounds } });
    } finally {
      await close();
    }

    const forgedRecord = await call(1, 'GET', `/rounds/${roundId}`, 'chair');
    expect(forgedRecord.body).toMatchObject({
      published,
      seal: { tally: { discipline: 3, no_discipline: 0 } },
      recount: { ok: false },
    });
    const problems = (forgedRecord.body['recount'] as { problems: { code: string }[] }).problems;
    expect(problems.map((x) => x.code)).toEqual(['commitment_differs_from_published']);
  });

  it('counts a ballot only on the instance that still holds the round: after the lease lapsed and another took it, the first refuses', async () => {
    const pid = 'DP-C';
    const roundId = `${pid}-r1`;
    {
      const { db: d, close } = await openDb({ ...ns, db });
      await d.collection('proceedings').insertOne(metProceeding(pid) as never);
      await close();
    }
    await start(0);
    const ballot = (choice: string) => ({ choice, receipt: receiptFor({ roundId, choice, nonce: newNonce() }) });
    expect((await call(0, 'POST', '/rounds', 'chair', undefined, pid)).body).toMatchObject({ roundId });
    expect((await call(0, 'POST', `/rounds/${roundId}/ballots`, 'chair', ballot('discipline'), pid)).status).toBe(202);
    // Redis is away longer than the lease: the lease expires, and the round is opened on instance 1.
    const redis = new IORedis(infra.redisUrl, { maxRetriesPerRequest: null });
    try {
      expect(await redis.del(`${ns.queuePrefix}:discipline-round:${roundId}`)).toBe(1);
    } finally {
      redis.disconnect();
    }
    expect((await call(1, 'POST', '/rounds', 'chair', undefined, pid)).body).toMatchObject({ roundId });
    // Instance 0 still has its box in memory, but no longer the round.
    const stale = await call(0, 'POST', `/rounds/${roundId}/ballots`, 'x2', ballot('no_discipline'), pid);
    expect(stale).toMatchObject({ status: 409, body: { code: 'ROUND_HELD_ELSEWHERE' } });
    // The round is voted where it is held, once.
    for (const [who, choice] of [
      ['chair', 'discipline'],
      ['x2', 'discipline'],
      ['clerk', 'abstain'],
    ] as const)
      expect((await call(1, 'POST', `/rounds/${roundId}/ballots`, who, ballot(choice), pid)).status).toBe(202);
    const sealed = await call(1, 'GET', `/rounds/${roundId}`, 'chair', undefined, pid);
    expect(sealed.body).toMatchObject({
      seal: { tally: { discipline: 2, no_discipline: 0, abstain: 1 } },
      recount: { ok: true },
    });
  });

  it('takes the step of a round whose records were written before a crash, instead of opening it again over them', async () => {
    const pid = 'DP-D';
    const roundId = `${pid}-r1`;
    {
      const { db: d, close } = await openDb({ ...ns, db });
      await d.collection('proceedings').insertOne(metProceeding(pid) as never);
      await close();
    }
    // The round was sealed and its records written; the process died before the proceeding took it.
    let box = openBox(roundOne(roundId, ['H1', 'X2', 'C1']));
    for (const [voter, choice] of [
      ['H1', 'discipline'],
      ['X2', 'discipline'],
      ['C1', 'no_discipline'],
    ] as const) {
      const r = cast(box, voter, { choice, receipt: receiptFor({ roundId, choice, nonce: newNonce() }) });
      if (!r.ok) throw new Error(r.message);
      box = r.box;
    }
    const answer = sealBox(box);
    if (!answer.ok) throw new Error('not sealed');
    await apps[1]!.get(BallotRepository).write(pid, answer.sealed);

    // The chair opens "the next round": round 1 is recorded from its records, round 2 opens.
    const opened = await call(1, 'POST', '/rounds', 'chair', undefined, pid);
    expect(opened.body).toMatchObject({ roundId: `${pid}-r2`, question: 'form' });
    const record = await call(1, 'GET', `/rounds/${roundId}`, 'chair', undefined, pid);
    expect(record.body).toMatchObject({
      published: answer.sealed.seal.commitment,
      seal: { tally: { discipline: 2, no_discipline: 1, abstain: 0 } },
      recount: { ok: true },
    });
    const { db: d, close } = await openDb({ ...ns, db });
    const ballots = await d.collection('ballots').countDocuments({ roundId });
    const p = await d.collection<ProceedingDoc>('proceedings').findOne({ _id: pid });
    await close();
    expect(ballots).toBe(3);
    expect(p?.status).toBe('round_1');
  });
});
