import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import type { KafkaBus } from '@thads/messaging';
import { Router, publishRecords, simulate, type OutRecord } from '../packages/simulator/src';
import { formatMoney, formatNumber, formatRate } from '../services/console/client/src/lib/format';
import { durationShown } from '../services/console/client/src/pages/leadership/durations';
import { consumerGroups } from '../services/insight/src/config';
import { inspected } from '../services/insight/src/integrity/__tests__/builders';
import { busFor, dropNamespace, openDb, publishRegistry, startDetector, waitFor } from './support/harness';
import { findingMessage } from './support/inspection-client';
import {
  accessibilityViolations,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
  startConsoleStack,
  type ConsoleStack,
} from './support/console-stack';

/**
 * Leadership's path through the web console, in a real browser against the real stack: a small
 * simulated province is published (registry, cases, money, complaints), the detector raises its
 * findings, the insight service counts them; leadership opens the dashboard for statistical year
 * 2025, sees the figures the insight API answers (completion rates against the national target,
 * money written "… đ", the backlog, the score, the unit × rule heat map), downloads the Excel and
 * PDF reports, and opens the profile of an officer with repeated findings. No serious or
 * critical accessibility violation; usable at tablet width.
 */
describe('web console: leadership dashboard and officer profile (browser)', () => {
  const FROM = '2024-10-01';
  const TO = '2025-10-01';
  const sim = simulate({
    cases: 160,
    casesPerYear: 640,
    start: '2024-10-02',
    seed: 21,
    tailDays: 220,
    anomalyRate: 0.3,
    officersPerOffice: 2,
  });
  // An officer of the registry with three findings in November: always on the repeated-officers list.
  const officer = sim.registry.flatMap((e) =>
    e.type === 'registry.officer' && e.data.unitId === 'DT-KV01' && e.data.role === 'enforcement_officer'
      ? [e.data]
      : [],
  )[0]!;
  const repeated = [0, 1, 2].map((i) =>
    findingMessage(`LD-${i}`, {
      ruleId: i === 2 ? 'late-decision' : 'stagnant-case',
      severity: i === 2 ? 'high' : 'medium',
      unitId: officer.unitId,
      officerId: officer.officerId,
      caseId: `LD-CASE-${i}`,
      detectedAt: `2024-11-1${i}T09:00:00+07:00`,
      title: { vi: `Hồ sơ chậm giải quyết ${i + 1}`, en: `Case left idle ${i + 1}` },
    }),
  );

  // Held by a supervisor's suppression of the rule in that office: counted apart on the dashboard.
  const held = findingMessage('HELD-0', {
    ruleId: 'payout-overdue',
    severity: 'high',
    unitId: officer.unitId,
    caseId: 'HELD-CASE-0',
    detectedAt: '2024-12-02T09:00:00+07:00',
  });

  let stack: ConsoleStack;
  let bus: KafkaBus;
  let browser: Browser;
  let detector: INestApplication | undefined;
  let detectorDb: string;

  beforeAll(async () => {
    stack = await startConsoleStack();
    detectorDb = `${stack.ns.db}_detector`;
    await publishRegistry(stack.ns, sim.registry);
    await stack.addUsers([
      { username: 'lanhdao.dung', roles: ['leadership'], unitId: 'DT', name: 'Võ Thị Dung' },
      { username: 'giamsat.hoa', roles: ['inspection_supervisor'], unitId: 'DT', name: 'Lê Thị Hoa' },
    ]);
    // Before any finding arrives, so that intake holds the rule's findings in that office.
    const lastDay = new Date(Date.now() + 7 * 3_600_000 + 30 * 86_400_000).toISOString().slice(0, 10);
    // Once the inspection service's registry view knows the office (400 naming unitId until then).
    await waitFor('the suppression to be made', async () => {
      const made = await stack.inspection.call('POST', '/api/suppressions', 'giamsat.hoa', {
        ruleId: held.ruleId,
        unitId: held.unitId,
        reason: 'Sổ quỹ của văn phòng đang được đối chiếu lại',
        until: lastDay,
      });
      if (made.status !== 201 && made.body['field'] !== 'unitId') throw new Error(JSON.stringify(made.body));
      return made.status === 201;
    });
    bus = busFor(stack.ns);
    await bus.connect();
    await bus.ensureTopics();

    // The detector in its own database (the inspection service keeps its findings in the namespace's).
    detector = await startDetector(stack.ns, { mongoDb: detectorDb });
    const router = new Router(6);
    const records: OutRecord[] = [];
    for (const e of sim.events) router.route(e, records);
    await publishRecords(bus, records);
    await bus.publish(
      'Findings',
      [...repeated, held].map((f) => ({ key: f.findingId, value: f })),
    );
    // One of them inspected and concluded: the officer's history and the rule's precision show it.
    await bus.publish('Inspections', [
      { key: officer.officerId, value: inspected(repeated[0]!).concluded(true, '2024-12-05') },
    ]);

    const client = await openDb({ ...stack.ns, db: detectorDb });
    let raised = 0;
    try {
      await waitFor(
        'the detector to publish every finding of the province',
        async () => {
          const input = await bus.lag(`it-${stack.ns.id}-detector`, ['CaseEvents', 'FinanceEvents']);
          const subjects = await bus.lag(`it-${stack.ns.id}-detector-subjects`, ['DetectorFacts']);
          const pending = await client.db.collection('findings_outbox').countDocuments();
          raised = await client.db.collection('findings').countDocuments();
          return input === 0 && subjects === 0 && pending === 0 && raised > 0;
        },
        300_000,
      );
    } finally {
      await client.close();
      await detector.close();
      detector = undefined;
    }
    for (const { group, topics } of Object.values(consumerGroups({ groupId: `it-${stack.ns.id}-insight` })))
      await waitFor(`${group} to catch up`, async () => (await bus.lag(group, topics)) === 0, 300_000);
    await stack.addUsers([{ username: 'kiemtra.admin', roles: ['admin'], unitId: 'DT' }]);
    await waitFor(
      'the inspection service to take in every finding',
      async () => {
        const page = await stack.inspection.call(
          'GET',
          '/api/findings?page=1&pageSize=1&suppressed=include',
          'kiemtra.admin',
        );
        return (page.body['total'] as number | undefined) === raised + repeated.length + 1;
      },
      120_000,
    );
    // The holds are announced on the findings topic (suppressed, v1.3): insight reads them too.
    await waitFor(
      'the inspection service to take in and announce every finding',
      async () => (await bus.lag(`it-${stack.ns.id}-inspection`, ['Findings'])) === 0,
      120_000,
    );
    for (const { group, topics } of Object.values(consumerGroups({ groupId: `it-${stack.ns.id}-insight` })))
      await waitFor(`${group} to catch up again`, async () => (await bus.lag(group, topics)) === 0, 300_000);
    browser = await launchBrowser();
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await detector?.close();
    await bus?.disconnect();
    await stack?.close();
    if (stack) await dropNamespace({ ...stack.ns, db: detectorDb });
  });

  /** What the console's API answers the signed-in page (its cookies), as JSON. */
  async function api<T>(page: Page, path: string): Promise<T> {
    const res = await page.request.get(`${stack.base}${path}`);
    expect(res.status()).toBe(200);
    return (await res.json()) as T;
  }

  const text = async (page: Page, testId: string) => (await page.getByTestId(testId).innerText()).trim();

  it('shows the figures the insight API answers, downloads both reports and links to an officer’s profile', async () => {
    const { page, problems } = await newPage(browser);
    await signIn(page, stack.base, 'lanhdao.dung');
    await page.goto(`${stack.base}/dashboard?unit=DT&from=${FROM}&to=${TO}`);
    await page.getByRole('heading', { level: 1, name: 'Tổng quan thi hành án và liêm chính' }).waitFor();
    await page.getByTestId('completion-cases-rate').waitFor();
    await page.getByTestId('score-value').waitFor({ timeout: 90_000 });
    await page.getByTestId('heatmap').waitFor({ timeout: 90_000 });
    expect(await text(page, 'period-shown')).toBe('DT · Từ 01/10/2024 đến 30/09/2025');

    const query = `unitId=DT&from=${FROM}&to=${TO}`;
    const stats = await api<{
      completionRate: number | null;
      completed: number;
      able: number;
      carriedOver: number;
      new: number;
      carriedNext: number;
      money: { completionRate: number | null; completed: number; able: number; toExecute: number };
    }>(page, `/api/insight/statistics?${query}`);
    const integrity = await api<{
      score: number | null;
      findings: { total: number; suppressed: { total: number } };
      repeatedOfficers: { officerId: string; count: number }[];
      moneyAtRisk: { amount: number };
      timeTo: Record<'triage' | 'conclude' | 'decide', { count: number; meanDays: number | null }>;
    }>(page, `/api/insight/integrity?${query}`);
    // Not a comparison of empty figures.
    expect(stats.able).toBeGreaterThan(0);
    expect(stats.money.completed).toBeGreaterThan(0);
    expect(integrity.findings.total).toBeGreaterThan(repeated.length);
    expect(integrity.score).not.toBeNull();
    expect(integrity.findings.suppressed.total).toBeGreaterThanOrEqual(1);

    // Completion in cases and money against the 2025 target (83,9 % and 51,9 %).
    expect(await text(page, 'completion-cases-rate')).toBe(formatRate(stats.completionRate));
    expect(await text(page, 'completion-money-rate')).toBe(formatRate(stats.money.completionRate));
    const money = await text(page, 'completion-money-detail');
    expect(money).toBe(`${formatMoney(stats.money.completed)} / ${formatMoney(stats.money.able)} có điều kiện`);
    expect(money).toMatch(/^\d{1,3}(\.\d{3})+ đ \/ \d{1,3}(\.\d{3})+ đ có điều kiện$/);
    await page.getByTestId('completion-cases').getByText('Chỉ tiêu năm 2025: 83,9%').waitFor();
    await page.getByTestId('completion-money').getByText('Chỉ tiêu năm 2025: 51,9%').waitFor();
    // Those targets are the insight service's, the one table its reports print too.
    const { targets } = await api<{ targets: { year: number; cases: number; money: number }[] }>(
      page,
      '/api/insight/targets',
    );
    expect(targets.find((t) => t.year === 2025)).toMatchObject({ cases: 0.839, money: 0.519 });

    // The backlog (shown as a table first) and the score.
    expect(await text(page, 'backlog-carriedOver')).toBe(formatNumber(stats.carriedOver));
    expect(await text(page, 'backlog-new')).toBe(formatNumber(stats.new));
    expect(await text(page, 'backlog-completed')).toBe(formatNumber(stats.completed));
    expect(await text(page, 'backlog-carriedNext')).toBe(formatNumber(stats.carriedNext));
    expect(await text(page, 'backlog-money-toExecute')).toBe(formatMoney(stats.money.toExecute));
    expect(await text(page, 'score-value')).toBe(formatNumber(integrity.score));
    // The findings a suppression holds, counted apart from those in the figures.
    expect(await text(page, 'suppressed-count')).toBe(formatNumber(integrity.findings.suppressed.total));
    await page.getByTestId('sla').getByText('Phát hiện đang tạm ẩn (tính riêng)').waitFor();
    expect(await page.getByTestId('money-at-risk').locator('.ant-statistic-content-value').innerText()).toBe(
      formatMoney(integrity.moneyAtRisk.amount),
    );

    // The workflow times: the one finding concluded (5 December, 25 days after it was raised).
    expect(integrity.timeTo.conclude.count).toBe(1);
    expect(await text(page, 'times-conclude-count')).toBe('1');
    const mean = durationShown(integrity.timeTo.conclude.meanDays);
    expect(await text(page, 'times-conclude-mean')).toBe(`${formatNumber(mean?.n)} ngày`);
    expect(await text(page, 'times-decide-mean')).toBe('—');
    await page.getByTestId('times').getByText('Thời gian kết luận kiểm tra').waitFor();

    await page.getByTestId('trend').getByRole('img').waitFor();
    await page.getByTestId('heatmap').getByRole('img').waitFor();
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'leadership-dashboard');

    // The heat map's rows (the province's own office and each area office) add up to the province's findings.
    const heat = page.getByTestId('heatmap');
    await heat.getByText('Bảng số liệu').click();
    const totals = await heat.locator('tbody tr.ant-table-row td:last-child').allInnerTexts();
    expect(totals.length).toBeGreaterThan(1);
    expect(totals.reduce((n, s) => n + Number(s.replace(/\./g, '')), 0)).toBe(integrity.findings.total);
    await heat.getByRole('cell', { name: officer.unitId, exact: true }).waitFor();

    expect(await accessibilityViolations(page)).toEqual([]);

    // The reports, made while the page says so, are a PDF and an Excel workbook.
    for (const [kind, magic] of [
      ['pdf', '%PDF'],
      ['xlsx', 'PK'],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`report-${kind}`).click()]);
      expect(download.suggestedFilename()).toBe(`thads-statistics-DT-${FROM}-${TO}.${kind}`);
      const bytes = readFileSync(await download.path());
      expect(bytes.subarray(0, magic.length).toString('latin1')).toBe(magic);
      expect(bytes.length).toBeGreaterThan(1000);
    }

    // The officer with three findings is listed, and their profile opens from the list.
    const listed = integrity.repeatedOfficers.find((o) => o.officerId === officer.officerId);
    expect(listed?.count).toBeGreaterThanOrEqual(3);
    await page.getByTestId('repeated-officers').getByRole('link', { name: officer.officerId }).click();
    await page
      .getByRole('heading', { level: 1, name: `${officer.name} (${officer.officerId})` })
      .waitFor({ timeout: 90_000 });
    const theirs = await api<{ total: number }>(page, `/api/findings?officer=${officer.officerId}&page=1&pageSize=20`);
    expect(theirs.total).toBeGreaterThanOrEqual(3);
    const profile = page.getByTestId('officer-findings');
    await profile.getByText(`${theirs.total} phát hiện`).waitFor();
    await profile.getByRole('link', { name: 'Hồ sơ chậm giải quyết 1' }).waitFor();
    await page.getByTestId('officer-identity').getByText('Chấp hành viên').waitFor();
    await page.getByTestId('officer-history').getByText('Kết luận 05/12/2024 (có vi phạm)').waitFor();
    await page.getByTestId('officer-identity').getByText(officer.unitId, { exact: true }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'officer-profile');

    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('is usable at tablet width: nothing wider than the screen, the period picked by keyboard', async () => {
    const { page, problems } = await newPage(browser, { width: 768, height: 1024 });
    await signIn(page, stack.base, 'lanhdao.dung');
    await page.goto(`${stack.base}/dashboard?unit=DT&from=${FROM}&to=${TO}`);
    await page.getByTestId('score-value').waitFor();
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);

    // The first quarter of 2025 by keyboard: typed into the period list, chosen with Enter.
    await page.getByRole('combobox', { name: 'Kỳ', exact: true }).focus();
    await page.keyboard.type('Quý 1 năm thống kê 2025');
    await page.locator('.ant-select-item-option-active', { hasText: 'Quý 1 năm thống kê 2025' }).waitFor();
    await page.keyboard.press('Enter');
    await waitFor(
      'the quarter to show',
      async () => (await text(page, 'period-shown')) === 'DT · Từ 01/10/2024 đến 31/12/2024',
    );
    expect(page.url()).toContain('from=2024-10-01&to=2025-01-01');
    const quarter = await api<{ completionRate: number | null }>(
      page,
      `/api/insight/statistics?unitId=DT&from=2024-10-01&to=2025-01-01`,
    );
    await waitFor(
      "the quarter's completion rate",
      async () => (await text(page, 'completion-cases-rate')) === formatRate(quarter.completionRate),
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 180_000);
});
