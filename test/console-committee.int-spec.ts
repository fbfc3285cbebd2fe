import type { Browser, Page } from 'playwright-core';
import type { AnyEvent } from '@thads/contracts';
import type { KafkaBus } from '@thads/messaging';
import { newNonce, receiptFor, type MyBallot } from '../services/discipline/src/domain';
import { busFor, openDb, publishRegistry, registryEvent, waitFor } from './support/harness';
import { PASSWORD, findingMessage } from './support/inspection-client';
import {
  accessibilityViolations,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
  startConsoleStack,
  type ConsoleStack,
} from './support/console-stack';

/** A clock both services read and the test moves by hand: the summons' five working days without waiting for them. */
class TestClock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

const officer = (officerId: string, unitId: string, role: string, name: string, relatedPartyIds: string[] = []) =>
  registryEvent(`ro-${officerId}`, 'registry.officer', {
    officerId,
    unitId,
    name,
    role,
    relatedPartyIds,
    bankAccountHashes: [],
  });

// Officer ids in capitals and with dashes: none of them can occur inside a receipt or a ballot id (lowercase hex).
const SUBJECT = 'CB-DOITUONG';
const CHAIR = 'CB-TRUONGPHONG';
const MEMBER = 'CB-UYVIEN-LAN';
const OTHER = 'CB-UYVIEN-MINH';
const RELATED = 'CB-HANG';
const PID = 'DP-F-HDKL';
const ROUND = `${PID}-r1`;

/**
 * The discipline committee's pages in a real browser (Debian's Chromium) on the real stack: a
 * finding about an officer is referred through the inspection API and a proceeding opens; the
 * council is formed (a member related to the subject recused and replaced), the subject
 * summoned and the meeting held by API calls; then a council member signs in, finds the
 * proceeding in the list, opens it, reads the evidence (no denouncer), and casts their ballot
 * in round 1 from the page — the receipt computed in the browser with WebCrypto, shown to keep,
 * kept only in the tab's sessionStorage. When the others have voted, the member's browser
 * recounts the round and verifies their own ballot. The stored ballots name no member, and the
 * page never shows another member's ballot. No serious or critical accessibility violation on
 * the list and the proceeding page.
 */
describe('web console: the discipline committee (browser)', () => {
  // Monday 7 December 2026, 09:00 in Vietnam.
  const clock = new TestClock(Date.parse('2026-12-07T09:00:00+07:00'));
  let stack: ConsoleStack;
  let bus: KafkaBus;
  let browser: Browser;
  const tokens = new Map<string, string>();

  const token = async (who: string): Promise<string> => {
    const known = tokens.get(who);
    if (known) return known;
    const r = await waitFor(`sign-in of ${who}`, async () => {
      const res = await fetch(`${stack.inspection.base}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: who, password: PASSWORD }),
      });
      return res.status === 200 ? ((await res.json()) as { accessToken: string }) : undefined;
    });
    tokens.set(who, r.accessToken);
    return r.accessToken;
  };

  /** A call to the discipline API as `who`, straight to the service (the steps whose UI is not the point here). */
  const discipline = async (method: string, path: string, who: string, body?: unknown) => {
    const res = await fetch(`${stack.disciplineBase}/api/discipline/proceedings/${PID}${path}`, {
      method,
      headers: { authorization: `Bearer ${await token(who)}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };

  beforeAll(async () => {
    stack = await startConsoleStack({ inspection: { clock }, discipline: { clock } });
    await publishRegistry(stack.ns, [
      registryEvent('ru-dt', 'registry.unit', { unitId: 'DT', name: 'THADS tỉnh Đồng Tháp', level: 'province' }),
      registryEvent('ru-kv01', 'registry.unit', {
        unitId: 'DT-KV01',
        name: 'Phòng THADS khu vực 1',
        level: 'district',
        parentUnitId: 'DT',
      }),
      officer(SUBJECT, 'DT-KV01', 'enforcement_officer', 'Nguyễn Văn Sáu', [RELATED]),
      officer(CHAIR, 'DT-KV01', 'head', 'Trần Thị Hòa'),
      officer(MEMBER, 'DT-KV01', 'clerk', 'Lê Thị Lan'),
      officer(OTHER, 'DT-KV01', 'clerk', 'Phạm Văn Minh'),
      officer(RELATED, 'DT-KV01', 'clerk', 'Nguyễn Thị Hằng'),
      officer('CB-THANHTRA', 'DT', 'inspector', 'Đặng Văn Ích'),
      officer('CB-TRUONGDOAN', 'DT', 'inspection_supervisor', 'Bùi Thị Sen'),
    ] as AnyEvent[]);
    await stack.addUsers([
      { username: 'truongdoan.sen', roles: ['inspection_supervisor'], unitId: 'DT', officerId: 'CB-TRUONGDOAN' },
      { username: 'thanhtra.ich', roles: ['inspector'], unitId: 'DT', officerId: 'CB-THANHTRA' },
      {
        username: 'chutich.hoa',
        roles: ['committee_chair'],
        unitId: 'DT-KV01',
        officerId: CHAIR,
        name: 'Trần Thị Hòa',
      },
      { username: 'uyvien.lan', roles: ['committee_member'], unitId: 'DT-KV01', officerId: MEMBER, name: 'Lê Thị Lan' },
      {
        username: 'uyvien.minh',
        roles: ['committee_member'],
        unitId: 'DT-KV01',
        officerId: OTHER,
        name: 'Phạm Văn Minh',
      },
    ]);
    bus = busFor(stack.ns);

    // ---- the inspection refers a finding about the subject to the committee ------------------
    await bus.publish('Findings', [
      {
        key: 'F-HDKL',
        value: findingMessage('F-HDKL', {
          officerId: SUBJECT,
          unitId: 'DT-KV01',
          severity: 'high',
          detectedAt: '2025-09-10T10:00:00+07:00',
          title: { vi: 'Giữ tiền thu được quá hạn chi trả', en: 'Collected money held past the payout deadline' },
          evidence: {
            eventIds: ['C-F-HDKL-5'],
            figures: { outstanding: 5_000_000, complaintIds: ['TC-9'], denouncerName: 'Người tố cáo Kín Danh' },
          },
        }),
      },
    ]);
    await waitFor('the inspection assigned', async () => {
      const r = await stack.inspection.call('GET', '/api/findings/F-HDKL', 'truongdoan.sen');
      return (r.body['inspection'] as { assignee?: string } | undefined)?.assignee === 'thanhtra.ich';
    });
    const move = async (who: string, body: Record<string, unknown>) =>
      expect(await stack.inspection.call('POST', '/api/findings/F-HDKL/transitions', who, body)).toMatchObject({
        status: 200,
      });
    await move('truongdoan.sen', { to: 'triaged' });
    await move('thanhtra.ich', { to: 'under_inspection' });
    await move('thanhtra.ich', {
      to: 'concluded',
      result: 'substantiated',
      reasoning: 'Tiền thu được giữ lại 12 ngày không chi trả',
      truePositive: true,
    });
    await move('truongdoan.sen', { to: 'referred', target: 'discipline_committee', note: 'Đề nghị xem xét kỷ luật' });

    // ---- the proceeding opens; council, summons and meeting through the API -----------------
    await waitFor(
      'the proceeding opened, its subject known to the registry view',
      async () => {
        const r = await discipline('GET', '', 'chutich.hoa');
        return r.status === 200 && (r.body['subject'] as { name?: string }).name === 'Nguyễn Văn Sáu';
      },
      90_000,
    );
    const formed = await discipline('POST', '/council', 'chutich.hoa', {
      chair: CHAIR,
      members: [RELATED, MEMBER],
      alternates: [OTHER],
    });
    expect(formed.status === 200 ? 'ok' : JSON.stringify(formed)).toBe('ok');
    expect(formed.body['council']).toMatchObject({ chair: expect.objectContaining({ officerId: CHAIR }) });
    expect(formed.body['recusals']).toEqual([expect.objectContaining({ officerId: RELATED, replacedBy: OTHER })]);
    // A refusal is shown whole (code and reason), not as a bare status: this step once answered 403
    // in CI only, unexplained (see the notes).
    const summoned = await discipline('POST', '/summons', 'chutich.hoa', { meetingOn: '2026-12-14' });
    expect(summoned.status === 200 ? 'ok' : JSON.stringify(summoned)).toBe('ok');
    clock.t = Date.parse('2026-12-14T08:30:00+07:00');
    const met = await discipline('POST', '/meeting', 'chutich.hoa', {
      present: [CHAIR, MEMBER, OTHER],
      subject: 'present',
    });
    expect(met).toMatchObject({ status: 200 });
    const round = await discipline('POST', '/rounds', 'chutich.hoa');
    expect(round.body).toMatchObject({ roundId: ROUND, question: 'discipline' });

    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await bus?.disconnect();
    await stack?.close();
  });

  /** The HTML of the page now: what it shows, and what it holds without showing. */
  const html = (page: Page) => page.content();

  it('a council member finds the proceeding, casts a secret ballot in round 1 from the page, keeps the receipt and verifies it was counted', async () => {
    const { page, problems } = await newPage(browser);
    const castAnswers: string[] = [];
    page.on('response', (r) => {
      if (r.request().method() === 'POST' && r.url().includes('/ballots'))
        void r.text().then((t) => castAnswers.push(t));
    });
    await signIn(page, stack.base, 'uyvien.lan');

    // ---- the list -----------------------------------------------------------------------------
    await page.goto(`${stack.base}/proceedings`);
    await page.getByRole('heading', { level: 1, name: 'Vụ việc kỷ luật' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(PID) });
    await row.getByText('Công chức: Nghị định 172/2025/NĐ-CP').waitFor();
    // 90 days from the discovery (7 December 2026): 7 March 2027 is a Sunday, so Monday 8 March.
    await row.getByText(/08\/03\/2027 · (còn \d+ ngày|quá hạn \d+ ngày|hết hạn hôm nay)/).waitFor();
    await row.getByText('Hội đồng đã họp').waitFor();
    await row.getByText('Nguyễn Văn Sáu').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'committee-proceedings');

    // ---- the proceeding: the evidence without its denouncer ----------------------------------
    await row.getByRole('link', { name: PID }).click();
    await page.getByRole('heading', { level: 1, name: `Vụ việc ${PID}` }).waitFor();
    await page.getByRole('tab', { name: 'Vi phạm và chứng cứ' }).click();
    await page.getByText('Giữ tiền thu được quá hạn chi trả').waitFor();
    await page.getByText('5.000.000 đ').waitFor();
    expect(await html(page)).not.toMatch(/Kín Danh|TC-9|denouncerName|complaintIds/);
    await page.getByRole('tab', { name: 'Hội đồng kỷ luật' }).click();
    await page.getByText('Có quan hệ đã kê khai với người bị xem xét').waitFor();

    // ---- round 1 -------------------------------------------------------------------------------
    await page.getByRole('tab', { name: 'Bỏ phiếu kín' }).click();
    await page.getByText('Vòng 1 đang mở: Có xử lý kỷ luật hay không').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('radio', { name: 'Đề nghị xử lý kỷ luật' }).check();
    await page.getByRole('button', { name: 'Bỏ phiếu', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Bỏ phiếu', exact: true }).click();
    const receiptBox = page.getByTestId('ballot-receipt');
    await receiptBox.waitFor();
    const receipt = (await receiptBox.textContent())!.trim();
    expect(receipt).toMatch(/^[0-9a-f]{64}$/);
    await page.getByText('Phiếu của bạn đã được nhận.').waitFor();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.locator('.ant-modal-mask').waitFor({ state: 'hidden' });
    await screenshot(page, 'committee-ballot');

    // The service answered the cast with "accepted" and nothing else.
    await waitFor('the answer to the cast', () => castAnswers.length === 1);
    expect(JSON.parse(castAnswers[0]!)).toEqual({ accepted: true });

    // The browser kept { round, choice, nonce, receipt } in this tab only, and the receipt is the
    // protocol's: SHA-256 of the round, the choice and the nonce, as the domain computes it.
    const tabStore = JSON.parse(await page.evaluate<string>('JSON.stringify(sessionStorage)')) as Record<
      string,
      string
    >;
    const kept = JSON.parse(tabStore[`thads.ballot.${MEMBER}.${ROUND}`]!) as MyBallot & { receipt: string };
    expect(kept).toMatchObject({ roundId: ROUND, choice: 'discipline', receipt });
    expect(receiptFor(kept)).toBe(receipt);
    expect(await page.evaluate<string[]>("Object.keys(localStorage).filter((k) => k.includes('ballot'))")).toEqual([]);

    // ---- the two others vote (their own clients, through the API) ---------------------------
    const theirs: (MyBallot & { receipt: string })[] = [];
    for (const [who, choice] of [
      ['chutich.hoa', 'discipline'],
      ['uyvien.minh', 'no_discipline'],
    ] as const) {
      const mine: MyBallot = { roundId: ROUND, choice, nonce: newNonce() };
      theirs.push({ ...mine, receipt: receiptFor(mine) });
      const r = await discipline('POST', `/rounds/${ROUND}/ballots`, who, { choice, receipt: receiptFor(mine) });
      expect(r).toEqual({ status: 202, body: { accepted: true } });
    }

    // ---- the round closes: the browser recounts it and verifies the member's own ballot -----
    const closed = page.getByTestId('round-1');
    await closed.waitFor({ timeout: 30_000 });
    await closed.getByText(/Kiểm lại trên trình duyệt: Kiểm lại khớp/).waitFor();
    await closed.getByRole('button', { name: 'Kiểm tra phiếu của tôi' }).click();
    await page.getByTestId('ballot-check').getByText('Phiếu của bạn đã được kiểm đúng như bạn đã bầu.').waitFor();
    // Seen counted: the tab no longer keeps anything that says how the member voted.
    expect(
      await page.evaluate<string[]>("Object.keys(sessionStorage).filter((k) => k.startsWith('thads.ballot.'))"),
    ).toEqual([]);

    // Usable at tablet width: the receipt and the round fit without a horizontal scroll.
    await page.setViewportSize({ width: 768, height: 1024 });
    await closed.getByText('Mã cam kết công bố').waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(768);

    // ---- nobody's choice is shown next to anyone, and no other member's ballot at all ---------
    const page_ = await html(page);
    for (const b of theirs) {
      expect(page_).not.toContain(b.receipt);
      expect(page_).not.toContain(b.nonce);
    }
    const ballotTab = await page.getByRole('tabpanel').innerText();
    for (const who of [
      CHAIR,
      OTHER,
      MEMBER,
      'Trần Thị Hòa',
      'Phạm Văn Minh',
      'Lê Thị Lan',
      'chutich.hoa',
      'uyvien.minh',
    ])
      expect(ballotTab).not.toContain(who);
    // The tally is public (as in the minutes): two for discipline, one against.
    const tallyRows = await closed.getByRole('row').allInnerTexts();
    expect(tallyRows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual(
      expect.arrayContaining(['Đề nghị xử lý kỷ luật 2', 'Không xử lý kỷ luật 1', 'Không biểu quyết 0']),
    );

    // ---- the store: ballots without voters --------------------------------------------------
    const { db, close } = await openDb({ ...stack.ns, db: stack.disciplineDb });
    try {
      const ballots = await db.collection('ballots').find({ roundId: ROUND }).toArray();
      expect(ballots).toHaveLength(3);
      for (const b of ballots) {
        expect(Object.keys(b).sort()).toEqual(['_id', 'ballotId', 'choice', 'receipt', 'roundId']);
        const text = JSON.stringify(b);
        for (const id of [CHAIR, MEMBER, OTHER, 'chutich.hoa', 'uyvien.lan', 'uyvien.minh', 'Lê Thị Lan'])
          expect(text).not.toContain(id);
      }
      // The member's ballot is stored as the page cast it.
      expect(ballots.find((b) => b['receipt'] === receipt)).toMatchObject({ choice: 'discipline' });
      const participations = await db.collection('ballot_participations').find({ roundId: ROUND }).toArray();
      for (const p of participations) expect(Object.keys(p).sort()).toEqual(['_id', 'officerId', 'roundId']);
    } finally {
      await close();
    }
    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);
});
