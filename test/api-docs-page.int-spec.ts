import { chromium, type Browser } from 'playwright-core';
import { dropNamespace, inspectionConfig, namespace, openDb } from './support/harness';
import { InspectionUnderTest, PASSWORD, userDoc } from './support/inspection-client';

/**
 * The API viewer in a real browser (Debian's chromium): a person opening /api/docs gets Swagger
 * UI, served by the service itself, listing every operation of the OpenAPI document with who may
 * call it; they paste an access token under "Authorize" and try a call. A program gets the JSON.
 */
describe('the API viewer at /api/docs (browser)', () => {
  const ns = namespace();
  let svc: InspectionUnderTest;
  let browser: Browser;

  beforeAll(async () => {
    const { db, close } = await openDb(ns);
    await db.collection('users').insertOne(await userDoc('reader', ['leadership'], 'DT'));
    await close();
    svc = await InspectionUnderTest.start(inspectionConfig(ns));
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await svc.close();
    await dropNamespace(ns);
  });

  it('shows every operation with who may call it, and tries a call with a pasted token', async () => {
    const doc = (await (await fetch(`${svc.base}/api/docs`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(await (await fetch(`${svc.base}/api/docs/openapi.json`)).json()).toEqual(doc);
    const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);

    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    const res = await page.goto(`${svc.base}/api/docs`);
    expect(res?.headers()['content-type']).toMatch(/text\/html/);
    // Under its own strict content-security policy, with the other security headers.
    expect(res?.headers()).toMatchObject({
      'content-security-policy': expect.stringContaining("script-src 'self'") as string,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    expect(res?.headers()['x-powered-by']).toBeUndefined();
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBe(operations);
    expect(failed).toEqual([]); // every file of the viewer came from the service itself

    const denouncer = page.locator('.opblock', { hasText: '/api/complaints/{complaintId}/denouncer' });
    await denouncer.locator('.opblock-summary').click();
    await expect(denouncer.textContent()).resolves.toContain(
      'Who may call it: committee_chair, inspection_supervisor.',
    );

    const signIn = await fetch(`${svc.base}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'reader', password: PASSWORD }),
    });
    expect(signIn.headers.get('cache-control')).toBe('no-store'); // tokens are never cached
    const { accessToken } = (await signIn.json()) as { accessToken: string };
    await page.locator('button.authorize').first().click();
    await page.locator('.modal-ux input').first().fill(accessToken);
    await page.locator('.modal-ux button.authorize').click();
    await page.locator('.modal-ux button.btn-done').click();

    const me = page.locator('.opblock', { hasText: '/api/auth/me' });
    await me.locator('.opblock-summary').click();
    // The viewer opens every operation ready to try (tryItOutEnabled): straight to Execute.
    await me.locator('button.execute').click();
    await me.locator('.live-responses-table').waitFor();
    await expect(me.locator('.live-responses-table').textContent()).resolves.toContain('"sub": "reader"');
    expect(cspErrors).toEqual([]);
  });
});
