import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadZones } from '../src/config/zones.js';
import type { Alert } from '../src/detect/alert.js';
import type { UnmatchedDevice } from '../src/intel/unmatched-device.js';
import { loadRiskModel } from '../src/risk/risk-model.js';
import type { WorkItem } from '../src/risk/work-item.js';
import { buildServer, type VigilServer } from '../src/server/app.js';
import { createAccount } from '../src/server/auth/accounts.js';
import { totpCode } from '../src/server/auth/totp.js';
import type { ZoneMap } from '../src/server/summaries/zone-map.js';
import { webRoot } from '../src/server/web-assets.js';
import type { DeviceSummary } from '../src/store/device-summary.js';
import type { Store } from '../src/store/open-store.js';
import { demoHospital } from './support/demo-hospital.js';
import { vigilOn } from './support/vigil-cli.js';

const chromiumPath = '/usr/bin/chromium';
const hasBrowser = existsSync(chromiumPath) && existsSync(join(webRoot, 'index.html'));
if (!hasBrowser && process.env.CI === 'true')
  throw new Error(`CI needs Debian's chromium at ${chromiumPath} and the built console in ${webRoot}`);

const artefacts = join(process.cwd(), 'test-artifacts', 'console');
const password = 'correct horse battery staple';

/**
 * The four questions a hospital analyst asks first, answered in the console on the demo's
 * hospital (120 devices, a scan from the guest Wi-Fi, the ICSMA advisories and KEV imported),
 * each within a few clicks, each answer checked against the API the console reads.
 */
describe.skipIf(!hasBrowser)('the console answers the first four questions on the demo hospital', () => {
  let store: Store;
  let database: string;
  let server: VigilServer;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let secret: string;
  let token: string;

  /** The API as an automation token sees it: the oracle for what the pages show. */
  async function apiGet<T>(path: string): Promise<T> {
    const response = await fetch(`${origin}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  }

  async function screenshot(name: string) {
    for (const width of [1280, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      // Two frames: what a person sees after resizing, once the charts' resize handlers ran.
      await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
      const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(scrollWidth, `${name} at ${width} px`).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(artefacts, `${name}-${width}.png`), fullPage: true });
    }
  }

  beforeAll(async () => {
    mkdirSync(artefacts, { recursive: true });
    ({ store, database } = await demoHospital());
    const admin = await createAccount(
      store,
      { username: 'admin', password, role: 'administrator', createdBy: 'bootstrap', enrolSecondFactor: true },
      Date.now(),
    );
    secret = admin.totp!.secret;
    server = await buildServer({
      store,
      riskModel: loadRiskModel(),
      zones: loadZones('examples/hospital-zones.json'),
    });
    origin = await server.app.listen({ host: '127.0.0.1', port: 0 });
    const created = vigilOn(database)('tokens', 'create', '--name', 'oracle', '--role', 'auditor');
    expect(created.status, created.stderr).toBe(0);
    token = /vigil_[A-Za-z0-9_-]+/.exec(created.stdout)![0];
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    await page.goto(`${origin}/`);
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill(password);
    await page.keyboard.press('Enter');
    await page.getByLabel(/Code from your authenticator app/).fill(totpCode(secret, Date.now()));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    server?.stop();
    await server?.app.close();
    await store?.close();
  });

  it('1. Which devices are most at risk, and why? The overview lists them with their reasons', async () => {
    const overview = await apiGet<{ topRisks: DeviceSummary[] }>('/api/v1/overview');
    const rows = page.locator('section[aria-labelledby="top-risks"] tbody tr');
    await expect.poll(() => rows.count()).toBe(overview.topRisks.length);
    const shown = await rows.evaluateAll((elements) =>
      elements.map((row) => ({
        name: row.querySelector('a')?.textContent ?? '',
        reason: row.querySelector('td.reason')?.textContent ?? '',
      })),
    );
    expect(shown).toEqual(
      overview.topRisks.map((device) => ({ name: device.name, reason: device.riskReason })),
    );
    expect(overview.topRisks[0]!.riskReason).toMatch(/\w/);
    await screenshot('q1-overview');
    // One click: the riskiest device's page opens with its summary and what to do first.
    await rows.first().getByRole('link').click();
    const summary = page.getByRole('region', { name: 'Summary' });
    await summary.waitFor();
    await expect(summary.textContent()).resolves.toContain(overview.topRisks[0]!.riskReason);
    await expect(summary.locator('ol.work-list li').count()).resolves.toBeGreaterThan(0);
    await screenshot('q1-device');
  });

  it('2. Which infusion pumps have a known exploited vulnerability? Those that cannot be matched say why', async () => {
    await page.getByRole('link', { name: 'Vulnerabilities', exact: true }).click();
    const section = page.getByRole('region', { name: 'Devices that cannot be matched' });
    await section.getByLabel('Type of unmatched devices').selectOption('infusion pump');
    const expected = await apiGet<{ rows: UnmatchedDevice[]; total: number }>(
      '/api/v1/vulnerabilities/unmatched?type=infusion%20pump',
    );
    expect(expected.total).toBeGreaterThan(0);
    const rows = section.locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(expected.total);
    const names = await rows.locator('td:first-child a').allTextContents();
    expect(names.sort()).toEqual(expected.rows.map((row) => row.name).sort());
    for (const text of await rows.locator('td.reason').allTextContents())
      expect(text).toMatch(/^Model unknown: cannot be matched to advisories/);
    // Every pump without a model is there: none is silently "clean".
    const pumps = await apiGet<{ rows: DeviceSummary[]; total: number }>(
      '/api/v1/devices?type=infusion%20pump&pageSize=500',
    );
    expect(expected.total).toBe(pumps.rows.filter((pump) => pump.model === null).length);
    await screenshot('q2-unmatched-pumps');
  });

  it('3. What on the guest network talks to the ICU? The map marks the crossing and names the devices', async () => {
    await page.getByRole('link', { name: 'Network map', exact: true }).click();
    const map = await apiGet<ZoneMap>('/api/v1/network/map');
    const crossing = map.crossings.find((found) => found.source === 'guest Wi-Fi' && found.target === 'ICU');
    expect(crossing).toBeDefined();
    expect(map.links.find((link) => link.source === 'guest Wi-Fi' && link.target === 'ICU')?.forbidden).toBe(
      true,
    );
    const panel = page.getByRole('region', { name: 'Forbidden crossings' });
    const item = panel.locator('li.crossing', { hasText: 'guest Wi-Fi → ICU' });
    await item.waitFor();
    const devices = await item.locator(':scope > span a').allTextContents();
    expect(devices.sort()).toEqual(crossing!.devices.map((device) => device.name).sort());
    await expect(item.textContent()).resolves.toContain(`reached ${crossing!.reached.length} devices`);
    await page.locator('.map canvas').first().waitFor();
    await screenshot('q3-network-map');
  });

  it('4. What should I do first? The overview and the work queue show the same first items, with remedies', async () => {
    const queue = await apiGet<{ items: WorkItem[]; total: number }>('/api/v1/work-queue');
    expect(queue.items.length).toBeGreaterThan(4);
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    const first = page.locator('section[aria-labelledby="first-things"] ol.work-list > li');
    await expect.poll(() => first.count()).toBe(5);
    const titles = await first.evaluateAll((elements) =>
      elements.map((element) => element.childNodes[2]?.textContent?.trim() ?? ''),
    );
    expect(titles).toEqual(queue.items.slice(0, 5).map((item) => item.title));
    await page.getByRole('link', { name: `All ${queue.total} items of the work queue` }).click();
    await page.getByRole('heading', { name: 'Work queue' }).waitFor();
    const rows = page.locator('table.work-queue > tbody > tr');
    await expect.poll(() => rows.count()).toBe(queue.total);
    await rows.first().getByRole('button').first().click();
    await expect(page.locator('tr.details').first().textContent()).resolves.toContain(queue.items[0]!.remedy);
    await screenshot('q4-work-queue');
    // The export is the CLI's CSV.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const exported = readFileSync((await download.path())!, 'utf8');
    const cli = vigilOn(database)('queue', '--format', 'csv');
    expect(cli.status, cli.stderr).toBe(0);
    expect(exported).toBe(cli.stdout);
  });

  it('exports the inventory as CSV equal to vigil devices --format csv', async () => {
    await page.getByRole('link', { name: 'Inventory', exact: true }).click();
    await page.getByRole('heading', { name: 'Inventory' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export the whole inventory as CSV' }).click(),
    ]);
    const exported = readFileSync((await download.path())!, 'utf8');
    const cli = vigilOn(database)('devices', '--format', 'csv');
    expect(cli.status, cli.stderr).toBe(0);
    expect(exported).toBe(cli.stdout);
    expect(exported.split('\r\n').length).toBe(122); // header, 120 devices, final line end
    await screenshot('inventory');
  });

  it('5. Who is attacking? The alert inbox shows the guest Wi-Fi scan with its evidence, and the target shows it', async () => {
    const { alerts } = await apiGet<{ alerts: Alert[] }>('/api/v1/alerts?status=new');
    expect(alerts.map((alert) => alert.type)).toEqual(['host-sweep']);
    const [sweep] = alerts as [Alert];
    // The overview already says it: the open alerts panel names the sweep and opens the inbox.
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    const panel = page.locator('section[aria-labelledby="open-alerts"]');
    await expect.poll(() => panel.textContent()).toContain(sweep.summary);
    await expect(panel.getByRole('link', { name: /alert inbox \(1 open\)/ }).count()).resolves.toBe(1);
    await expect(
      panel.locator('[aria-label^="Open alerts by severity"]').getAttribute('aria-label'),
    ).resolves.toContain(`${sweep.severity} 1`);
    await screenshot('q5-overview-alerts');
    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    await page.getByRole('heading', { name: 'Alerts' }).waitFor();
    const row = page.locator('tbody tr').filter({ hasText: sweep.summary });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('button', { name: sweep.summary }).click();
    const detail = page.locator('.alert-detail');
    await expect(detail.textContent()).resolves.toContain(sweep.remedy);
    await expect(detail.textContent()).resolves.toContain(`packet ${sweep.evidence[0]!.packetNumber}`);
    await expect(row.getByRole('link', { name: 'T0846' }).getAttribute('href')).resolves.toBe(
      'https://attack.mitre.org/techniques/T0846',
    );
    await screenshot('q5-alerts');
    // Bulk acknowledge: the API then says so, and the audit log has who.
    await row.getByRole('checkbox').check();
    await page.getByRole('button', { name: /Acknowledge 1 selected/ }).click();
    await expect
      .poll(async () => (await apiGet<Alert>(`/api/v1/alerts/${sweep.id}`)).status)
      .toBe('acknowledged');
    // A target's page lists the open alert.
    const target = sweep.targets.find((party) => party.deviceId !== null)!;
    await page.goto(`${origin}/devices/${target.deviceId}`);
    const section = page.locator('section[aria-labelledby="alerts-heading"]');
    await expect(section.textContent()).resolves.toContain(sweep.summary);
    await screenshot('q5-device-alert');
  });
});
