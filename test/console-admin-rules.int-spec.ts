import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { TokenSigner, parseTokenSecret } from '@thads/auth';
import { dayOf, isoFromDay, weekday } from '@thads/rules';
import { formatDate } from '../services/console/client/src/lib/format';
import { dropNamespace, namespace, seedUnits, startDetector, waitFor, type Namespace } from './support/harness';
import {
  TOKEN_SECRET,
  expectAccessible,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
  startConsoleStack,
  type ConsoleStack,
} from './support/console-stack';

interface RuleList {
  rootAdministrator: boolean;
  rules: { ruleId: string; versions: { versionId: string; params: Record<string, number>; addedBy?: string }[] }[];
}

/**
 * The administrator's path through the rule book and the days off in the web console, in a real
 * browser against the real stack: the console routes /api/rules and /api/calendar to a detector
 * (its own namespace, the services' token secret). The province's administrator adds a version of
 * a rule — thresholds, a dd/mm/yyyy effective date after today, the reason — and sees it on the
 * rule's timeline as upcoming; then adds a day off to next year's calendar and saves it. No
 * serious or critical accessibility violation; usable at tablet width.
 */
describe('web console: the rule book and the days off (browser)', () => {
  let detectorNs: Namespace;
  let detector: INestApplication;
  let detectorBase: string;
  let stack: ConsoleStack;
  let browser: Browser;
  const admin = new TokenSigner(parseTokenSecret(TOKEN_SECRET), 3600).sign({
    sub: 'quantri.tinh',
    roles: ['admin'],
    unitId: 'DT',
  }).token;
  const rulesOfDetector = async () =>
    (await (
      await fetch(`${detectorBase}/api/rules`, { headers: { authorization: `Bearer ${admin}` } })
    ).json()) as RuleList;

  beforeAll(async () => {
    detectorNs = namespace();
    await seedUnits(detectorNs);
    detector = await startDetector(detectorNs, { tokenSecret: TOKEN_SECRET });
    await detector.listen(0, '127.0.0.1');
    detectorBase = `http://127.0.0.1:${(detector.getHttpServer() as { address(): AddressInfo }).address().port}`;
    await waitFor(
      'the detector to know the province as a root unit',
      async () => (await rulesOfDetector()).rootAdministrator,
    );
    stack = await startConsoleStack({ rulesBase: detectorBase });
    await stack.addUsers([{ username: 'quantri.tinh', roles: ['admin'], unitId: 'DT', name: 'Nguyễn Thị Hà' }]);
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await detector?.close();
    if (detectorNs) await dropNamespace(detectorNs);
  });

  it('adds a rule version from a day after today and shows it on the timeline as upcoming', async () => {
    const { page, problems } = await newPage(browser);
    await signIn(page, stack.base, 'quantri.tinh');
    await page.goto(`${stack.base}/admin/rules`);
    await page.getByRole('heading', { level: 1, name: 'Quy tắc phát hiện' }).waitFor();
    await page
      .getByRole('button', { name: /Chậm ra quyết định thi hành án/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Thêm phiên bản cho quy tắc Chậm ra quyết định thi hành án' }).click();

    const dialog = page.getByRole('dialog');
    const from = isoFromDay(dayOf(Date.now()) + 20);
    const date = dialog.getByLabel('Áp dụng từ ngày');
    await date.fill(formatDate(from));
    await date.press('Enter');
    await dialog.getByLabel('Số ngày làm việc').fill('12');
    await dialog.getByLabel('Lý do').fill('Thí điểm rút ngắn thời hạn ra quyết định');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Thêm phiên bản', exact: true }).click();
    await page.getByText(`Đã thêm phiên bản 3, hiệu lực từ ngày ${formatDate(from)}`).waitFor();
    await dialog.waitFor({ state: 'hidden' });

    const item = page.getByTestId('version-late-decision@3');
    await item.waitFor();
    const text = await item.innerText();
    for (const expected of [
      `Từ ngày ${formatDate(from)}`,
      'Phiên bản 3',
      'Sắp áp dụng',
      'Mọi đơn vị',
      '12 ngày',
      'quantri.tinh',
    ])
      expect(text).toContain(expected);
    expect(text).toContain('Thí điểm rút ngắn thời hạn ra quyết định');

    // The detector holds what the page showed, added by the signed-in administrator.
    const late = (await rulesOfDetector()).rules.find((r) => r.ruleId === 'late-decision');
    expect(late?.versions.find((v) => v.versionId === 'late-decision@3')).toMatchObject({
      params: { workingDays: 12 },
      addedBy: 'quantri.tinh',
    });

    await expectAccessible(page);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'admin-rules');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);

  it("adds a day off to next year's calendar and saves it with its source and reason", async () => {
    const { page, problems } = await newPage(browser);
    await signIn(page, stack.base, 'quantri.tinh');
    await page.goto(`${stack.base}/admin/calendar`);
    await page.getByRole('heading', { level: 1, name: 'Ngày nghỉ chính thức' }).waitFor();
    const next = Number(isoFromDay(dayOf(Date.now())).slice(0, 4)) + 1;
    await page.getByLabel('Năm', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: String(next) }).click();
    await page
      .getByRole('table')
      .filter({ hasText: `Tháng 3/${next}` })
      .waitFor();

    // The first weekday of March next year: not a public holiday anywhere.
    let day = Date.UTC(next, 2, 2) / 86_400_000;
    while (weekday(day) === 0 || weekday(day) === 6) day += 1;
    const iso = isoFromDay(day);
    const pick = page.getByLabel('Chọn ngày nghỉ cần thêm');
    await pick.fill(formatDate(iso));
    await pick.press('Enter');
    await page.getByRole('button', { name: 'Thêm ngày nghỉ' }).click();
    await page
      .getByText(`${formatDate(iso)} — `)
      .first()
      .waitFor();
    await page.getByLabel('Căn cứ (văn bản, thông báo)').fill('Thông báo nghỉ bù thử nghiệm');
    await page.getByLabel('Lý do').fill('Thêm ngày nghỉ bù');
    await page.getByRole('button', { name: `Lưu lịch năm ${next}` }).click();
    await page.getByText(`Đã lưu lịch ngày nghỉ năm ${next}`).waitFor();

    const years = (await (
      await fetch(`${detectorBase}/api/calendar/years`, { headers: { authorization: `Bearer ${admin}` } })
    ).json()) as { years: { year: number; daysOff: string[]; changedBy?: string }[] };
    expect(years.years.find((y) => y.year === next)).toMatchObject({ changedBy: 'quantri.tinh' });
    expect(years.years.find((y) => y.year === next)?.daysOff).toContain(iso);

    await expectAccessible(page);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'admin-calendar');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('is usable at tablet width: the pages do not scroll sideways', async () => {
    const { page } = await newPage(browser, { width: 768, height: 1024 });
    await signIn(page, stack.base, 'quantri.tinh');
    for (const [path, title] of [
      ['/admin/rules', 'Quy tắc phát hiện'],
      ['/admin/calendar', 'Ngày nghỉ chính thức'],
    ] as const) {
      await page.goto(`${stack.base}${path}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page
        .getByText(path === '/admin/rules' ? 'Chậm ra quyết định thi hành án' : 'Tháng 1/')
        .first()
        .waitFor();
      const overflow = await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
    await page.context().close();
  }, 300_000);
});
