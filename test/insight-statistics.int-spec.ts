import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { TokenSigner, type Role } from '@thads/auth';
import type { AnyEvent, CaseStreamEvent } from '@thads/contracts';
import { aCase } from '@thads/contracts/testing';
import { HealthRegistry } from '@thads/platform';
import { simulate } from '../packages/simulator/src/simulation';
import { InsightModule } from '../services/insight/src/app.module';
import { loadInsightConfig, type InsightConfig } from '../services/insight/src/config';
import { CaseIngest } from '../services/insight/src/ingest/case-ingest.service';
import {
  busFor,
  dropNamespace,
  infra,
  namespace,
  publish,
  publishRegistry,
  waitFor,
  type Namespace,
} from './support/harness';

const SECRET = 'ab'.repeat(32);

function insightConfig(ns: Namespace, tag: string): InsightConfig {
  return {
    ...loadInsightConfig({}),
    kafkaBrokers: infra.brokers,
    mongoUrl: infra.mongoUrl,
    topicPrefix: ns.topicPrefix,
    groupId: `it-${ns.id}-insight-${tag}`,
    mongoDb: `${ns.db}_${tag}`,
    tokenSecret: SECRET,
    httpPort: 0,
  };
}

/** An insight service in this process, and its figures once it has consumed everything on the topics. */
class InsightUnderTest {
  private constructor(
    readonly app: INestApplication,
    readonly base: string,
  ) {}

  static async start(config: InsightConfig): Promise<InsightUnderTest> {
    const app = await NestFactory.create(InsightModule.forRoot(config), {
      logger: process.env['IT_LOG'] ? ['log', 'warn', 'error'] : ['error'],
    });
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
    const health = app.get(HealthRegistry);
    await waitFor('the insight service to be up', () => health.snapshot().status === 'up', 120_000);
    return new InsightUnderTest(app, `http://127.0.0.1:${port}`);
  }

  async caughtUp(): Promise<void> {
    const ingest = this.app.get(CaseIngest);
    const bus = busForGroupCheck;
    await waitFor(
      'the case consumer to catch up',
      async () => (await bus!.lag(ingest.groupId, ['CaseEvents', 'FinanceEvents'])) === 0,
      240_000,
    );
  }

  async get(
    path: string,
    roles: Role[] = ['leadership'],
    unitId = 'DT',
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const { token } = new TokenSigner(Buffer.from(SECRET, 'hex')).sign({ sub: 'chief', roles, unitId });
    const res = await fetch(this.base + path, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  async download(path: string): Promise<{ status: number; type: string; body: Buffer }> {
    const { token } = new TokenSigner(Buffer.from(SECRET, 'hex')).sign({
      sub: 'chief',
      roles: ['leadership'],
      unitId: 'DT',
    });
    const res = await fetch(this.base + path, { headers: { authorization: `Bearer ${token}` } });
    return {
      status: res.status,
      type: (res.headers.get('content-type') ?? '').split(';')[0] ?? '',
      body: Buffer.from(await res.arrayBuffer()),
    };
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

/** Where `UPDATE_SAMPLES=1` writes the sample reports committed under docs/samples/. */
const SAMPLES = join(__dirname, '..', 'docs', 'samples');
const SAMPLE = 'unitId=DT&from=2024-10-01&to=2025-10-01';

let busForGroupCheck: ReturnType<typeof busFor> | undefined;

/**
 * The figures counted straight from the events, case by case, as DOMAIN.md "The figures from the
 * events" words them — written apart from the service's counters so that the two can disagree.
 */
function countDirectly(events: AnyEvent[], units: Set<string>, from: string, to: string) {
  const S = Date.parse(`${from}T00:00:00+07:00`);
  const E = Date.parse(`${to}T00:00:00+07:00`);
  const byCase = new Map<string, CaseStreamEvent[]>();
  for (const e of events) {
    const caseId = (e as { caseId?: string }).caseId;
    if (e.type === 'clock.tick' || !caseId || e.type.startsWith('registry.')) continue;
    byCase.set(caseId, [...(byCase.get(caseId) ?? []), e as CaseStreamEvent]);
  }
  const f = { carriedOver: 0, new: 0, toExecute: 0, unable: 0, completed: 0 };
  const m = { toExecute: 0, unable: 0, completed: 0 };
  for (const list of byCase.values()) {
    const at = (e: AnyEvent) => Date.parse(e.occurredAt);
    list.sort((a, b) => at(a) - at(b) || a.eventId.localeCompare(b.eventId));
    const received = list.find((e) => e.type === 'case.received');
    if (!received || received.type !== 'case.received' || !units.has(received.unitId)) continue;
    const end = list.find((e) => e.type === 'case.closed' || e.type === 'case.terminated');
    const endAt = end ? at(end) : Infinity;
    const returned = end?.type === 'case.closed' && end.data.result === 'returned';
    const r = at(received);
    if (r >= E || endAt < S) continue; // not handled in the period
    if (r < S) f.carriedOver++;
    else f.new++;
    if (returned && endAt < E) continue; // returned in the period: not to execute
    f.toExecute++;
    const cutoff = Math.min(E, endAt);
    const classes = list.filter((e) => e.type === 'case.classified' && at(e) < cutoff);
    const last = classes.at(-1);
    const unable = last?.type === 'case.classified' && last.data.category === 'unable';
    const receipts = new Set(list.flatMap((e) => (e.type === 'finance.collected' ? [e.data.receiptNo] : [])));
    const net = (lo: number, hi: number) =>
      list.reduce((sum, e) => {
        if (at(e) < lo || at(e) >= hi) return sum;
        if (e.type === 'finance.collected') return sum + e.data.amount;
        if (e.type === 'finance.reversed' && receipts.has(e.data.ref)) return sum - e.data.amount;
        return sum;
      }, 0);
    const money = received.data.claimAmount - net(-Infinity, S);
    m.toExecute += money;
    if (unable) {
      f.unable++;
      m.unable += money;
    }
    if (end && endAt < E && !returned) f.completed++;
    m.completed += net(S, E);
  }
  const able = f.toExecute - f.unable;
  const moneyAble = m.toExecute - m.unable;
  return {
    ...f,
    handled: f.carriedOver + f.new,
    able,
    completionRate: able === 0 ? null : f.completed / able,
    carriedNext: f.toExecute - f.completed,
    money: { ...m, able: moneyAble, completionRate: moneyAble === 0 ? null : m.completed / moneyAble },
  };
}

/** Cases the simulator does not write: a return, a reversal, a classification that flips, a case carried across the statistical year. */
function edgeCases(): AnyEvent[] {
  const unit = 'DT-KV01';
  return [
    aCase('EDGE-RET', unit).on('2025-08-20').received({ claimAmount: 90_000_000 }).on('2025-10-03').closed('returned')
      .events,
    aCase('EDGE-REV', unit)
      .on('2025-07-01')
      .received({ claimAmount: 200_000_000 })
      .on('2025-09-15')
      .collected(50_000_000)
      .on('2025-10-10')
      .reversed('BL-EDGE-REV-1', 20_000_000)
      .on('2025-10-20')
      .collected(30_000_000).events,
    [
      ...aCase('EDGE-FLIP', unit).on('2025-06-01').received({ claimAmount: 10_000_000 }).events,
      classified('EDGE-FLIP', unit, '2025-09-01', 'unable', 1),
      classified('EDGE-FLIP', unit, '2025-10-15', 'able', 2),
      classified('EDGE-FLIP', unit, '2025-11-20', 'unable', 3),
    ],
  ].flat();
}

function classified(caseId: string, unitId: string, day: string, category: 'able' | 'unable', n: number): AnyEvent {
  return {
    eventId: `${caseId}-cls-${n}`,
    type: 'case.classified',
    schemaVersion: 1,
    occurredAt: `${day}T10:00:00+07:00`,
    unitId,
    caseId,
    data: { category },
  };
}

describe('insight: THADS statistics per unit and period', () => {
  const ns = namespace();
  const sim = simulate({ cases: 500, casesPerYear: 1_200, start: '2025-05-02', seed: 7, tailDays: 200 });
  const events = [...sim.events, ...edgeCases()];
  let svc: InsightUnderTest;

  beforeAll(async () => {
    await publishRegistry(ns, sim.registry);
    busForGroupCheck = busFor(ns);
    await busForGroupCheck.connect();
    await busForGroupCheck.ensureTopics();
    // Out of order on purpose: the figures must not depend on it (finance first, then cases).
    await publish(
      busForGroupCheck,
      events.filter((e) => e.type.startsWith('finance.')),
    );
    await publish(
      busForGroupCheck,
      events.filter((e) => !e.type.startsWith('finance.')),
    );
    svc = await InsightUnderTest.start(insightConfig(ns, 'a'));
    await svc.caughtUp();
  }, 400_000);

  afterAll(async () => {
    await svc.close();
    await busForGroupCheck?.disconnect();
    await dropNamespace({ ...ns, db: `${ns.db}_a` });
    await dropNamespace({ ...ns, db: `${ns.db}_b` });
  });

  const provinceUnits = () => new Set(sim.registry.flatMap((e) => (e.type === 'registry.unit' ? [e.data.unitId] : [])));
  const periods: [string, string][] = [
    ['2025-07-01', '2025-10-01'], // the last quarter of statistical year 2025
    ['2025-10-01', '2026-01-01'], // the first quarter of 2026: cases carried over between statistical years
    ['2025-05-01', '2026-10-01'],
  ];

  it.each(periods)('the province from %s to %s equals the figures counted from the events', async (from, to) => {
    const answer = await svc.get(`/api/insight/statistics?unitId=DT&from=${from}&to=${to}`);
    expect(answer.status).toBe(200);
    const expected = countDirectly(events, provinceUnits(), from, to);
    expect(answer.body).toEqual(expected);
    // Not a comparison of zeros: cases were handled and completed, money collected.
    for (const figure of [expected.handled, expected.completed, expected.money.completed])
      expect(figure).toBeGreaterThan(0);
    // Across the statistical-year boundary: cases carried over, some of them unable to execute.
    if (from === '2025-10-01') expect([expected.carriedOver > 0, expected.unable > 0]).toEqual([true, true]);
  });

  it('an area office counts only its own cases, and the offices add up to the province', async () => {
    const [from, to] = ['2025-10-01', '2026-01-01'];
    const offices = [...provinceUnits()].filter((u) => u !== 'DT');
    let handled = (await svc.get(`/api/insight/statistics?unitId=DT&from=${from}&to=${to}`)).body['handled'] as number;
    for (const unit of ['DT', ...offices]) {
      const own = await svc.get(`/api/insight/statistics?unitId=${unit}&from=${from}&to=${to}`, ['leadership'], unit);
      if (unit !== 'DT') {
        expect(own.body).toEqual(countDirectly(events, new Set([unit]), from, to));
        handled -= own.body['handled'] as number;
      }
    }
    // What is left is the provincial office's own cases.
    expect(handled).toBe(countDirectly(events, new Set(['DT']), from, to).handled);
  });

  it('refuses other roles, units outside the scope, and bad periods, naming the field', async () => {
    const q = '/api/insight/statistics?unitId=DT&from=2025-10-01&to=2026-01-01';
    expect((await svc.get(q, ['inspector'])).status).toBe(403);
    expect((await svc.get(q, ['leadership'], 'DT-KV01')).body['code']).toBe('UNIT_OUT_OF_SCOPE');
    const bad = await svc.get('/api/insight/statistics?unitId=DT&from=2025-13-01&to=2026-01-01');
    expect([bad.status, bad.body['field']]).toEqual([400, 'from']);
    const empty = await svc.get('/api/insight/statistics?unitId=DT&from=2026-01-01&to=2026-01-01');
    expect([empty.status, empty.body['field']]).toEqual([400, 'from']);
    expect((await svc.get('/api/insight/statistics?unitId=NOPE&from=2025-10-01&to=2026-01-01', ['admin'])).status).toBe(
      404,
    );
  });

  it('GET /metrics answers the Prometheus text format with the consumer lag and the HTTP latency', async () => {
    const res = await fetch(`${svc.base}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    // Every sample line is `name{labels} value`; comments start with #.
    const samples = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(samples.every((l) => /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/.test(l))).toBe(true);
    expect(text).toMatch(
      new RegExp(`kafka_consumer_group_lag\\{[^}]*group="it-${ns.id}-insight-a-cases"[^}]*\\} 0\\n`),
    );
    expect(text).toMatch(
      /http_request_duration_seconds_count\{[^}]*method="GET",route="\/api\/insight\/statistics",status="200"[^}]*\} [1-9]/,
    );
    expect(text).toMatch(/thads_events_consumed_total\{[^}]*kind="finance"[^}]*\} [1-9]/);
  });

  it('files the report as an Excel workbook that reads back with the same figures', async () => {
    const q = 'unitId=DT&from=2025-10-01&to=2026-01-01';
    const res = await svc.download(`/api/insight/reports/statistics.xlsx?${q}`);
    expect(res.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Theo đơn vị', 'Liêm chính']);
    const figures = (await svc.get(`/api/insight/statistics?${q}`)).body as {
      handled: number;
      toExecute: number;
      money: { completed: number };
    };
    const byUnit = wb.getWorksheet('Theo đơn vị')!;
    const header = byUnit.getRow(1).values as unknown[];
    const total = byUnit.getRow(byUnit.rowCount).values as unknown[];
    expect(total[1]).toBe('Tổng cộng');
    expect(total[header.indexOf('Tổng số thụ lý')]).toBe(figures.handled);
    expect(total[header.indexOf('Tiền thi hành xong')]).toBe(figures.money.completed);
    // The office rows add up to the total (the provincial office's own cases, then each area office).
    const rows = Array.from({ length: byUnit.rowCount - 2 }, (_, i) => byUnit.getRow(i + 2).values as unknown[]);
    expect(rows).toHaveLength(13);
    expect(rows.reduce((n, r) => n + (r[header.indexOf('Tổng số thụ lý')] as number), 0)).toBe(figures.handled);
    expect(byUnit.getRow(2).getCell(header.indexOf('Tiền thi hành xong')).numFmt).toBe('#,##0 "đ"');
    const english = await svc.download(`/api/insight/reports/statistics.xlsx?${q}&lang=en`);
    const wbEn = new ExcelJS.Workbook();
    await wbEn.xlsx.load(english.body as unknown as ArrayBuffer);
    expect(wbEn.worksheets.map((w) => w.name)).toEqual(['Summary', 'By unit', 'Integrity']);
    // The integrity metrics of the period: money at risk and complaints are kept from these topics too.
    const integrity = (await svc.get(`/api/insight/integrity?${q}`)).body as {
      activeCases: number;
      moneyAtRisk: { amount: number; held: number };
      complaints: { all: { received: number } };
    };
    const labelled = new Map<string, ExcelJS.Row>();
    wb.getWorksheet('Liêm chính')!.eachRow((row) => {
      const label = row.getCell(1).value;
      if (typeof label === 'string' && !labelled.has(label)) labelled.set(label, row);
    });
    expect(labelled.get('Việc phải thi hành')?.getCell(2).value).toBe(integrity.activeCases);
    expect(integrity.activeCases).toBe(figures.toExecute);
    const held = labelled.get('Tổng tiền đang giữ')!.getCell(2);
    expect([held.value, held.numFmt]).toEqual([integrity.moneyAtRisk.held, '#,##0 "đ"']);
    expect(labelled.get('Giữ quá 10 ngày chưa chi trả')?.getCell(2).value).toBe(integrity.moneyAtRisk.amount);
    expect(labelled.get('Tổng')?.getCell(2).value).toBe(integrity.complaints.all.received);
    // The committed sample: statistical year 2025, which has a national target to compare with.
    if (process.env['UPDATE_SAMPLES'])
      writeFileSync(
        join(SAMPLES, 'statistics-report.xlsx'),
        (await svc.download(`/api/insight/reports/statistics.xlsx?${SAMPLE}`)).body,
      );
  });

  it('files the report as a PDF whose Vietnamese headings read back and which renders to images', async () => {
    const res = await svc.download('/api/insight/reports/statistics.pdf?unitId=DT&from=2025-10-01&to=2026-01-01');
    expect(res.type).toBe('application/pdf');
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'thads-report-'));
    const file = join(dir, 'report.pdf');
    writeFileSync(file, res.body);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const heading of [
      'BÁO CÁO KẾT QUẢ THI HÀNH ÁN DÂN SỰ',
      'Kỳ báo cáo: từ ngày 01/10/2025 đến ngày 31/12/2025',
      'Tỷ lệ thi hành xong về việc theo đơn vị',
      'Chưa có điều kiện thi hành',
      'CHỈ SỐ LIÊM CHÍNH',
      'Tiền có rủi ro (cuối kỳ)',
      'Giải quyết khiếu nại, tố cáo đúng hạn',
      'Kết quả xử lý kỷ luật',
    ])
      expect(text).toContain(heading);
    expect(text).toMatch(/\d{1,3}(\.\d{3})+ đ/); // money as "250.000.000 đ"
    execFileSync('pdftoppm', ['-png', '-r', '60', file, join(dir, 'page')]);
    const pages = readdirSync(dir).filter((f) => f.endsWith('.png'));
    // The statistics, the chart, then the integrity metrics.
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(statSync(join(dir, pages[0]!)).size).toBeGreaterThan(10_000);
    if (process.env['UPDATE_SAMPLES']) {
      const sample = join(SAMPLES, 'statistics-report.pdf');
      writeFileSync(sample, (await svc.download(`/api/insight/reports/statistics.pdf?${SAMPLE}`)).body);
      execFileSync('pdftoppm', ['-png', '-r', '70', sample, join(SAMPLES, 'statistics-report')]);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('a fresh namespace replaying the same topics gives identical figures', async () => {
    const replay = await InsightUnderTest.start(insightConfig(ns, 'b'));
    try {
      await replay.caughtUp();
      for (const [from, to] of periods) {
        const q = `/api/insight/statistics?unitId=DT&from=${from}&to=${to}`;
        expect((await replay.get(q)).body).toEqual((await svc.get(q)).body);
      }
    } finally {
      await replay.close();
    }
  }, 300_000);
});
