import { chromium, type Browser } from 'playwright-core';
import { dropNamespace, inspectionConfig, namespace } from './support/harness';
import { InspectionUnderTest } from './support/inspection-client';

/**
 * The API document in a real browser (Debian's chromium): a person opening /api/docs gets a
 * readable page listing every endpoint with who may call it; a program gets the OpenAPI JSON.
 */
describe('the API document at /api/docs (browser)', () => {
  const ns = namespace();
  let svc: InspectionUnderTest;
  let browser: Browser;

  beforeAll(async () => {
    svc = await InspectionUnderTest.start(inspectionConfig(ns));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-background-networking'] });
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await svc.close();
    await dropNamespace(ns);
  });

  it('shows every operation of the OpenAPI document with its roles, and links the JSON', async () => {
    const doc = (await (await fetch(`${svc.base}/api/docs`)).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);

    const page = await browser.newPage();
    const res = await page.goto(`${svc.base}/api/docs`);
    expect(res?.headers()['content-type']).toMatch(/text\/html/);
    expect(await page.title()).toBe('THADS integrity audit — inspection API');
    expect(await page.locator('section').count()).toBe(operations);
    const denouncer = page.locator('section', { hasText: '/api/complaints/{complaintId}/denouncer' });
    await expect(denouncer.locator('.r').textContent()).resolves.toBe('Who may call it: inspection_supervisor, committee_chair');
    await page.click('text=OpenAPI 3.1 JSON');
    expect(JSON.parse((await page.locator('body').textContent()) ?? '{}')).toMatchObject({ openapi: '3.1.0' });
  });
});
