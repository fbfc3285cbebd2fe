import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { parseDisciplineEvent, type AnyEvent, type DisciplineEvent } from '@thads/contracts';
import type { KafkaBus, TopicTail } from '@thads/messaging';
import { HealthRegistry } from '@thads/platform';
import { WorkingCalendar, dayFromIso } from '@thads/rules';
import { DisciplineModule } from '../services/discipline/src/app.module';
import { loadDisciplineConfig, type DisciplineConfig } from '../services/discipline/src/config';
import type { Clock } from '../services/discipline/src/core/clock';
import {
  newNonce,
  receiptFor,
  recount,
  verifyReceipt,
  type BallotRecord,
  type MyBallot,
  type SealedRound,
} from '../services/discipline/src/domain';
import {
  busFor,
  dropNamespace,
  infra,
  inspectionConfig,
  namespace,
  openDb,
  publishRegistry,
  registryEvent,
  waitFor,
  type Namespace,
} from './support/harness';
import { InspectionUnderTest, PASSWORD, findingMessage, userDoc } from './support/inspection-client';

const SECRET = 'cd'.repeat(32);

/** A clock both services read and the test moves by hand: the working-day rules without waiting for them. */
class TestClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

function disciplineConfig(ns: Namespace): DisciplineConfig {
  return {
    ...loadDisciplineConfig({}),
    kafkaBrokers: infra.brokers,
    mongoUrl: infra.mongoUrl,
    redisUrl: infra.redisUrl,
    topicPrefix: ns.topicPrefix,
    groupId: `it-${ns.id}-discipline`,
    // Its own store: services never share collections (both keep an `audit_trail`, `org_units`, …).
    mongoDb: `${ns.db}_discipline`,
    queuePrefix: `${ns.queuePrefix}-d`,
    tokenSecret: SECRET,
    httpPort: 0,
  };
}

type Reply = { status: number; body: Record<string, unknown>; text: string; type: string };

const officer = (officerId: string, unitId: string, role: string, name: string, relatedPartyIds: string[] = []) =>
  registryEvent(`ro-${officerId}`, 'registry.officer', {
    officerId,
    unitId,
    name,
    role,
    relatedPartyIds,
    bankAccountHashes: [],
  });

/**
 * Issue 12 end to end over the real stack (Kafka, FerretDB, Redis) and HTTP only: the
 * inspection service concludes a finding about officer S and refers it to the discipline
 * committee; the discipline service opens a proceeding; the authority forms a council, the
 * member related to S is recused automatically and replaced; S is summoned at least 5 working
 * days ahead (a summons too soon is refused naming `meetingOn`); S answers in writing with a
 * document and reads the findings and evidence without any denouncer; the council meets and
 * votes in two secret rounds (each member with their own nonce; receipts verified; the recount
 * matches the published commitment); the chair recommends, the authority decides (a form the
 * regime does not allow is refused), S appeals (a council member as reviewer is refused) and
 * the reviewer changes the form. Every step is on `integrity.discipline.v1`, the audit chain
 * verifies, and no stored ballot names a member. Users sign in on the inspection service,
 * whose tokens carry the officer each user is.
 */
describe('end to end: a referred finding becomes a lawful, recorded discipline outcome', () => {
  const ns = namespace();
  // Monday 7 December 2026, 09:00 in Vietnam.
  const clock = new TestClock(Date.parse('2026-12-07T09:00:00+07:00'));
  let inspection: InspectionUnderTest;
  let discipline: INestApplication;
  let base = '';
  let bus: KafkaBus;
  let tail: TopicTail<'Discipline'>;
  const tokens = new Map<string, string>();

  const token = async (who: string): Promise<string> => {
    const known = tokens.get(who);
    if (known) return known;
    const r = await waitFor(`sign-in of ${who}`, async () => {
      const res = await fetch(`${inspection.base}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: who, password: PASSWORD }),
      });
      return res.status === 200 ? ((await res.json()) as { accessToken: string }) : undefined;
    });
    tokens.set(who, r.accessToken);
    return r.accessToken;
  };

  /** A call to the discipline API as `who` (signed in on the inspection service). */
  const call = async (
    method: string,
    path: string,
    who: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const isBuffer = body instanceof Buffer;
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await token(who)}`,
        ...(isBuffer ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: isBuffer ? body : JSON.stringify(body) }),
    });
    const type = res.headers.get('content-type') ?? '';
    const text = type.startsWith('application/pdf') ? '' : await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text && type.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = {};
    }
    return { status: res.status, body: parsed, text, type };
  };

  const events = (proceedingId: string): DisciplineEvent[] =>
    tail.messages.map((m) => m.value).filter((e) => e.proceedingId === proceedingId);
  const eventOf = async <T extends DisciplineEvent['type']>(proceedingId: string, type: T, n = 1) =>
    waitFor(`${n} × ${type} on the discipline topic`, () => {
      const found = events(proceedingId).filter((e): e is Extract<DisciplineEvent, { type: T }> => e.type === type);
      return found.length >= n ? found[n - 1] : undefined;
    });

  beforeAll(async () => {
    // The registry: the area office KV01 under the province; S the subject (who declared R1),
    // H1 head of KV01 (the authority, chair), R1 and C1 clerks, X2 an inspector of KV01, HP the
    // province's head (the authority above: it designates the appeal's reviewer), IN and SP the
    // province's inspector and supervisor who work the finding, RV a clerk of the province.
    await publishRegistry(ns, [
      registryEvent('ru-dt', 'registry.unit', { unitId: 'DT', name: 'THADS tỉnh Đồng Tháp', level: 'province' }),
      registryEvent('ru-kv01', 'registry.unit', {
        unitId: 'DT-KV01',
        name: 'Phòng THADS khu vực 1',
        level: 'district',
        parentUnitId: 'DT',
      }),
      officer('S', 'DT-KV01', 'enforcement_officer', 'Nguyễn Văn S', ['R1']),
      officer('H1', 'DT-KV01', 'head', 'Trần Thị H'),
      officer('R1', 'DT-KV01', 'clerk', 'Nguyễn Thị R'),
      officer('C1', 'DT-KV01', 'clerk', 'Lê Văn C'),
      officer('X2', 'DT-KV01', 'inspector', 'Phạm Văn X'),
      officer('HP', 'DT', 'head', 'Võ Văn P'),
      officer('IN', 'DT', 'inspector', 'Đặng Văn I'),
      officer('SP', 'DT', 'inspection_supervisor', 'Bùi Thị S'),
      officer('RV', 'DT', 'clerk', 'Hồ Văn V'),
    ] as AnyEvent[]);
    const { db, close } = await openDb(ns);
    await db
      .collection('users')
      .insertMany([
        await userDoc('sup', ['inspection_supervisor'], 'DT', { officerId: 'SP' }),
        await userDoc('insp', ['inspector'], 'DT', { officerId: 'IN' }),
        await userDoc('subject', ['inspector'], 'DT-KV01', { officerId: 'S' }),
        await userDoc('chair', ['committee_chair'], 'DT-KV01', { officerId: 'H1' }),
        await userDoc('related', ['committee_chair', 'committee_member'], 'DT-KV01', { officerId: 'R1' }),
        await userDoc('clerk', ['committee_member'], 'DT-KV01', { officerId: 'C1' }),
        await userDoc('x2', ['committee_member'], 'DT-KV01', { officerId: 'X2' }),
        await userDoc('reviewer', ['leadership'], 'DT', { officerId: 'HP' }),
        await userDoc('rv', ['committee_member'], 'DT', { officerId: 'RV' }),
      ] as never[]);
    await close();
    inspection = await InspectionUnderTest.start({ ...inspectionConfig(ns), tokenSecret: SECRET }, { clock });
    discipline = await NestFactory.create(DisciplineModule.forRoot(disciplineConfig(ns), { clock }), {
      logger: process.env['IT_LOG'] ? ['log', 'warn', 'error'] : ['error'],
    });
    await discipline.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(discipline.getHttpServer() as { address(): AddressInfo }).address().port}`;
    const health = discipline.get(HealthRegistry);
    await waitFor('the discipline service to be up', () => health.snapshot().status === 'up', 120_000);
    bus = busFor(ns);
    tail = await bus.tail('Discipline', `it-${ns.id}-discipline-reader`);
  }, 180_000);

  afterAll(async () => {
    await tail.stop();
    await bus.disconnect();
    await discipline.close();
    await inspection.close();
    await dropNamespace(ns);
    const { db, close } = await openDb({ ...ns, db: `${ns.db}_discipline` });
    await db.dropDatabase();
    await close();
  });

  it('walks every step, publishes each on integrity.discipline.v1 and keeps a verifiable audit chain', async () => {
    // ---- the inspection service concludes the finding about S and refers it -----------------
    // Facts of 10 September 2025: judged under Decree 172/2025 (no salary-step reduction, no demotion).
    await bus.publish('Findings', [
      {
        key: 'F-E2E',
        value: findingMessage('F-E2E', {
          officerId: 'S',
          unitId: 'DT-KV01',
          severity: 'high',
          detectedAt: '2025-09-10T10:00:00+07:00',
          evidence: {
            eventIds: ['C-F-E2E-5'],
            figures: { outstanding: 5_000_000, complaintIds: ['TC-9'], denouncerName: 'Người tố cáo' },
          },
        }),
      },
    ]);
    await waitFor('the inspection assigned', async () => {
      const r = await inspection.call('GET', '/api/findings/F-E2E', 'sup');
      return (r.body['inspection'] as { assignee?: string } | undefined)?.assignee === 'insp';
    });
    const move = async (who: string, body: Record<string, unknown>) =>
      expect((await inspection.call('POST', '/api/findings/F-E2E/transitions', who, body)).status).toBe(200);
    await move('sup', { to: 'triaged' });
    await move('insp', { to: 'under_inspection' });
    await move('insp', {
      to: 'concluded',
      result: 'substantiated',
      reasoning: 'Tiền thu được giữ lại 12 ngày không chi trả',
      truePositive: true,
    });
    await move('sup', { to: 'referred', target: 'discipline_committee', note: 'Đề nghị xem xét kỷ luật' });

    // ---- a proceeding opens ----------------------------------------------------------------
    const pid = 'DP-F-E2E';
    const opened = await eventOf(pid, 'proceeding.opened');
    expect(opened).toMatchObject({
      officerId: 'S',
      unitId: 'DT-KV01',
      data: {
        findingIds: ['F-E2E'],
        regime: 'civil_servant_172_2025',
        factsOn: '2025-09-10',
        discoveredOn: '2026-12-07',
        // 90 days after the discovery (7 March 2027 is a Sunday: the next working day).
        decisionDueOn: '2027-03-08',
        limitationEndsOn: '2035-09-10',
      },
    });
    const first = await call('GET', `/api/discipline/proceedings/${pid}`, 'chair');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      status: 'opened',
      allowedForms: ['reprimand', 'warning', 'dismissal'],
      limits: {
        running: expect.arrayContaining([{ step: 'form_council', dueOn: '2026-12-14', remindOn: '2026-12-11' }]),
      },
    });

    // ---- the council: R1 (related to S) and IN (who inspected) are recused and replaced ----
    expect((await call('POST', `/api/discipline/proceedings/${pid}/council`, 'subject', {})).status).toBe(403);
    const concerned = await call('POST', `/api/discipline/proceedings/${pid}/council`, 'related', {});
    expect(concerned).toMatchObject({ status: 403, body: { code: 'PROCEEDING_CONCERNED' } });
    const formed = await call('POST', `/api/discipline/proceedings/${pid}/council`, 'chair', {
      chair: 'H1',
      members: ['R1', 'IN'],
      alternates: ['SP', 'X2', 'C1'],
    });
    expect(formed.status).toBe(200);
    expect(formed.body).toMatchObject({
      status: 'council_formed',
      council: { chair: { officerId: 'H1' }, member_1: { officerId: 'X2' }, member_2: { officerId: 'C1' } },
      recusals: [
        { seat: 'member_1', officerId: 'R1', grounds: ['declared_relation'], replacedBy: 'X2' },
        { seat: 'member_2', officerId: 'IN', grounds: ['worked_the_matter'], replacedBy: 'C1' },
      ],
    });
    expect((await eventOf(pid, 'council.member_recused')).data).toEqual({
      memberId: 'R1',
      reason: 'declared_relation',
      replacedBy: 'X2',
    });
    expect((await eventOf(pid, 'council.member_recused', 2)).data).toEqual({
      memberId: 'IN',
      reason: 'worked_the_matter',
      replacedBy: 'C1',
    });
    expect((await eventOf(pid, 'council.formed')).data.members).toEqual([
      { officerId: 'H1', seat: 'chair' },
      { officerId: 'X2', seat: 'member' },
      { officerId: 'C1', seat: 'member' },
    ]);

    // ---- the summons, at least 5 working days ahead ----------------------------------------
    const tooSoon = await call('POST', `/api/discipline/proceedings/${pid}/summons`, 'chair', {
      meetingOn: '2026-12-11',
    });
    expect(tooSoon).toMatchObject({
      status: 400,
      body: { code: 'SUMMONS_TOO_LATE', field: 'meetingOn', details: { earliest: '2026-12-14' } },
    });
    const summoned = await call('POST', `/api/discipline/proceedings/${pid}/summons`, 'chair', {
      meetingOn: '2026-12-14',
    });
    expect(summoned.status).toBe(200);
    const summons = await eventOf(pid, 'subject.summoned');
    expect(summons.data).toEqual({ meetingOn: '2026-12-14', summonedOn: '2026-12-07' });
    expect(new WorkingCalendar().addWorkingDays(dayFromIso(summons.data.summonedOn), 5)).toBeLessThanOrEqual(
      dayFromIso(summons.data.meetingOn),
    );

    // ---- S reads what they answer (never a denouncer) and responds in writing ---------------
    const seen = await call('GET', `/api/discipline/proceedings/${pid}`, 'subject');
    expect(seen.status).toBe(200);
    const finding = (seen.body['findings'] as Record<string, unknown>[])[0]!;
    expect(finding).toMatchObject({
      findingId: 'F-E2E',
      legalBasis: 'Luật THADS, Điều 47',
      evidence: { eventIds: ['C-F-E2E-5'], figures: { outstanding: 5_000_000 } },
    });
    expect(seen.text).not.toMatch(/TC-9|Người tố cáo|denouncerName|complaintIds/);
    const upload = await call(
      'POST',
      `/api/discipline/proceedings/${pid}/documents?name=chung-tu.txt`,
      'subject',
      Buffer.from('Phiếu chi PC-12 đã ký ngày 20/9/2025', 'utf8'),
      { 'content-type': 'text/plain' },
    );
    expect(upload.status).toBe(201);
    const responded = await call('POST', `/api/discipline/proceedings/${pid}/responses`, 'subject', {
      text: 'Tôi đã chi trả chậm do chờ xác minh tài khoản của người được thi hành án.',
      documents: [upload.body['sha256']],
    });
    expect(responded.status).toBe(200);
    expect((await eventOf(pid, 'subject.responded')).data).toEqual({ documents: 1 });
    expect((await call('POST', `/api/discipline/proceedings/${pid}/responses`, 'chair', { text: 'x' })).status).toBe(
      403,
    );

    // ---- the meeting, on the day summoned, all three present -------------------------------
    clock.t = Date.parse('2026-12-14T08:30:00+07:00');
    const short = await call('POST', `/api/discipline/proceedings/${pid}/meeting`, 'chair', {
      present: ['H1', 'C1'],
      subject: 'present',
    });
    expect(short).toMatchObject({ status: 409, body: { code: 'COUNCIL_CANNOT_MEET' } });
    const met = await call('POST', `/api/discipline/proceedings/${pid}/meeting`, 'chair', {
      present: ['H1', 'X2', 'C1'],
      subject: 'present',
    });
    expect(met.status).toBe(200);
    expect((await eventOf(pid, 'meeting.held')).data).toEqual({
      heldOn: '2026-12-14',
      subjectPresent: true,
      proceededInAbsence: false,
    });

    // ---- two secret rounds -----------------------------------------------------------------
    const members = { chair: 'H1', x2: 'X2', clerk: 'C1' } as const;
    const kept: Record<string, MyBallot[]> = { chair: [], x2: [], clerk: [] };
    const vote = async (who: keyof typeof members, roundId: string, choice: string) => {
      const mine: MyBallot = { roundId, choice, nonce: newNonce() };
      const r = await call('POST', `/api/discipline/proceedings/${pid}/rounds/${roundId}/ballots`, who, {
        choice,
        receipt: receiptFor(mine),
      });
      expect(r).toMatchObject({ status: 202, body: { accepted: true } });
      // Accepted, and nothing else: not who else has voted, nor how.
      expect(Object.keys(r.body)).toEqual(['accepted']);
      kept[who]!.push(mine);
      return mine;
    };
    const round1 = await call('POST', `/api/discipline/proceedings/${pid}/rounds`, 'chair');
    expect(round1.body).toMatchObject({
      roundId: `${pid}-r1`,
      question: 'discipline',
      choices: ['discipline', 'no_discipline', 'abstain'],
      members: 3,
    });
    expect((await call('GET', `/api/discipline/proceedings/${pid}/rounds/open`, 'clerk')).body['roundId']).toBe(
      `${pid}-r1`,
    );
    const chairBallot = await vote('chair', `${pid}-r1`, 'discipline');
    // The same ballot again is a retry; another one is refused; the subject does not vote.
    expect(
      (
        await call('POST', `/api/discipline/proceedings/${pid}/rounds/${pid}-r1/ballots`, 'chair', {
          choice: 'discipline',
          receipt: receiptFor(chairBallot),
        })
      ).status,
    ).toBe(202);
    const twice = await call('POST', `/api/discipline/proceedings/${pid}/rounds/${pid}-r1/ballots`, 'chair', {
      choice: 'no_discipline',
      receipt: receiptFor({ roundId: `${pid}-r1`, choice: 'no_discipline', nonce: newNonce() }),
    });
    expect(twice).toMatchObject({ status: 409, body: { code: 'BALLOT_REFUSED' } });
    expect(
      (
        await call('POST', `/api/discipline/proceedings/${pid}/rounds/${pid}-r1/ballots`, 'subject', {
          choice: 'no_discipline',
          receipt: 'a'.repeat(64),
        })
      ).status,
    ).toBe(403);
    await vote('x2', `${pid}-r1`, 'discipline');
    // Nothing of an open round is in the store.
    {
      const { db, close } = await openDb({ ...ns, db: `${ns.db}_discipline` });
      expect(await db.collection('ballots').countDocuments()).toBe(0);
      await close();
    }
    await vote('clerk', `${pid}-r1`, 'no_discipline');
    const closed1 = await eventOf(pid, 'ballot.closed');
    expect(closed1.data).toMatchObject({
      round: 1,
      tally: { discipline: 2, no_discipline: 1, abstain: 0 },
      result: 'discipline',
    });

    const round2 = await call('POST', `/api/discipline/proceedings/${pid}/rounds`, 'chair');
    expect(round2.body).toMatchObject({
      roundId: `${pid}-r2`,
      question: 'form',
      choices: ['reprimand', 'warning', 'dismissal', 'abstain'],
    });
    await vote('chair', `${pid}-r2`, 'warning');
    await vote('x2', `${pid}-r2`, 'warning');
    await vote('clerk', `${pid}-r2`, 'reprimand');
    const closed2 = await eventOf(pid, 'ballot.closed', 2);
    expect(closed2.data).toMatchObject({
      round: 2,
      tally: { reprimand: 1, warning: 2, dismissal: 0, abstain: 0 },
      result: 'warning',
    });

    // Each member verifies their receipt with what their client kept; anyone recounts.
    for (const [round, published] of [
      [`${pid}-r1`, closed1.data.commitment],
      [`${pid}-r2`, closed2.data.commitment],
    ] as const) {
      const record = await call('GET', `/api/discipline/proceedings/${pid}/rounds/${round}`, 'subject');
      expect(record.status).toBe(200);
      const ballots = record.body['ballots'] as BallotRecord[];
      for (const who of Object.keys(members))
        for (const mine of kept[who]!.filter((b) => b.roundId === round))
          expect(verifyReceipt(ballots, mine)).toMatchObject({ ok: true });
      expect(record.body).toMatchObject({ published, recount: { ok: true, commitment: published, problems: [] } });
      const counted = recount(record.body as unknown as SealedRound, published);
      expect(counted).toMatchObject({ ok: true, commitment: published });
    }

    // ---- recommendation, decision ------------------------------------------------------------
    const recommended = await call('POST', `/api/discipline/proceedings/${pid}/recommendation`, 'chair');
    expect(recommended.status).toBe(200);
    expect((await eventOf(pid, 'proceeding.recommended')).data).toEqual({ outcome: 'disciplined', form: 'warning' });

    clock.t = Date.parse('2026-12-15T10:00:00+07:00');
    const demotion = await call('POST', `/api/discipline/proceedings/${pid}/decision`, 'chair', {
      outcome: 'disciplined',
      form: 'demotion',
    });
    expect(demotion).toMatchObject({ status: 400, body: { code: 'FORM_NOT_ALLOWED', field: 'form' } });
    const removal = await call('POST', `/api/discipline/proceedings/${pid}/decision`, 'chair', {
      outcome: 'disciplined',
      form: 'removal_from_post',
    });
    expect(removal).toMatchObject({ status: 400, body: { code: 'FORM_NOT_ALLOWED', field: 'form' } });
    const decided = await call('POST', `/api/discipline/proceedings/${pid}/decision`, 'chair', {
      outcome: 'disciplined',
      form: 'warning',
    });
    expect(decided.status).toBe(200);
    expect((await eventOf(pid, 'proceeding.decided')).data).toEqual({
      outcome: 'disciplined',
      form: 'warning',
      findingIds: ['F-E2E'],
      decidedOn: '2026-12-15',
      appealBy: '2026-12-30',
    });

    // ---- the decision is served; the appeal runs 15 days from that day -----------------------
    clock.t = Date.parse('2026-12-21T10:00:00+07:00');
    expect(
      (await call('POST', `/api/discipline/proceedings/${pid}/decision/service`, 'subject', { servedOn: '2026-12-16' }))
        .status,
    ).toBe(403);
    const served = await call('POST', `/api/discipline/proceedings/${pid}/decision/service`, 'chair', {
      servedOn: '2026-12-16',
    });
    expect(served.status).toBe(200);
    expect(served.body['decision']).toMatchObject({ by: 'H1', servedOn: '2026-12-16', appealBy: '2026-12-31' });
    // Published: the last day to appeal replaces proceeding.decided's provisional 30 December.
    const servedEvent = await eventOf(pid, 'proceeding.decision_served');
    expect(servedEvent).toMatchObject({
      eventId: expect.stringMatching(/^proceeding\.decision_served:DP-F-E2E:v\d+$/),
      officerId: 'S',
      unitId: 'DT-KV01',
      data: { servedOn: '2026-12-16', appealBy: '2026-12-31' },
    });

    // ---- the appeal: lodged by the subject, its reviewer designated by the authority above ------
    // 31 December is 16 days after the decision but 15 after the subject received it.
    clock.t = Date.parse('2026-12-31T10:00:00+07:00');
    const lodged = await call('POST', `/api/discipline/proceedings/${pid}/appeal`, 'subject', {
      grounds: 'Hình thức quá nặng so với mức độ vi phạm',
    });
    expect(lodged.status).toBe(200);
    expect(lodged.body).toMatchObject({ status: 'appeal_lodged', appeal: { lodgedOn: '2026-12-31' } });
    expect((lodged.body['appeal'] as Record<string, unknown>)['reviewerId']).toBeUndefined();
    // Nobody below the authority above designates: not the subject, not the authority that decided.
    const designate = (who: string, reviewerId: string) =>
      call('POST', `/api/discipline/proceedings/${pid}/appeal/reviewer`, who, { reviewerId });
    expect((await designate('subject', 'RV')).status).toBe(403);
    expect(await designate('chair', 'RV')).toMatchObject({
      status: 403,
      body: { code: 'NOT_THE_SUPERIOR_AUTHORITY', params: { unitId: 'DT' } },
    });
    const member = await designate('reviewer', 'X2');
    expect(member).toMatchObject({ status: 400, body: { code: 'REVIEWER_CONFLICTED', field: 'reviewerId' } });
    const codesOf = (r: Reply) =>
      ((r.body['details'] as { problems: { code: string }[] }).problems ?? []).map((x) => x.code);
    expect(codesOf(member)).toEqual(['not_of_appeal_authority', 'sat_on_council']);
    expect(codesOf(await designate('reviewer', 'IN'))).toEqual(['worked_the_matter']);
    expect(codesOf(await designate('reviewer', 'H1'))).toEqual([
      'not_of_appeal_authority',
      'sat_on_council',
      'decided',
    ]);
    expect((await designate('reviewer', 'RV')).status).toBe(200);
    expect((await eventOf(pid, 'appeal.lodged')).data).toEqual({
      lodgedOn: '2026-12-31',
      reviewerId: 'RV',
      dueOn: '2027-02-01',
    });
    expect(
      (
        await call('POST', `/api/discipline/proceedings/${pid}/appeal/result`, 'chair', {
          result: 'upheld',
          reasoning: 'x',
        })
      ).body['code'],
    ).toBe('NOT_THE_REVIEWER');

    // S declares a relation to RV: RV may no longer resolve it, and the authority above replaces them.
    await publishRegistry(ns, [
      registryEvent('ro-S-2', 'registry.officer', {
        officerId: 'S',
        unitId: 'DT-KV01',
        name: 'Nguyễn Văn S',
        role: 'enforcement_officer',
        relatedPartyIds: ['R1', 'RV'],
        bankAccountHashes: [],
      }),
    ] as AnyEvent[]);
    await waitFor("S's relation to RV in the discipline service's registry view", async () => {
      const { db, close } = await openDb({ ...ns, db: `${ns.db}_discipline` });
      const s = await db.collection<{ _id: string; relatedPartyIds: string[] }>('org_officers').findOne({ _id: 'S' });
      await close();
      return s?.relatedPartyIds.includes('RV') ? true : undefined;
    });
    // The registry view is read through a copy that lives a second (OrgRepository's cacheMs).
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const stale = await call('POST', `/api/discipline/proceedings/${pid}/appeal/result`, 'rv', {
      result: 'annulled',
      reasoning: 'x',
    });
    expect(stale).toMatchObject({ status: 403, body: { code: 'REVIEWER_NO_LONGER_ELIGIBLE' } });
    expect(codesOf(stale)).toEqual(['declared_relation']);
    expect((await designate('reviewer', 'HP')).status).toBe(200);
    expect((await eventOf(pid, 'appeal.lodged', 2)).data).toEqual({
      lodgedOn: '2026-12-31',
      reviewerId: 'HP',
      dueOn: '2027-02-01',
    });
    clock.t = Date.parse('2027-01-05T10:00:00+07:00');
    const resolved = await call('POST', `/api/discipline/proceedings/${pid}/appeal/result`, 'reviewer', {
      result: 'changed',
      form: 'reprimand',
      reasoning: 'Lần vi phạm đầu, đã khắc phục hậu quả',
    });
    expect(resolved.status).toBe(200);
    expect((await eventOf(pid, 'appeal.resolved')).data).toEqual({
      result: 'changed',
      form: 'reprimand',
      resolvedOn: '2027-01-05',
    });

    // ---- every step on the topic, each valid under the contract, keyed by the subject -------
    const mine = tail.messages.filter((m) => m.value.proceedingId === pid);
    expect(mine.every((m) => m.key === 'S' && parseDisciplineEvent(m.value).ok)).toBe(true);
    expect([...new Set(mine.map((m) => m.value.type))]).toEqual([
      'proceeding.opened',
      'council.member_recused',
      'council.formed',
      'subject.summoned',
      'subject.responded',
      'meeting.held',
      'ballot.closed',
      'proceeding.recommended',
      'proceeding.decided',
      'proceeding.decision_served',
      'appeal.lodged',
      'appeal.resolved',
    ]);

    // ---- the record ---------------------------------------------------------------------------
    const verified = await call('GET', '/api/discipline/audit/verify', 'chair');
    expect(verified.body).toMatchObject({ ok: true });
    expect(Number(verified.body['entries'])).toBeGreaterThanOrEqual(12);

    const { db, close } = await openDb({ ...ns, db: `${ns.db}_discipline` });
    const stored = await db.collection('ballots').find().toArray();
    await close();
    expect(stored).toHaveLength(6);
    for (const b of stored) {
      expect(Object.keys(b).sort()).toEqual(['_id', 'ballotId', 'choice', 'receipt', 'roundId']);
      expect(JSON.stringify(b)).not.toMatch(/H1|X2|C1|chair|clerk|x2/);
    }

    const minutes = await call('GET', `/api/discipline/proceedings/${pid}/minutes`, 'chair');
    expect(minutes.type).toContain('text/html');
    expect(minutes.text).toContain('BIÊN BẢN HỌP HỘI ĐỒNG KỶ LUẬT');
    expect(minutes.text).toContain(closed1.data.commitment);
    expect(minutes.text).toContain('Nguyễn Thị R');
    const pdf = await fetch(`${base}/api/discipline/proceedings/${pid}/minutes?format=pdf`, {
      headers: { authorization: `Bearer ${await token('subject')}` },
    });
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');

    const history = await call('GET', '/api/discipline/officers/S/history', 'reviewer');
    expect(history.body).toMatchObject({
      officerId: 'S',
      name: 'Nguyễn Văn S',
      findings: [
        {
          findingId: 'F-E2E',
          steps: [
            { type: 'inspection.concluded', result: 'substantiated' },
            { type: 'inspection.referred', target: 'discipline_committee' },
          ],
        },
      ],
      proceedings: [
        {
          proceedingId: pid,
          status: 'appeal_resolved',
          decision: { outcome: 'disciplined', form: 'warning' },
          appealResult: 'changed',
        },
      ],
    });
  });
});
