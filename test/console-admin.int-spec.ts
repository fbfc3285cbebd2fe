import { Queue, type Job } from 'bullmq';
import IORedis from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { JobNames, Queues, type SlaJob } from '@thads/contracts';
import { infra, openDb, seedUnits, waitFor } from './support/harness';
import {
  choose,
  expectAccessible,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
  startConsoleStack,
  type ConsoleStack,
} from './support/console-stack';

/**
 * The administrators' pages of the web console, in a real browser against the real stack:
 * users (a one-time password shown once; a privileged role held for a second administrator,
 * who approves it on the same page), failed background jobs with their reason and a retry, and
 * the verification of both services' audit chains — each through the services' own checks, with
 * no serious or critical accessibility violation on any of the pages.
 */
describe('web console: administrators (browser)', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  let redis: IORedis;
  let sla: Queue<SlaJob>;

  const usersOf = async (who: string) =>
    ((await stack.inspection.call('GET', '/api/users', who)).body['items'] ?? []) as {
      username: string;
      roles: string[];
      active: boolean;
    }[];
  const signInDirect = (username: string, password: string) =>
    fetch(`${stack.inspection.base}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });

  beforeAll(async () => {
    stack = await startConsoleStack();
    await seedUnits(stack.ns);
    await stack.addUsers([
      { username: 'quantri.an', roles: ['admin'], unitId: 'DT', name: 'Đỗ Thị An' },
      { username: 'quantri.binh', roles: ['admin'], unitId: 'DT', name: 'Vũ Văn Bình' },
      { username: 'thanhtra.kv01', roles: ['inspector'], unitId: 'DT-KV01', name: 'Hoàng Minh Khoa' },
    ]);
    // The units are in the service's registry view once an area office's user is in the province admin's list.
    await waitFor('the registry view to hold the units', async () =>
      (await usersOf('quantri.an')).some((u) => u.username === 'thanhtra.kv01'),
    );

    // A job about a finding that does not exist fails for good at once (inspection-sla.int-spec.ts).
    redis = new IORedis(infra.redisUrl, { maxRetriesPerRequest: null });
    sla = new Queue<SlaJob>(Queues.Sla, { connection: redis, prefix: stack.ns.queuePrefix });
    await sla.add(
      JobNames.SlaEscalation,
      { v: 1, findingId: 'S-missing', at: 0 },
      { jobId: 'escalate-S-missing', attempts: 3, backoff: { type: 'fixed', delay: 100 } },
    );
    await waitFor('the job to fail for good', async () => {
      const j = await sla.getJob('escalate-S-missing');
      return (await j?.getState()) === 'failed';
    });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await sla?.close();
    redis?.disconnect();
    await stack?.close();
  });

  /** A page of the console; a step may wait up to a minute (the machine runs other suites too). */
  async function open(viewport?: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
    const opened = await newPage(browser, viewport);
    opened.page.setDefaultTimeout(60_000);
    return opened;
  }

  /** Confirms the open Popconfirm (the one confirmation bubble on screen). */
  async function confirmPopup(page: Page): Promise<void> {
    const popup = page.locator('.ant-popconfirm:not(.ant-popover-hidden)');
    await popup.getByRole('button', { name: 'Xác nhận' }).click();
    await popup.waitFor({ state: 'hidden' });
  }

  it('creates a user with a one-time password shown once; a privileged role waits until a second administrator approves it', async () => {
    const { page, problems } = await open();
    await signIn(page, stack.base, 'quantri.an');
    await page.goto(`${stack.base}/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'Người dùng' }).waitFor();
    await page.getByRole('row', { name: /thanhtra\.kv01/ }).waitFor();
    await expectAccessible(page);

    // A user with a role that needs no second administrator.
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    const create = page.getByRole('dialog');
    await create.getByLabel('Tên đăng nhập').fill('canbo.moi');
    await create.getByLabel('Họ và tên').fill('Nguyễn Văn Mới');
    // The unit from the picker; its open list has a name (axe-core checks it open).
    const unit = create.getByLabel('Đơn vị');
    await unit.click();
    await unit.fill('DT-KV01');
    await page.locator('.ant-select-item-option-active:visible').first().waitFor();
    expect(await page.locator('#unitId_list').getAttribute('title')).toBe('Đơn vị');
    await expectAccessible(page);
    await choose(unit, 'DT-KV01');
    await create.getByLabel('Mã cán bộ (danh bạ)').fill('OFF-NEW');
    expect(await create.getByLabel(/^Thanh tra viên/).isChecked()).toBe(true);
    await expectAccessible(page);
    await create.getByRole('button', { name: 'Lưu' }).click();

    // The one-time password, once, with the warning; it signs in (and only allows changing it).
    const shown = page.getByRole('dialog', { name: 'Mật khẩu dùng một lần' });
    await shown.getByText('Đã tạo người dùng canbo.moi.').waitFor();
    await shown.getByText(/chỉ hiển thị một lần duy nhất và không thể xem lại/).waitFor();
    const otp = await shown.getByLabel('Mật khẩu dùng một lần của canbo.moi').inputValue();
    expect(otp.length).toBeGreaterThanOrEqual(12);
    await shown.getByRole('button', { name: 'Sao chép' }).waitFor();
    await expectAccessible(page);
    const first = await signInDirect('canbo.moi', otp);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(true);
    // Escape does not lose it by accident: only the explicit button closes the dialog.
    await page.keyboard.press('Escape');
    await shown.getByRole('button', { name: 'Tôi đã ghi lại mật khẩu' }).click();
    await shown.waitFor({ state: 'hidden' });
    const row = page.getByRole('row', { name: /canbo\.moi/ });
    await row.getByText('Chưa đổi mật khẩu dùng một lần').waitFor();
    await row.getByText('Thanh tra viên').waitFor();
    await row.getByText('DT-KV01').waitFor();
    // Never shown again: not in the page once the dialog is closed.
    expect(await page.content()).not.toContain(otp);

    // A privileged role asked for: held as a request, shown pending; the user keeps their roles.
    await page.getByRole('button', { name: 'Sửa canbo.moi' }).click();
    const edit = page.getByRole('dialog', { name: 'Sửa người dùng canbo.moi' });
    await edit.getByText('— cần quản trị viên thứ hai duyệt').first().waitFor();
    await edit.getByLabel(/^Trưởng đoàn thanh tra/).check();
    await edit.getByRole('button', { name: 'Lưu' }).click();
    await page
      .getByText('Vai trò Trưởng đoàn thanh tra của canbo.moi đang chờ một quản trị viên khác duyệt.')
      .waitFor();
    await page.getByTestId('pending-canbo.moi').getByText('Chờ duyệt: Trưởng đoàn thanh tra').waitFor();
    const grants = page.getByTestId('grants');
    const request = grants.getByRole('row', { name: /canbo\.moi/ });
    await request.getByText('quantri.an').waitFor();
    // The administrator who asked cannot approve it: no button, a sentence saying why.
    await request.getByText('Bạn là người yêu cầu: cần một quản trị viên khác duyệt').waitFor();
    expect(await request.getByRole('button').count()).toBe(0);
    expect((await usersOf('quantri.an')).find((u) => u.username === 'canbo.moi')?.roles).toEqual(['inspector']);
    await expectAccessible(page);
    await screenshot(page, 'admin-users');

    // A second administrator approves it on the same page.
    const second = await open();
    await signIn(second.page, stack.base, 'quantri.binh');
    await second.page.goto(`${stack.base}/admin/users`);
    await second.page.getByRole('heading', { level: 1, name: 'Người dùng' }).waitFor();
    await second.page.getByTestId('grants').getByRole('button', { name: 'Duyệt canbo.moi' }).click();
    await confirmPopup(second.page);
    await second.page.getByText('Đã cấp vai trò Trưởng đoàn thanh tra cho canbo.moi').waitFor();
    // The request leaves the list (then the only row naming the user is theirs), the role is theirs.
    await second.page.getByTestId('grants').getByText('Không có yêu cầu nào đang chờ.').waitFor();
    await second.page.getByTestId('pending-canbo.moi').waitFor({ state: 'detached' });
    await second.page
      .getByRole('row', { name: /canbo\.moi/ })
      .getByText('Trưởng đoàn thanh tra')
      .waitFor();
    expect((await usersOf('quantri.binh')).find((u) => u.username === 'canbo.moi')?.roles).toEqual([
      'inspector',
      'inspection_supervisor',
    ]);

    // A reset gives a new one-time password, once; the first one no longer works.
    await page.reload();
    await page.getByRole('button', { name: 'Đặt lại mật khẩu canbo.moi' }).click();
    await confirmPopup(page);
    const reset = page.getByRole('dialog', { name: 'Mật khẩu dùng một lần' });
    await reset.getByText('Đã đặt lại mật khẩu của canbo.moi.').waitFor();
    const otp2 = await reset.getByLabel('Mật khẩu dùng một lần của canbo.moi').inputValue();
    expect(otp2).not.toBe(otp);
    expect((await signInDirect('canbo.moi', otp)).status).toBe(401);
    expect((await signInDirect('canbo.moi', otp2)).status).toBe(200);
    await reset.getByRole('button', { name: 'Tôi đã ghi lại mật khẩu' }).click();

    // Deactivation: confirmed, shown, and the account no longer signs in.
    await page.getByRole('button', { name: 'Vô hiệu hóa canbo.moi' }).click();
    await confirmPopup(page);
    await page
      .getByRole('row', { name: /canbo\.moi/ })
      .getByText('Đã vô hiệu hóa')
      .waitFor();
    expect((await signInDirect('canbo.moi', otp2)).status).toBe(401);
    await page.getByRole('button', { name: 'Kích hoạt canbo.moi' }).waitFor();

    expect(problems).toEqual([]);
    expect(second.problems).toEqual([]);
    await page.context().close();
    await second.page.context().close();
  }, 480_000);

  it('lists a failed job with its reason and attempts, and retries it', async () => {
    const { page, problems } = await open();
    await signIn(page, stack.base, 'quantri.an');
    await page.goto(`${stack.base}/admin/jobs`);
    await page.getByRole('heading', { level: 1, name: 'Tác vụ lỗi' }).waitFor();
    const row = page.getByRole('row', { name: /escalate-S-missing/ });
    await row.getByText('no inspection task for finding S-missing').waitFor();
    await row.getByText('Chuyển cấp khi quá hạn').waitFor();
    expect(await row.getByRole('cell', { name: '1', exact: true }).count()).toBe(1);
    await page.getByText('Thời hạn kiểm tra: 1').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'admin-jobs');

    const before = (await sla.getJob('escalate-S-missing'))!;
    const finishedBefore = before.finishedOn ?? 0;
    await row.getByRole('button', { name: 'Chạy lại escalate-S-missing' }).click();
    await page.getByText('Đã đưa tác vụ escalate-S-missing vào hàng đợi để chạy lại').waitFor();
    // It really ran again (and failed again: the finding still does not exist).
    const again = await waitFor('the retried job to have run again', async () => {
      const j: Job<SlaJob> | undefined = await sla.getJob('escalate-S-missing');
      return j && (await j.getState()) === 'failed' && (j.finishedOn ?? 0) > finishedBefore ? j : undefined;
    });
    expect(again.failedReason).toBe('no inspection task for finding S-missing');
    const { db, close } = await openDb(stack.ns);
    const retried = await db.collection('audit_trail').findOne({ action: 'job.retried' });
    await close();
    expect(retried).toMatchObject({ actor: 'user:quantri.an', subject: `job:${Queues.Sla}/escalate-S-missing` });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('verifies both audit chains on demand, shows them intact, and names the first altered entry', async () => {
    const { page, problems } = await open();
    await signIn(page, stack.base, 'quantri.an');
    await page.goto(`${stack.base}/admin/audit`);
    await page.getByRole('heading', { level: 1, name: 'Nhật ký kiểm toán' }).waitFor();
    const inspectionCard = page.getByTestId('audit-inspection');
    const disciplineCard = page.getByTestId('audit-discipline');
    await inspectionCard.getByText('Chưa kiểm tra.').waitFor();
    await page.getByRole('button', { name: 'Kiểm tra toàn bộ' }).click();
    await inspectionCard.getByText('Chuỗi nguyên vẹn').waitFor();
    await disciplineCard.getByText('Chuỗi nguyên vẹn').waitFor();
    await page.getByText('Đã kiểm tra 2/2 chuỗi').waitFor();
    // The count is the service's own.
    const expected = (await stack.inspection.call('GET', '/api/audit/verify', 'quantri.an')).body as {
      ok: boolean;
      entries: number;
    };
    expect(expected.ok).toBe(true);
    expect(expected.entries).toBeGreaterThan(0);
    await inspectionCard.getByText(`Đã kiểm tra ${String(expected.entries)} mục, tất cả đều khớp.`).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'admin-audit');

    // An entry altered in the store: the page names it, never "intact".
    const { db, close } = await openDb(stack.ns);
    const [victim] = await db.collection<{ _id: number }>('audit_trail').find().sort({ _id: -1 }).limit(1).toArray();
    expect(victim).toBeDefined();
    await db
      .collection<{ _id: number }>('audit_trail')
      .updateOne({ _id: victim!._id }, { $set: { actor: 'user:someone-else' } });
    await close();
    await inspectionCard.getByRole('button', { name: 'Kiểm tra lại: Chuỗi của dịch vụ thanh tra' }).click();
    await inspectionCard.getByText('Chuỗi bị phá vỡ').waitFor();
    await inspectionCard.getByText(`Mục đầu tiên không khớp: số ${String(victim!._id)}`, { exact: false }).waitFor();
    await inspectionCard.getByText('Nội dung của mục đã bị sửa: không khớp với mã băm của nó.').waitFor();
    await disciplineCard.getByText('Chuỗi nguyên vẹn').waitFor();
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('is usable at tablet width: nothing wider than the screen but the tables themselves', async () => {
    const { page, problems } = await open({ width: 768, height: 1024 });
    await signIn(page, stack.base, 'quantri.binh');
    for (const [path, title] of [
      ['/admin/users', 'Người dùng'],
      ['/admin/jobs', 'Tác vụ lỗi'],
      ['/admin/audit', 'Nhật ký kiểm toán'],
    ] as const) {
      await page.goto(`${stack.base}${path}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
      const overflow = await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect([path, overflow]).toEqual([path, 0]);
    }
    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);
});
