import type { Browser, Page } from 'playwright-core';
import { aCase } from '@thads/contracts/testing';
import type { KafkaBus } from '@thads/messaging';
import { busFor, openDb, publish, seedUnits, waitFor } from './support/harness';
import { findingMessage, seedOfficers } from './support/inspection-client';
import {
  choose,
  accessibilityViolations,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
  signOut,
  startConsoleStack,
  type ConsoleStack,
} from './support/console-stack';

/**
 * The inspectors' and supervisors' main paths in the web console, in a real browser (Debian's
 * Chromium) against the real stack: the session kept in HttpOnly cookies (never readable by the
 * page), refreshed by the console and ended by signing out; the supervisor triages and
 * reassigns; the inspector works the case file and the working papers, uploads an attachment
 * with progress and concludes; the supervisor refers — every step through the services' own
 * checks. No serious or critical accessibility violation on the pages used; usable at tablet
 * width.
 */
describe('web console: inspectors and supervisors (browser)', () => {
  let stack: ConsoleStack;
  let bus: KafkaBus;
  let browser: Browser;
  const c = aCase('CF-1', 'DT-KV01')
    .on('2025-03-03')
    .received({ creditorIds: ['P-creditor'] })
    .assigned('OFF-7')
    .decisionIssued()
    .on('2025-03-04')
    .collected(100_000_000, 'cash')
    .on('2025-03-20')
    .disbursed(60_000_000);
  const collected = c.events.find((e) => e.type === 'finance.collected')!;

  beforeAll(async () => {
    stack = await startConsoleStack();
    await seedUnits(stack.ns);
    await seedOfficers(stack.ns, [
      { officerId: 'OFF-7', unitId: 'DT-KV01' },
      { officerId: 'INS-1', unitId: 'DT' },
      { officerId: 'INS-3', unitId: 'DT-KV02' },
      { officerId: 'INS-2', unitId: 'DT' },
    ]);
    await stack.addUsers([
      { username: 'thanhtra.an', roles: ['inspector'], unitId: 'DT', officerId: 'INS-1', name: 'Trần Văn An' },
      { username: 'thanhtra.binh', roles: ['inspector'], unitId: 'DT', officerId: 'INS-2', name: 'Lê Thị Bình' },
      // An area office's inspector: its scope is its own unit, so it may not take DT-KV01's findings.
      { username: 'thanhtra.khoa', roles: ['inspector'], unitId: 'DT-KV02', officerId: 'INS-3', name: 'Hồ Minh Khoa' },
      { username: 'truongdoan.cuong', roles: ['inspection_supervisor'], unitId: 'DT', name: 'Phạm Quốc Cường' },
    ]);
    bus = busFor(stack.ns);
    await publish(bus, c.events);
    await bus.publish('Findings', [
      {
        key: 'F-CF',
        value: findingMessage('F-CF', {
          caseId: 'CF-1',
          officerId: 'OFF-7',
          title: { vi: 'Chậm chi trả tiền cho người được thi hành án', en: 'Late payout to the creditor' },
          explanation: {
            vi: 'Đã thu 100.000.000 đ ngày 04/03/2025 nhưng sau 15 ngày mới chi trả 60.000.000 đ.',
            en: '100,000,000 VND collected on 4 March 2025; 60,000,000 VND paid out only after 15 days.',
          },
          evidence: { eventIds: [collected.eventId], figures: { outstandingAmount: 40_000_000, daysLate: 12 } },
        }),
      },
      {
        key: 'F-2',
        value: findingMessage('F-2', {
          caseId: 'CF-2',
          officerId: 'OFF-7',
          ruleId: 'stagnant-case',
          severity: 'medium',
          title: { vi: 'Hồ sơ không có hoạt động quá hạn', en: 'Case left idle' },
        }),
      },
    ]);
    await waitFor(
      'both findings assigned',
      async () => {
        const page = (await stack.inspection.call('GET', '/api/findings', 'truongdoan.cuong')).body as {
          items?: { assignee?: string }[];
        };
        return page.items?.length === 2 && page.items.every((f) => f.assignee);
      },
      60_000,
    );
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await bus?.disconnect();
    await stack?.close();
  });

  async function expectNoSeriousViolations(page: Page): Promise<void> {
    expect(await accessibilityViolations(page)).toEqual([]);
  }

  it('keeps the session in HttpOnly cookies: refreshed by the console, ended by signing out', async () => {
    const { page, problems } = await newPage(browser);
    await signIn(page, stack.base, 'thanhtra.an');
    // Page scripts see no token: the cookies are HttpOnly.
    expect(await page.evaluate('document.cookie')).toBe('');
    const cookies = await page.context().cookies();
    const access = cookies.find((k) => k.name === 'thads_access');
    expect(access).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookies.find((k) => k.name === 'thads_refresh')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    // Without its access token (expired), the next request is served after a refresh.
    await page.context().clearCookies({ name: 'thads_access' });
    await page.reload();
    await page.getByTestId('signed-in-user').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Việc của tôi' }).waitFor();
    const renewed = (await page.context().cookies()).find((k) => k.name === 'thads_access');
    expect(renewed?.value).toBeTruthy();
    expect(renewed?.value).not.toBe(access?.value);

    // A state-changing call without the console's header (a cross-site form) is refused.
    const forged = await page.evaluate(
      `fetch('/api/findings/F-CF/notes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"x"}' }).then(r => r.status)`,
    );
    expect(forged).toBe(400);

    const refresh = (await page.context().cookies()).find((k) => k.name === 'thads_refresh')!.value;
    await signOut(page);
    expect((await page.context().cookies()).filter((k) => k.name.startsWith('thads_'))).toEqual([]);
    // The refresh token was revoked at its issuer, not only forgotten by the browser.
    const reuse = await fetch(`${stack.inspection.base}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: refresh }),
    });
    expect(reuse.status).toBe(401);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('the supervisor triages and reassigns; the inspector works the case and concludes; the supervisor refers', async () => {
    const sup = await newPage(browser);
    await signIn(sup.page, stack.base, 'truongdoan.cuong');
    await sup.page.goto(`${stack.base}/findings`);
    await sup.page.getByRole('link', { name: 'Chậm chi trả tiền cho người được thi hành án' }).click();
    await sup.page.getByRole('heading', { level: 1, name: 'Chậm chi trả tiền cho người được thi hành án' }).waitFor();
    await sup.page.getByRole('button', { name: 'Phân loại' }).click();
    await sup.page.getByRole('dialog').getByRole('button', { name: 'Xác nhận' }).click();
    await sup.page.getByText('Đã chuyển sang "Đã phân loại"').waitFor();

    // Reassign the other finding with a reason; an inspector outside the unit's scope is refused with the service's reason.
    await sup.page.goto(`${stack.base}/findings/F-2`);
    await sup.page.getByRole('button', { name: 'Giao lại' }).click();
    const dialog = sup.page.getByRole('dialog');
    // The inspectors of the supervisor's units are offered, each with their load.
    await choose(dialog.getByLabel('Giao cho thanh tra viên'), 'thanhtra.khoa');
    await dialog.getByLabel('Lý do').fill('Cân đối khối lượng công việc');
    await dialog.getByRole('button', { name: 'Xác nhận' }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').innerText()).toMatch(/Trường assignee không hợp lệ: .*DT-KV01/);
    const current = (await stack.inspection.call('GET', '/api/findings/F-2', 'truongdoan.cuong')).body as {
      inspection: { assignee: string };
    };
    const other = current.inspection.assignee === 'thanhtra.an' ? 'thanhtra.binh' : 'thanhtra.an';
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'detached' });
    await sup.page.getByRole('button', { name: 'Giao lại' }).click();
    await dialog.getByLabel('Lý do').fill('Cân đối khối lượng công việc');
    await choose(dialog.getByLabel('Giao cho thanh tra viên'), other);
    await dialog.getByRole('button', { name: 'Xác nhận' }).click();
    // Either the confirmation, or the service's refusal (reported with its words if it comes).
    const outcome = await Promise.race([
      sup.page
        .getByText(`Đã giao lại cho ${other}`)
        .waitFor()
        .then(() => 'reassigned'),
      dialog
        .getByRole('alert')
        .waitFor()
        .then(() => dialog.getByRole('alert').innerText()),
    ]);
    expect(outcome).toBe('reassigned');
    expect(
      ((await stack.inspection.call('GET', '/api/findings/F-2', 'truongdoan.cuong')).body as typeof current).inspection
        .assignee,
    ).toBe(other);

    // The inspector: the inbox, the finding, the case file, the working papers, the conclusion.
    const cf = (await stack.inspection.call('GET', '/api/findings/F-CF', 'truongdoan.cuong')).body as {
      inspection: { assignee: string };
    };
    const inspector = cf.inspection.assignee;
    const insp = await newPage(browser);
    await signIn(insp.page, stack.base, inspector);
    await insp.page.getByRole('heading', { level: 1, name: 'Việc của tôi' }).waitFor();
    await insp.page.getByRole('link', { name: 'Chậm chi trả tiền cho người được thi hành án' }).waitFor();
    await expectNoSeriousViolations(insp.page);
    await screenshot(insp.page, 'inspector-inbox');
    await insp.page.getByRole('link', { name: 'Chậm chi trả tiền cho người được thi hành án' }).click();
    await insp.page.getByText('Luật THADS, Điều 47').waitFor();
    // Money as Vietnamese write it.
    await insp.page.getByText('40.000.000 đ').waitFor();
    await expectNoSeriousViolations(insp.page);
    await screenshot(insp.page, 'inspector-finding');

    await insp.page.getByRole('tab', { name: 'Hồ sơ vụ việc' }).click();
    await insp.page.getByText('Sổ tiền').waitFor();
    await insp.page.getByRole('tabpanel').getByText('100.000.000 đ', { exact: true }).first().waitFor();
    await screenshot(insp.page, 'inspector-case-file');

    await insp.page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
    await insp.page.getByRole('dialog').getByRole('button', { name: 'Xác nhận' }).click();
    await insp.page.getByText('Đã chuyển sang "Đang kiểm tra"').waitFor();

    await insp.page.getByRole('tab', { name: 'Hồ sơ làm việc' }).click();
    await insp.page.getByLabel('Thêm ghi chép').fill('Sổ quỹ ngày 04/03 ghi nhận biên lai BL-1');
    await insp.page.getByRole('button', { name: 'Lưu' }).click();
    await insp.page.getByText('Sổ quỹ ngày 04/03 ghi nhận biên lai BL-1').waitFor();
    await insp.page.locator('input[type=file]').setInputFiles({
      name: 'bien-ban.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Biên bản làm việc ngày 05/12/2026\n'.repeat(200)),
    });
    await insp.page.getByText('Đã tải bien-ban.txt lên').waitFor();
    await insp.page.getByRole('link', { name: 'bien-ban.txt' }).waitFor();

    await insp.page.getByRole('button', { name: 'Kết luận' }).click();
    const conclude = insp.page.getByRole('dialog');
    // Required fields are named before anything is sent.
    await conclude.getByRole('button', { name: 'Xác nhận' }).click();
    await conclude.getByText('Bắt buộc').first().waitFor();
    await conclude.getByLabel('Có vi phạm', { exact: true }).check();
    await conclude.getByLabel('Lập luận').fill('Biên lai BL-1 xác nhận đã thu; chứng từ chi chậm 12 ngày so với hạn.');
    await conclude.getByRole('button', { name: 'Xác nhận' }).click();
    await insp.page.getByText('Đã chuyển sang "Đã kết luận"').waitFor();
    await screenshot(insp.page, 'inspector-working-papers');

    await sup.page.goto(`${stack.base}/findings/F-CF`);
    await sup.page.getByRole('button', { name: 'Chuyển xử lý' }).click();
    const refer = sup.page.getByRole('dialog');
    await refer.getByLabel('Hội đồng kỷ luật').check();
    await refer.getByLabel('Ghi chú').fill('Đề nghị xem xét kỷ luật');
    await refer.getByRole('button', { name: 'Xác nhận' }).click();
    await sup.page.getByText('Đã chuyển sang "Đã chuyển"').waitFor();

    const f = (await stack.inspection.call('GET', '/api/findings/F-CF', 'truongdoan.cuong')).body as {
      finding: { status: string; conclusion: { result: string; by: string } };
    };
    expect(f.finding.status).toBe('referred');
    expect(f.finding.conclusion).toMatchObject({ result: 'substantiated', by: inspector });
    const { db, close } = await openDb(stack.ns);
    const audit = await db.collection('audit_trail').find({}).toArray();
    await close();
    const actions = audit.map(
      (e) => `${String(e['actor'] ?? e['by'] ?? '')} ${String(e['action'] ?? e['type'] ?? '')}`,
    );
    expect(actions.join('\n')).toContain(inspector);
    expect(sup.problems).toEqual([]);
    expect(insp.problems).toEqual([]);
    await sup.page.context().close();
    await insp.page.context().close();
  });

  it('is usable at tablet width and in English', async () => {
    const { page, problems } = await newPage(browser, { width: 768, height: 1024 });
    await signIn(page, stack.base, 'truongdoan.cuong');
    await page.goto(`${stack.base}/findings`);
    await page.getByRole('link', { name: 'Hồ sơ không có hoạt động quá hạn' }).waitFor();
    // Nothing wider than the screen but the table's own scroll area.
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Findings' }).waitFor();
    await expectNoSeriousViolations(page);
    await screenshot(page, 'supervisor-findings-tablet-en');
    // The switch is kept: the next visit opens in English.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Findings' }).waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
