import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { TokenSigner, type Role } from '@thads/auth';
import type { AnyEvent } from '@thads/contracts';
import { HealthRegistry } from '@thads/platform';
import { dayFromIso, isoFromDay } from '@thads/rules';
import { DisciplineModule } from '../services/discipline/src/app.module';
import type { Proceeding } from '../services/discipline/src/domain';
import type { ProceedingDoc } from '../services/discipline/src/proceedings/proceeding-record';
import { STEP_KINDS, type StepKind } from '../services/discipline/src/proceedings/step-rules';
import {
  disciplineConfig,
  dropNamespace,
  namespace,
  openDb,
  publishRegistry,
  registryEvent,
  waitFor,
} from './support/harness';

const SECRET = 'ab'.repeat(32);

/**
 * The steps a proceeding's answer lists (`allowedSteps`) are the ones its endpoints accept: for
 * each caller — the chair of the council (head of the disciplining authority), a member, the
 * subject, and a deputy head of the authority who declared a relation to the subject (concerned)
 * — in each state, every step is tried on a fresh copy of the proceeding, right after reading
 * what it lists, with a request the step accepts: a step listed succeeds, a step not listed is
 * refused.
 */
const today = isoFromDay(
  dayFromIso(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date())),
);
const day = (offset: number) => isoFromDay(dayFromIso(today) + offset);
/** A working day (Monday to Friday) at least four weeks away: a meeting day every summons accepts. */
function farMeetingDay(): string {
  for (let n = 28; ; n += 1) {
    const weekday = new Date(`${day(n)}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) return day(n);
  }
}

const CALLERS = {
  chair: { sub: 'u-h1', roles: ['committee_chair'] as Role[], unitId: 'DT-KV01', officerId: 'H1' },
  member: { sub: 'u-c1', roles: ['committee_member'] as Role[], unitId: 'DT-KV01', officerId: 'C1' },
  subject: { sub: 'u-s', roles: ['inspector'] as Role[], unitId: 'DT-KV01', officerId: 'S' },
  concerned: { sub: 'u-d1', roles: ['committee_chair'] as Role[], unitId: 'DT-KV01', officerId: 'D1' },
};
type Caller = keyof typeof CALLERS;

const STEP_REQUEST: Record<StepKind, { path: string; body?: unknown }> = {
  formCouncil: { path: 'council', body: { chair: 'H1', members: ['X2', 'C1'] } },
  recheckCouncil: { path: 'council/recheck', body: {} },
  extend: { path: 'extension', body: { reason: 'Vụ việc phức tạp' } },
  exclude: { path: 'exclusions', body: { kind: 'illness', from: today, to: today } },
  decide: { path: 'decision', body: { outcome: 'not_disciplined', reason: 'Đã khắc phục' } },
  serve: { path: 'decision/service', body: { servedOn: today } },
  investigators: { path: 'investigators', body: { signs: ['embezzlement'], note: 'Dấu hiệu tham ô' } },
  summon: { path: 'summons', body: { meetingOn: farMeetingDay(), previous: 'absent_with_valid_reason' } },
  meet: { path: 'meeting', body: { present: ['H1', 'X2', 'C1'], subject: 'present' } },
  openRound: { path: 'rounds' },
  vote: { path: 'rounds/DP-A-r1/ballots', body: { choice: 'abstain', receipt: '' } },
  recommend: { path: 'recommendation' },
  respond: { path: 'responses', body: { text: 'Bản giải trình' } },
  appeal: { path: 'appeal', body: { grounds: 'Quyết định chưa đúng' } },
  designateReviewer: { path: 'appeal/reviewer', body: { reviewerId: 'R1' } },
  resolveAppeal: { path: 'appeal/result', body: { result: 'upheld', reasoning: 'Đúng quy định' } },
};

const COUNCIL = { chair: 'H1', member_1: 'X2', member_2: 'C1' };
const STATES: Record<string, Partial<Proceeding>> = {
  opened: { status: 'opened', council: undefined, councilFormedOn: undefined, everSat: [] },
  council_formed: { status: 'council_formed' },
  // Summoned for today: the meeting can be held, and the subject's response is too late.
  summoned: { status: 'summoned', calls: [{ summonedOn: dayFromIso(day(-10)), meetingOn: dayFromIso(today) }] },
  met: {
    status: 'met',
    calls: [{ summonedOn: dayFromIso(day(-10)), meetingOn: dayFromIso(today), subject: 'present' }],
    metOn: dayFromIso(today),
  },
  decided: {
    status: 'decided',
    calls: [{ summonedOn: dayFromIso(day(-10)), meetingOn: dayFromIso(day(-3)), subject: 'present' }],
    metOn: dayFromIso(day(-3)),
    decision: { on: dayFromIso(today), outcome: { kind: 'disciplined', form: 'reprimand' }, by: 'H1' },
  },
};

function seeded(state: Partial<Proceeding>): ProceedingDoc {
  const d = dayFromIso;
  const proceeding: Proceeding = {
    proceedingId: 'DP-A',
    subject: { officerId: 'S', unitId: 'DT-KV01', employment: 'civil_servant', position: 'staff' },
    status: 'council_formed',
    openedOn: d(day(-1)),
    findings: [{ findingId: 'FA', factsOn: d('2025-09-10'), discoveredOn: d(day(-1)), breachClass: 'other' }],
    timeBarred: [],
    exclusions: [],
    council: COUNCIL,
    councilFormedOn: d(day(-1)),
    everSat: ['H1', 'X2', 'C1'],
    calls: [],
    rounds: [],
    ...state,
  };
  return {
    _id: 'DP-A',
    version: 2,
    officerId: 'S',
    unitId: 'DT-KV01',
    status: proceeding.status,
    proceeding,
    findings: [
      {
        findingId: 'FA',
        ruleId: 'payout-overdue',
        ruleVersion: 1,
        severity: 'high',
        title: { vi: 'Chậm chi trả', en: 'Late payout' },
        detectedAt: '2025-09-10T10:00:00+07:00',
        referralEventId: 'inspection.referred:FA:r1',
        referredAt: `${day(-1)}T02:00:00.000Z`,
        referredBy: 'sup',
        target: 'discipline_committee',
        note: 'n',
        conclusion: {
          result: 'substantiated',
          reasoning: 'r',
          truePositive: true,
          by: 'insp',
          at: `${day(-1)}T02:00:00.000Z`,
        },
      },
    ],
    recusals: [],
    submissions: [],
    openedAt: `${day(-1)}T02:00:00.000Z`,
    updatedAt: `${day(-1)}T02:00:00.000Z`,
    pending: [],
    unsent: false,
  };
}

describe('the steps a proceeding lists for its caller are the ones its endpoints accept', () => {
  const ns = namespace();
  const config = disciplineConfig(ns, SECRET);
  let app: INestApplication;
  let base = '';
  const signer = new TokenSigner(Buffer.from(SECRET, 'hex'));
  const token = (who: Caller) => signer.sign(CALLERS[who]).token;
  const call = async (who: Caller, method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${base}/api/discipline/proceedings/DP-A${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token(who)}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
  let store: Awaited<ReturnType<typeof openDb>>;
  const reset = async (state: Partial<Proceeding>) => {
    await store.db.collection('proceedings').replaceOne({ _id: 'DP-A' as never }, seeded(state), { upsert: true });
    // Rewound to an earlier version: its claims go too, or the next step finds its version taken (ADR 0012).
    await store.db.collection('proceeding_versions').deleteMany({});
  };

  beforeAll(async () => {
    const officer = (officerId: string, unitId: string, role: string, related: string[] = []) =>
      registryEvent(`ro-${officerId}`, 'registry.officer', {
        officerId,
        unitId,
        name: officerId,
        role,
        relatedPartyIds: related,
        bankAccountHashes: [],
      });
    await publishRegistry(ns, [
      registryEvent('r1', 'registry.unit', { unitId: 'DT', name: 'Tỉnh', level: 'province' }),
      registryEvent('r2', 'registry.unit', { unitId: 'DT-KV01', name: 'KV01', level: 'district', parentUnitId: 'DT' }),
      officer('S', 'DT-KV01', 'enforcement_officer'),
      officer('H1', 'DT-KV01', 'head'),
      officer('C1', 'DT-KV01', 'clerk'),
      officer('X2', 'DT-KV01', 'inspector'),
      // A deputy head of the authority, who declared a relation to the subject: concerned.
      officer('D1', 'DT-KV01', 'deputy_head', ['S']),
    ] as AnyEvent[]);
    store = await openDb({ ...ns, db: config.mongoDb });
    app = await NestFactory.create(DisciplineModule.forRoot(config), { logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer() as { address(): AddressInfo }).address().port}`;
    const health = app.get(HealthRegistry);
    await waitFor('the discipline service to be up', () => health.snapshot().status === 'up', 120_000);
  }, 180_000);

  afterAll(async () => {
    await store.close();
    await app.close();
    await dropNamespace(ns);
    await dropNamespace({ ...ns, db: config.mongoDb });
  });

  const listed: Record<string, Record<Caller, StepKind[]>> = {};

  it.each(Object.keys(STATES))('%s: every step listed succeeds and every other is refused', async (state) => {
    const mismatches: string[] = [];
    listed[state] = { chair: [], member: [], subject: [], concerned: [] };
    for (const who of Object.keys(CALLERS) as Caller[]) {
      for (const step of STEP_KINDS) {
        await reset(STATES[state]!);
        const read = await call(who, 'GET', '');
        expect(read.status).toBe(200);
        const allowed = read.body['allowedSteps'] as StepKind[];
        const { path, body } = STEP_REQUEST[step];
        // Each member's own receipt (a receipt is in the box once).
        if (step === 'vote')
          (body as { receipt: string }).receipt = CALLERS[who].sub.charCodeAt(2).toString(16).repeat(32);
        const res = await call(who, 'POST', `/${path}`, body);
        const ok = res.status >= 200 && res.status < 300;
        if (ok !== allowed.includes(step))
          mismatches.push(
            `${who} ${step}: ${allowed.includes(step) ? 'listed' : 'not listed'}, answered ${res.status} ${JSON.stringify(res.body['code'] ?? '')}`,
          );
        const mine = listed[state][who];
        if (allowed.includes(step) && !mine.includes(step)) mine.push(step);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("lists what each caller's part allows, and nothing to whoever is concerned", () => {
    expect(listed['opened']!.chair).toEqual(['formCouncil', 'extend', 'exclude', 'investigators']);
    expect(listed['council_formed']!.chair).toEqual(['recheckCouncil', 'extend', 'exclude', 'investigators', 'summon']);
    expect(listed['summoned']!.chair).toEqual(expect.arrayContaining(['recheckCouncil', 'summon', 'meet']));
    // The chair opens round 1 after the meeting; once open, the chair and the members vote.
    expect(listed['met']!.chair).toEqual(expect.arrayContaining(['openRound', 'vote']));
    expect(listed['met']!.member).toEqual(['vote']);
    expect(listed['decided']!.chair).toEqual(['serve']);
    // The subject responds until the meeting day, and appeals a decision that disciplines.
    expect(listed['council_formed']!.subject).toEqual(['respond']);
    expect(listed['summoned']!.subject).toEqual([]);
    expect(listed['decided']!.subject).toEqual(['appeal']);
    for (const state of Object.keys(STATES)) expect(listed[state]!.concerned).toEqual([]);
    expect(listed['council_formed']!.member).toEqual([]);
  });

  it('answers a member between rounds that no round is open, not 404', async () => {
    await reset(STATES['decided']!);
    expect(await call('member', 'GET', '/rounds/open')).toEqual({ status: 200, body: { open: false } });
  });
});
