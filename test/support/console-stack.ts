import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { ConsoleModule } from '../../services/console/src/app.module';
import { loadConsoleConfig } from '../../services/console/src/config';
import { DisciplineModule, type DisciplineModuleOptions } from '../../services/discipline/src/app.module';
import { InsightModule } from '../../services/insight/src/app.module';
import type { InspectionModuleOptions } from '../../services/inspection/src/app.module';
import {
  disciplineConfig,
  dropNamespace,
  insightConfig,
  inspectionConfig,
  namespace,
  openDb,
  type Namespace,
  listen,
} from './harness';
import { InspectionUnderTest, PASSWORD, userDoc } from './inspection-client';

/**
 * The web console over the real stack for browser tests: the inspection, discipline and insight
 * services and the console itself, each in this process on a free port, in a namespace of their
 * own (topics, groups, databases, queues) on the real Kafka, FerretDB and Redis — the console
 * routes /api to them exactly as it does in production. The client is the one `npm run build`
 * made (services/console/dist-client).
 */
export interface ConsoleStack {
  /** The console's address: what the browser opens. */
  base: string;
  ns: Namespace;
  inspection: InspectionUnderTest;
  disciplineBase: string;
  insightBase: string;
  /** The discipline service's own database name (it never shares the inspection's). */
  disciplineDb: string;
  insightDb: string;
  /** Users in the inspection service's store, all with the test password (`PASSWORD`). */
  addUsers(
    users: { username: string; roles: string[]; unitId: string; officerId?: string; name?: string }[],
  ): Promise<void>;
  close(): Promise<void>;
}

export const TOKEN_SECRET = 'c0'.repeat(32);
const CLIENT_DIR = join(__dirname, '..', '..', 'services', 'console', 'dist-client');
const quiet = (): { logger: ('log' | 'warn' | 'error')[] } => ({
  logger: process.env['IT_LOG'] ? ['log', 'warn', 'error'] : ['error'],
});

export async function startConsoleStack(
  options: {
    inspection?: InspectionModuleOptions;
    discipline?: DisciplineModuleOptions;
    /** Where the console routes /api/rules and /api/calendar: a detector the test started (none: unreachable). */
    rulesBase?: string;
  } = {},
): Promise<ConsoleStack> {
  const ns = namespace();
  const inspection = await InspectionUnderTest.start(
    { ...inspectionConfig(ns), tokenSecret: TOKEN_SECRET },
    options.inspection ?? {},
  );
  const disciplineSettings = disciplineConfig(ns, TOKEN_SECRET);
  const discipline = await NestFactory.create(
    DisciplineModule.forRoot(disciplineSettings, options.discipline),
    quiet(),
  );
  const disciplineBase = await listen(discipline);

  const insightSettings = insightConfig(ns, TOKEN_SECRET);
  const insight = await NestFactory.create(InsightModule.forRoot(insightSettings), quiet());
  const insightBase = await listen(insight);
  // A copy of the built client: a build running meanwhile (another test, a developer) empties
  // dist-client and would take the pages' files away from under the browser.
  const clientDir = mkdtempSync(join(tmpdir(), 'thads-console-client-'));
  cpSync(CLIENT_DIR, clientDir, { recursive: true });
  const consoleApp = await NestFactory.create(
    ConsoleModule.forRoot({
      ...loadConsoleConfig({}, clientDir),
      upstreams: {
        inspection: inspection.base,
        discipline: disciplineBase,
        insight: insightBase,
        // Port 9 (discard): nothing listens, so the console answers 503 for the detector's routes.
        rules: options.rulesBase ?? 'http://127.0.0.1:9',
      },
    }),
    { ...quiet(), bodyParser: false },
  );
  const base = await listen(consoleApp);
  return {
    base,
    ns,
    inspection,
    disciplineBase,
    insightBase,
    disciplineDb: disciplineSettings.mongoDb,
    insightDb: insightSettings.mongoDb,
    async addUsers(users) {
      const { db, close } = await openDb(ns);
      try {
        for (const u of users) {
          const extra = { ...(u.officerId ? { officerId: u.officerId } : {}), ...(u.name ? { name: u.name } : {}) };
          await db.collection('users').insertOne(await userDoc(u.username, u.roles, u.unitId, extra));
        }
      } finally {
        await close();
      }
    },
    async close() {
      await consoleApp.close();
      await insight.close();
      await discipline.close();
      await inspection.close();
      await dropNamespace(ns);
      rmSync(clientDir, { recursive: true, force: true });
      for (const db of [disciplineSettings.mongoDb, insightSettings.mongoDb]) await dropNamespace({ ...ns, db });
    },
  };
}

/** Debian's Chromium, headless (`npx playwright install` cannot download here). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--lang=vi-VN'],
  });
}

/** A page at tablet or laptop width, in Vietnam's time zone, with failed requests and page errors collected. */
export async function newPage(
  browser: Browser,
  viewport: { width: number; height: number } = { width: 1280, height: 860 },
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, timezoneId: 'Asia/Ho_Chi_Minh', locale: 'vi-VN' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
  return { page, problems };
}

/** Signs in through the sign-in page, as a person does. */
export async function signIn(page: Page, base: string, username: string, password = PASSWORD): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel(/Tên đăng nhập|User name/).fill(username);
  await page.getByLabel(/^Mật khẩu$|^Password$/).fill(password);
  await page.getByRole('button', { name: /Đăng nhập|Sign in/ }).click();
  // Signed in, or the refusal the page shows (reported with its words).
  const outcome = await Promise.race([
    page
      .getByTestId('signed-in-user')
      .waitFor({ timeout: 90_000 })
      .then(() => 'signed in'),
    page
      .getByRole('alert')
      .first()
      .waitFor({ timeout: 90_000 })
      .then(() => page.getByRole('alert').first().innerText()),
  ]);
  expect(outcome).toBe('signed in');
}

/**
 * Chooses in one of the console's pickers (an Ant Design select with search): types to filter,
 * waits for the filtered list, takes its first option with Enter, and waits for the search text
 * to give way to the choice.
 */
export async function choose(field: Locator, typed: string): Promise<void> {
  await field.click();
  await field.fill(typed);
  await field.page().locator('.ant-select-item-option-active:visible').first().waitFor();
  await field.press('Enter');
  // Chosen: the search text gives way to the choice, and the list has closed (not still fading
  // out: a check of the page made meanwhile would see it).
  await field.page().waitForFunction((input) => (input as { value: string }).value === '', await field.elementHandle());
  await field
    .page()
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
    .first()
    .waitFor({ state: 'detached' });
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Đăng xuất|Sign out/ }).click();
  await page.getByRole('button', { name: /Đăng nhập|Sign in/ }).waitFor();
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * axe-core in the page: the violations of serious or critical impact (WCAG 2.0 and 2.1, A and
 * AA), described so that a failing test says what and where.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated rather than added as a <script>: the console's CSP (script-src 'self') refuses inline scripts.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  // Run in the page (a string: this file is compiled without the DOM's types).
  const result = await page.evaluate<{ violations: AxeViolation[] }>(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`,
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/** Fails with the list of serious and critical accessibility violations on the page, if any. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

/** A screenshot for the README (docs/screenshots/<name>.png), written when UPDATE_SCREENSHOTS=1. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env['UPDATE_SCREENSHOTS'] !== '1') return;
  const dir = join(__dirname, '..', '..', 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  // Animations stopped (finite ones run to their end, a checkbox drawn checked): a screenshot
  // taken right after a click shows the page as it settles, not halfway through a transition.
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: false, animations: 'disabled' });
}
