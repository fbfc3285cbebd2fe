import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { parseInspectionEvent, type FindingMessage } from '@thads/contracts';
import { KafkaBus } from '@thads/messaging';
import { InspectionModule } from '../services/inspection/src/app.module';
import { hashPassword } from '../services/inspection/src/identity/password';
import {
  busFor,
  dropNamespace,
  inspectionConfig,
  namespace,
  openDb,
  waitFor,
  seedUnits,
  registryViewReady,
} from './support/harness';

function finding(id: string, unitId: string, severity: FindingMessage['severity']): FindingMessage {
  return {
    findingId: id,
    ruleId: 'payout-overdue',
    ruleVersion: 1,
    severity,
    status: 'open',
    unitId,
    caseId: `C-${id}`,
    officerId: `${unitId}-O01`,
    detectedAt: '2025-03-14T00:00:00+07:00',
    title: { vi: 'Chậm chi trả', en: 'Late payout' },
    explanation: { vi: '…', en: '…' },
    legalBasis: 'Luật THADS, Điều 47',
    evidence: { eventIds: [`C-${id}-5`], figures: { outstanding: 5_000_000 } },
  };
}

describe('inspection API: findings by unit scope and their lifecycle (HTTP)', () => {
  const ns = namespace();
  let app: INestApplication;
  let bus: KafkaBus;
  let base = '';
  const tokens: Record<string, string> = {};

  const call = async (method: string, path: string, who?: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
  };

  beforeAll(async () => {
    const { db, close } = await openDb(ns);
    // The registry as the detector stores it, and two findings as it stores and publishes them.
    await seedUnits(ns);
    const fs = [finding('F1', 'DT-KV01', 'high'), finding('F2', 'DT-KV02', 'critical')];
    await db
      .collection('findings')
      .insertMany(fs.map((f) => ({ ...f, _id: f.findingId, createdAt: new Date() })) as never[]);
    const hash = await hashPassword('mật khẩu đủ dài 2026');
    const user = (id: string, roles: string[], unitId: string) => ({
      _id: id,
      passwordHash: hash,
      roles,
      unitId,
      mustChangePassword: false,
      signIn: { failures: [] },
      createdAt: new Date(),
    });
    await db
      .collection('users')
      .insertMany([
        user('sup', ['inspection_supervisor'], 'DT'),
        user('insp0', ['inspector'], 'DT'),
        user('insp1', ['inspector'], 'DT-KV01'),
        user('lead2', ['leadership'], 'DT-KV02'),
      ] as never[]);
    await close();

    app = await NestFactory.create(
      InspectionModule.forRoot(inspectionConfig(ns), { announceFirstAdmin: () => undefined }),
      { logger: ['error'] },
    );
    await app.listen(0, '127.0.0.1');
    await registryViewReady(app);
    base = `http://127.0.0.1:${(app.getHttpServer() as { address(): AddressInfo }).address().port}`;
    bus = busFor(ns);
    await bus.publish(
      'Findings',
      fs.map((f) => ({ key: f.findingId, value: f })),
    );
    for (const who of ['sup', 'insp0', 'insp1', 'lead2']) {
      const r = await waitFor(`sign-in of ${who}`, async () => {
        const res = await call('POST', '/api/auth/sign-in', undefined, {
          username: who,
          password: 'mật khẩu đủ dài 2026',
        });
        return res.status === 200 ? res : undefined;
      });
      tokens[who] = String(r.body['accessToken']);
    }
    await waitFor(
      'two tasks from the findings topic',
      async () => (await call('GET', '/api/findings', 'sup')).body['total'] === 2,
    );
    // insp1 belongs to DT-KV01, the unit of F1: both findings go to the provincial inspector.
    await waitFor('both findings assigned', async () => {
      const items = (await call('GET', '/api/findings', 'sup')).body['items'] as { assignee?: string }[];
      return items.every((t) => t.assignee === 'insp0');
    });
  }, 120_000);

  afterAll(async () => {
    await bus.disconnect();
    await app.close();
    await dropNamespace(ns);
  });

  it("lists findings within the caller's units, filtered and paged; a unit out of scope is 403, a finding 404; a bad filter is 400 naming it", async () => {
    const all = await call('GET', '/api/findings', 'sup');
    expect((all.body['items'] as { findingId: string }[]).map((t) => t.findingId).sort()).toEqual(['F1', 'F2']);
    const own = await call('GET', '/api/findings', 'insp1');
    expect((own.body['items'] as { findingId: string }[]).map((t) => t.findingId)).toEqual(['F1']);
    expect((await call('GET', '/api/findings?unit=DT-KV01', 'lead2')).status).toBe(403);
    // A finding of another unit is answered as one that does not exist (the refusal is audited all the same).
    expect((await call('GET', '/api/findings/F1', 'lead2')).status).toBe(404);
    const critical = await call('GET', '/api/findings?severity=critical', 'sup');
    expect((critical.body['items'] as { findingId: string }[]).map((t) => t.findingId)).toEqual(['F2']);
    const paged = await call('GET', '/api/findings?pageSize=1&page=2', 'sup');
    expect([paged.body['total'], (paged.body['items'] as unknown[]).length, paged.body['page']]).toEqual([2, 1, 2]);
    const bad = await call('GET', '/api/findings?severity=huge', 'sup');
    expect([bad.status, bad.body['field']]).toEqual([400, 'severity']);
    const one = await call('GET', '/api/findings/F1', 'insp1');
    expect((one.body['finding'] as { legalBasis: string }).legalBasis).toBe('Luật THADS, Điều 47');
    expect(one.body['allowedNext']).toEqual(['triaged', 'dismissed']);
  });

  it('moves a finding through its lifecycle with the right roles, refuses illegal moves with 409 and the allowed states, publishes each status', async () => {
    expect((await call('POST', '/api/findings/F1/transitions', 'insp1', { to: 'triaged' })).status).toBe(403);
    expect((await call('POST', '/api/findings/F1/transitions', 'sup', { to: 'triaged' })).status).toBe(200);
    const illegal = await call('POST', '/api/findings/F1/transitions', 'sup', { to: 'closed' });
    expect([illegal.status, (illegal.body['details'] as { allowedNext: string[] }).allowedNext]).toEqual([
      409,
      ['under_inspection', 'dismissed'],
    ]);
    // insp1 works in DT-KV01, the unit F1 is about: the unit concerned never acts on its own finding.
    const notTheirs = await call('POST', '/api/findings/F1/transitions', 'insp1', { to: 'under_inspection' });
    expect([notTheirs.status, (notTheirs.body['message'] as { en: string }).en]).toEqual([
      403,
      'you may not act on finding F1: you belong to DT-KV01, the unit concerned',
    ]);
    expect((await call('POST', '/api/findings/F1/transitions', 'insp0', { to: 'under_inspection' })).status).toBe(200);
    const noFlag = await call('POST', '/api/findings/F1/transitions', 'insp0', {
      to: 'concluded',
      result: 'substantiated',
      reasoning: 'receipt BL-1 never paid out',
    });
    expect([noFlag.status, noFlag.body['field']]).toEqual([400, 'truePositive']);
    expect(
      (
        await call('POST', '/api/findings/F1/transitions', 'insp0', {
          to: 'concluded',
          result: 'substantiated',
          reasoning: 'receipt BL-1 never paid out',
          truePositive: true,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call('POST', '/api/findings/F1/transitions', 'sup', {
          to: 'referred',
          target: 'discipline_committee',
          note: 'art. 47 breach',
        })
      ).body['status'],
    ).toBe('referred');
    expect((await call('POST', '/api/findings/F1/transitions', 'sup', { to: 'closed' })).status).toBe(409);

    const task = await call('GET', '/api/findings/F1', 'sup');
    expect((task.body['finding'] as { conclusion: { truePositive: boolean; by: string } }).conclusion).toMatchObject({
      truePositive: true,
      by: 'insp0',
    });
    const tail = await bus.tail('Findings', `it-${ns.id}-status-reader`);
    try {
      // A message may appear twice (a producer retry: the contract lets consumers take the latest
      // per id), so the check is on the sequence of changes.
      const statuses = await waitFor('the status changes on the findings topic', () => {
        const s = tail.messages
          .filter((m) => m.key === 'F1')
          .map((m) => m.value.status)
          .filter((x, i, all) => i === 0 || all[i - 1] !== x);
        return s.length >= 5 ? s : undefined;
      });
      expect(statuses).toEqual(['open', 'triaged', 'under_inspection', 'concluded', 'referred']);
    } finally {
      await tail.stop();
    }

    // The outcome, for the services that act on it: the conclusion and the referral, each valid
    // under the contract, keyed by the officer concerned.
    const decided = await bus.tail('Inspections', `it-${ns.id}-inspections-reader`);
    try {
      const events = await waitFor('the conclusion and referral on the inspections topic', () => {
        const mine = decided.messages.filter((m) => m.value.finding.findingId === 'F1');
        return mine.length >= 2 ? mine : undefined;
      });
      expect(events.map((m) => parseInspectionEvent(m.value).ok)).toEqual([true, true]);
      expect(events.map((m) => [m.key, m.value.type])).toEqual([
        ['DT-KV01-O01', 'inspection.concluded'],
        ['DT-KV01-O01', 'inspection.referred'],
      ]);
      expect(events[1]!.value).toMatchObject({
        unitId: 'DT-KV01',
        data: {
          target: 'discipline_committee',
          note: 'art. 47 breach',
          by: 'sup',
          conclusion: { result: 'substantiated', truePositive: true, by: 'insp0' },
          // What the subject of the proceeding may read (no denouncer field ever goes on the topic).
          evidence: { eventIds: ['C-F1-5'], figures: { outstanding: 5_000_000 } },
          legalBasis: 'Luật THADS, Điều 47',
        },
      });
    } finally {
      await decided.stop();
    }
  });

  it('keeps a status change against a late re-publish of the raised finding: the highest revision wins', async () => {
    // The detector may publish a raised finding again after a restart (its outbox), long after
    // the workflow has moved it on: revision 0 again, status open.
    await bus.publish('Findings', [{ key: 'F1', value: { ...finding('F1', 'DT-KV01', 'high'), revision: 0 } }]);
    await waitFor(
      'the inspection service to read it',
      async () => (await bus.lag(`it-${ns.id}-inspection`, ['Findings'])) === 0,
    );
    const f1 = (await call('GET', '/api/findings/F1', 'sup')).body['finding'] as { status: string; revision: number };
    expect(f1).toMatchObject({ status: 'referred', revision: 4 });

    // A consumer of the topic that keeps the highest revision per finding sees the latest state.
    const tail = await bus.tail('Findings', `it-${ns.id}-revision-reader`);
    try {
      const latest = await waitFor('every F1 message, the re-publish included', () => {
        const ms = tail.messages.filter((m) => m.key === 'F1');
        return ms.length >= 6 ? ms : undefined;
      });
      expect(latest.at(-1)!.value).toMatchObject({ status: 'open', revision: 0 }); // the latest offset is stale
      const highest = latest.reduce((best, m) => ((m.value.revision ?? 0) > (best.value.revision ?? 0) ? m : best));
      expect(highest.value).toMatchObject({ status: 'referred', revision: 4 });
    } finally {
      await tail.stop();
    }
  });

  it('audits every assignment, refusal and move', async () => {
    // Two assignments, four refusals (lead2 out of scope twice, insp1 twice: each is audited, the 404
    // that hides a finding of another unit too), four
    // moves and the two moves the lifecycle refused (409, audited too).
    const { db, close } = await openDb(ns);
    const actions = (await db.collection('audit_trail').find({}).toArray()).map((e) => String(e['action'])).sort();
    await close();
    expect(actions).toEqual([
      'access.denied',
      'access.denied',
      'access.denied',
      'access.denied',
      'finding.transition',
      'finding.transition',
      'finding.transition',
      'finding.transition',
      'inspection.assigned',
      'inspection.assigned',
      'request.refused',
      'request.refused',
    ]);
    const verify = await call('GET', '/api/audit/verify', 'sup');
    expect(verify.body).toEqual({ ok: true, entries: 12 });
  });
});
