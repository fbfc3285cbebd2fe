import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { ConfigResourceTypes, Kafka } from 'kafkajs';
import { aCase, tick } from '@thads/contracts/testing';
import { TokenSigner, parseTokenSecret, type PrincipalClaims } from '@thads/auth';
import { partitionFor, type KafkaBus, type TopicTail } from '@thads/messaging';
import { WorkingCalendar, changedDays, dayFromIso, dayOf, isoFromDay, weekday, type OfficialYear } from '@thads/rules';
import { DetectorService } from '../services/detector/src/pipeline/detector.service';
import {
  busFor,
  dropNamespace,
  infra,
  namespace,
  openDb,
  publish,
  seedUnits,
  startDetector,
  waitFor,
  type Namespace,
} from './support/harness';

const SECRET = 'ab'.repeat(32);
// An hour, not the usual 15 minutes: a slow run must not see its tokens expire.
const signer = new TokenSigner(parseTokenSecret(SECRET), 3600);
const tokenOf = (claims: PrincipalClaims) => signer.sign(claims).token;
/** An administrator of the province (a root unit: no parent in the registry). */
const ROOT_ADMIN = tokenOf({ sub: 'qt.tinh', roles: ['admin'], unitId: 'DT' });
/** An administrator of an area office. */
const AREA_ADMIN = tokenOf({ sub: 'qt.kv01', roles: ['admin'], unitId: 'DT-KV01' });
const INSPECTOR = tokenOf({ sub: 'kt.an', roles: ['inspector'], unitId: 'DT' });

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(
  base: string,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const vnToday = () => dayOf(Date.now());
const iso = (day: number) => isoFromDay(day);

interface RuleList {
  rootAdministrator: boolean;
  rules: { ruleId: string; versions: { versionId: string; inForce: boolean }[] }[];
}

/**
 * Administrators change the rule book and the calendar through the detector's API, on the real
 * Kafka and FerretDB, with two detector instances in one consumer group: a version added on one
 * takes effect on both, without a restart, for the events from its day on; a day off added to
 * the calendar moves the deadlines both count from then on. What may not change is refused with
 * the field named, and every change is recorded with who, when and why.
 */
describe('the rule book administered through the detector API', () => {
  let ns: Namespace;
  let bus: KafkaBus;
  let a: INestApplication;
  let b: INestApplication;
  let baseA: string;
  let baseB: string;
  let ruleBookTail: TopicTail<'RuleBook'>;
  let calendarTail: TopicTail<'Calendar'>;

  async function listening(app: INestApplication): Promise<string> {
    await app.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${(app.getHttpServer() as { address(): AddressInfo }).address().port}`;
  }

  beforeAll(async () => {
    ns = namespace();
    bus = busFor(ns);
    await bus.connect();
    await bus.ensureTopics();
    await seedUnits(ns);
    a = await startDetector(ns, { tokenSecret: SECRET });
    b = await startDetector(ns, { tokenSecret: SECRET });
    [baseA, baseB] = [await listening(a), await listening(b)];
    // The registry consumer has stored the units: the province's administrator is a root's.
    await waitFor('the units in the detector store', async () => {
      const res = await call(baseB, 'GET', '/api/rules', ROOT_ADMIN);
      return res.status === 200 && (res.body as unknown as RuleList).rootAdministrator;
    });
    ruleBookTail = await bus.tail('RuleBook', `it-${ns.id}-rulebook-tail`);
    calendarTail = await bus.tail('Calendar', `it-${ns.id}-calendar-tail`);
  }, 180_000);

  afterAll(async () => {
    await ruleBookTail?.stop();
    await calendarTail?.stop();
    await a?.close();
    await b?.close();
    await bus?.disconnect();
    if (ns) await dropNamespace(ns);
  });

  it('applies a version added on one instance on both, without a restart, to the events from its day on', async () => {
    const today = vnToday();
    const effective = today + 10;
    const added = await call(baseA, 'POST', '/api/rules/late-decision/versions', ROOT_ADMIN, {
      effectiveFrom: iso(effective),
      params: { workingDays: 20 },
      reason: 'Nghị định mới: 20 ngày làm việc',
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      versionId: 'late-decision@3',
      version: 3,
      effectiveFrom: iso(effective),
      params: { workingDays: 20 },
      severity: 'medium',
      inForce: false,
      addedBy: 'qt.tinh',
    });
    // The other instance learnt of it from the topic: its own API lists it.
    await waitFor('instance B to list the new version', async () => {
      const res = await call(baseB, 'GET', '/api/rules', ROOT_ADMIN);
      const late = (res.body as unknown as RuleList).rules.find((r) => r.ruleId === 'late-decision');
      return late?.versions.some((v) => v.versionId === 'late-decision@3');
    });

    // A day off in the window of the new deadlines, added on instance B this time.
    const { db, close } = await openDb(ns);
    try {
      const held = (await db.collection<OfficialYear & { _id: number }>('calendar_years').find().toArray()).map(
        ({ _id: _i, ...y }): OfficialYear => y,
      );
      let extra = effective + 8;
      while (weekday(extra) === 0 || weekday(extra) === 6) extra += 1;
      const year = Number(iso(extra).slice(0, 4));
      const current =
        held.find((y) => y.year === year) ??
        ({
          year,
          daysOff: changedDays(held, { year, daysOff: [], source: '' }).map(iso),
          source: '',
        } satisfies OfficialYear);
      const daysOff = [...new Set([...current.daysOff, iso(extra)])].sort();
      const put = await call(baseB, 'PUT', `/api/calendar/years/${year}`, ROOT_ADMIN, {
        daysOff,
        ...(current.workingDays?.length ? { workingDays: current.workingDays } : {}),
        source: 'Thông báo nghỉ bù',
        reason: 'Nghỉ bù theo thông báo mới',
      });
      expect(put.status).toBe(200);
      const calendar = new WorkingCalendar([...held.filter((y) => y.year !== year), { ...current, daysOff }]);

      // One case received before the new version's day and one after, on every input partition,
      // so on both instances; none gets a decision.
      const caseOn = (p: number, tag: string) => {
        let i = 0;
        while (partitionFor(`${tag}-${p}-${i}`, 6) !== p) i += 1;
        return `${tag}-${p}-${i}`;
      };
      const before = [0, 1, 2, 3, 4, 5].map((p) => caseOn(p, 'RB-BEFORE'));
      const after = [0, 1, 2, 3, 4, 5].map((p) => caseOn(p, 'RB-AFTER'));
      const events = [
        ...before.flatMap(
          (id) =>
            aCase(id)
              .on(iso(effective - 3))
              .received().events,
        ),
        ...after.flatMap(
          (id) =>
            aCase(id)
              .on(iso(effective + 1))
              .received().events,
        ),
      ];
      await publish(bus, [...events, tick(`${iso(effective + 90)}T00:00:00+07:00`, `tick-${ns.id}`)]);

      type Finding = { caseId: string; ruleVersion: number; evidence: { figures: Record<string, unknown> } };
      const findings = await waitFor(
        'a late-decision finding on every case',
        async () => {
          const fs = await db
            .collection<Finding>('findings')
            .find({ ruleId: 'late-decision', caseId: { $in: [...before, ...after] } })
            .toArray();
          return fs.length === 12 && fs;
        },
        120_000,
      );
      // Both instances judged some of them: each holds input partitions (and processed them).
      const held0 = a.get(DetectorService).stats().partitions;
      const held1 = b.get(DetectorService).stats().partitions;
      expect(held0.length).toBeGreaterThan(0);
      expect(held1.length).toBeGreaterThan(0);
      expect([...held0, ...held1].sort()).toEqual([0, 1, 2, 3, 4, 5]);
      const byCase = new Map(findings.map((f) => [f.caseId, f]));
      const lastDay = (receivedDay: number, n: number) =>
        `${iso(calendar.addWorkingDays(receivedDay, n))}T00:00:00+07:00`;
      for (const id of before)
        expect([id, byCase.get(id)?.ruleVersion, byCase.get(id)?.evidence.figures['workingDays']]).toEqual([id, 2, 5]);
      for (const id of after)
        expect([id, byCase.get(id)?.ruleVersion, byCase.get(id)?.evidence.figures]).toEqual([
          id,
          3,
          { receivedAt: `${iso(effective + 1)}T09:00:00+07:00`, workingDays: 20, lastDay: lastDay(effective + 1, 20) },
        ]);
      // The day off moved the deadline: without it, the 20th working day would be a day earlier.
      const without = new WorkingCalendar(held);
      expect(lastDay(effective + 1, 20)).not.toBe(`${iso(without.addWorkingDays(effective + 1, 20))}T00:00:00+07:00`);
    } finally {
      await close();
    }
  }, 300_000);

  it('records who added what, when and why, and publishes it on the compacted rule-book topic', async () => {
    const { db, close } = await openDb(ns);
    try {
      const change = await db.collection('rule_book_changes').findOne({ _id: 'rule-version:late-decision@3' as never });
      expect(change).toMatchObject({
        actor: 'qt.tinh',
        actorUnitId: 'DT',
        action: 'rule-version.added',
        subject: 'late-decision@3',
        reason: 'Nghị định mới: 20 ngày làm việc',
        after: { ruleId: 'late-decision', version: 3, params: { workingDays: 20 } },
      });
      expect(Date.now() - Date.parse(String(change?.['at']))).toBeLessThan(600_000);
      const years = await db.collection('rule_book_changes').find({ action: 'calendar-year.replaced' }).toArray();
      expect(years).toHaveLength(1);
      expect(years[0]).toMatchObject({ actor: 'qt.tinh', reason: 'Nghỉ bù theo thông báo mới' });
      const stored = await db.collection('rule_versions').findOne({ _id: 'late-decision@3' as never });
      expect(stored).toMatchObject({ addedBy: 'qt.tinh', reason: 'Nghị định mới: 20 ngày làm việc' });
    } finally {
      await close();
    }
    await waitFor('the version on the rule-book topic', () =>
      ruleBookTail.messages.some((m) => m.key === 'late-decision@3' && m.value.addedBy === 'qt.tinh'),
    );
    await waitFor('the changed year on the calendar topic', () =>
      calendarTail.messages.some((m) => m.value.source === 'Thông báo nghỉ bù'),
    );
    const admin = new Kafka({ brokers: infra.brokers, clientId: `it-${ns.id}-admin` }).admin();
    await admin.connect();
    try {
      const described = await admin.describeConfigs({
        resources: [{ type: ConfigResourceTypes.TOPIC, name: bus.topics.RuleBook, configNames: ['cleanup.policy'] }],
        includeSynonyms: false,
      });
      expect(described.resources[0]?.configEntries[0]?.configValue).toBe('compact');
    } finally {
      await admin.disconnect();
    }
  });

  it('refuses a day already judged, a bad threshold, a caller who is not an administrator, and a unit out of scope', async () => {
    const today = vnToday();
    const version = (effectiveFrom: string, params: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      effectiveFrom,
      params,
      reason: 'thử',
      ...extra,
    });
    const post = (token: string | undefined, body: unknown, ruleId = 'late-decision') =>
      call(baseA, 'POST', `/api/rules/${ruleId}/versions`, token, body);

    for (const day of [today, today - 1]) {
      const res = await post(ROOT_ADMIN, version(iso(day), { workingDays: 7 }));
      expect([res.status, res.body['code'], res.body['field']]).toEqual([
        400,
        'RULE_VERSION_NOT_FUTURE',
        'effectiveFrom',
      ]);
      expect((res.body['message'] as { en: string }).en).toContain('replay');
    }
    const later = iso(today + 30);
    for (const [params, field] of [
      [{ workingDays: -1 }, 'params.workingDays'],
      [{ workingDays: 2.5 }, 'params.workingDays'],
      [{ workingDays: '5' }, 'params.workingDays'],
      [{}, 'params.workingDays'],
      [{ workingDays: 5, workingDay: 5 }, 'params.workingDay'],
    ] as const) {
      const res = await post(ROOT_ADMIN, version(later, params));
      expect([res.status, res.body['code'], res.body['field']]).toEqual([400, 'VALIDATION_FAILED', field]);
    }
    expect(
      (await post(ROOT_ADMIN, version(later, { minShareOfValuation: 1.5 }), 'auction-below-valuation')).body,
    ).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'params.minShareOfValuation',
    });
    expect((await post(ROOT_ADMIN, version('2027-02-30', { workingDays: 5 }))).body).toMatchObject({
      field: 'effectiveFrom',
    });
    expect((await post(ROOT_ADMIN, version(later, {}), 'teleported-asset')).status).toBe(404);

    expect((await post(INSPECTOR, version(later, { workingDays: 7 }))).body['code']).toBe('ROLE_REQUIRED');
    expect((await call(baseA, 'GET', '/api/rules', INSPECTOR)).status).toBe(403);
    expect((await post(undefined, version(later, { workingDays: 7 }))).status).toBe(401);
    const general = await post(AREA_ADMIN, version(later, { workingDays: 7 }));
    expect([general.status, general.body['code']]).toEqual([403, 'ROOT_ADMIN_REQUIRED']);
    const elsewhere = await post(AREA_ADMIN, version(later, { workingDays: 7 }, { unitId: 'DT-KV02' }));
    expect([elsewhere.status, elsewhere.body['code']]).toEqual([403, 'UNIT_OUT_OF_SCOPE']);

    // Its own unit is the area administrator's to set; the version number follows the rule's highest.
    const own = await post(AREA_ADMIN, version(later, { workingDays: 8 }, { unitId: 'DT-KV01' }));
    expect([own.status, own.body['versionId']]).toEqual([201, 'late-decision@4@DT-KV01']);
    // The province's administrator sees it; the other area office's override would be hidden from KV01.
    const seen = (await call(baseB, 'GET', '/api/rules', AREA_ADMIN)).body as unknown as RuleList;
    expect(seen.rootAdministrator).toBe(false);
    expect(seen.rules.find((r) => r.ruleId === 'late-decision')?.versions.map((v) => v.versionId)).toContain(
      'late-decision@4@DT-KV01',
    );

    const { db, close } = await openDb(ns);
    try {
      expect(await db.collection('rule_versions').countDocuments({ addedBy: { $exists: true } })).toBe(2);
    } finally {
      await close();
    }
  });

  it('refuses to change a calendar day up to today, naming the field and the day', async () => {
    const today = vnToday();
    const year = Number(iso(today).slice(0, 4));
    const before = await call(baseA, 'GET', '/api/calendar/years', ROOT_ADMIN);
    const years = before.body['years'] as { year: number; held: boolean; daysOff: string[]; workingDays: string[] }[];
    const held = years.find((y) => y.year === year);
    // A year without a table comes with the holiday library's days, as the detector counts them now.
    const unheld = years.find((y) => y.year === year + 2);
    expect(unheld?.held).toBe(false);
    expect(unheld?.daysOff.length).toBeGreaterThan(5);
    // The first weekday of the year that is not a day off yet: it has passed unless the year just began.
    let day = dayFromIso(`${year}-01-01`);
    while (weekday(day) === 0 || weekday(day) === 6 || held?.daysOff.includes(iso(day))) day += 1;
    if (day > today) return; // nothing of this year has passed yet: nothing to refuse
    const res = await call(baseA, 'PUT', `/api/calendar/years/${year}`, ROOT_ADMIN, {
      daysOff: [...(held?.daysOff ?? []), iso(day)],
      workingDays: held?.workingDays ?? [],
      source: 's',
      reason: 'r',
    });
    expect([res.status, res.body['code'], res.body['field'], (res.body['params'] as { day: string }).day]).toEqual([
      400,
      'CALENDAR_DAY_PASSED',
      'daysOff',
      iso(day),
    ]);
    const area = await call(baseA, 'PUT', `/api/calendar/years/${year + 1}`, AREA_ADMIN, {
      daysOff: [],
      source: 's',
      reason: 'r',
    });
    expect([area.status, area.body['code']]).toEqual([403, 'ROOT_ADMIN_REQUIRED']);
  });
});
