import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCase } from '../src/changes/case-changes.js';
import { proposeIsolation } from '../src/changes/case-isolation.js';
import { setSupportDates } from '../src/changes/model-support-changes.js';
import { saveDraftPolicy } from '../src/changes/policy-changes.js';
import type { Zone } from '../src/config/zones.js';
import { EndpointGroups } from '../src/segment/endpoint-groups.js';
import { generatePolicy } from '../src/segment/generate-policy.js';
import { loadLearningFlows, loadSegmentDevices } from '../src/segment/segment-inputs.js';
import { buildServer, type VigilServer } from '../src/server/app.js';
import { totpCode } from '../src/server/auth/totp.js';
import { webRoot } from '../src/server/web-assets.js';
import type { Store } from '../src/store/open-store.js';
import { noDrops } from '../src/store/relay-repository.js';
import { adminPassword, consoleHospital } from './support/console-hospital.js';

const chromiumPath = '/usr/bin/chromium';
const hasBrowser = existsSync(chromiumPath) && existsSync(join(webRoot, 'index.html'));
if (!hasBrowser && process.env.CI === 'true')
  throw new Error(`CI needs Debian's chromium at ${chromiumPath} and the built console in ${webRoot}`);

/** Screenshots a reviewer can open: test-artifacts/console/*.png. */
const artefacts = join(process.cwd(), 'test-artifacts', 'console');

describe.skipIf(!hasBrowser)('the web console in headless Chromium', () => {
  let store: Store;
  let server: VigilServer;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let totpSecret: string;
  let pump: { deviceId: string; name: string };
  let zones: readonly Zone[];

  beforeAll(async () => {
    mkdirSync(artefacts, { recursive: true });
    const hospital = await consoleHospital();
    store = hospital.store;
    zones = hospital.zones;
    totpSecret = hospital.admin.totp!.secret;
    server = await buildServer({ store, riskModel: hospital.riskModel, zones: hospital.zones });
    origin = await server.app.listen({ host: '127.0.0.1', port: 0 });
    const pumps = await store.summaries.page({
      offset: 0,
      limit: 1,
      sort: 'riskScore',
      descending: true,
      type: 'infusion pump',
    });
    pump = pumps.rows[0]!;
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
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    server?.stop();
    await server?.app.close();
    await store?.close();
  });

  async function expectNoHorizontalScroll() {
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(1280);
  }

  it('signs in with password and TOTP, by keyboard', async () => {
    await page.goto(`${origin}/`);
    await page.getByLabel('User name').focus();
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type(adminPassword);
    await page.keyboard.press('Enter');
    const code = page.getByLabel(/Code from your authenticator app/);
    await code.waitFor();
    await page.screenshot({ path: join(artefacts, '01-second-factor.png') });
    await code.fill(totpCode(totpSecret, Date.now()));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByRole('img', { name: /Devices by type/ }).waitFor();
    await expect(page.getByText('with known exploited vulnerabilities (KEV)').isVisible()).resolves.toBe(
      true,
    );
    await expectNoHorizontalScroll();
    await page.screenshot({ path: join(artefacts, '02-overview.png'), fullPage: true });
    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === 'vigil_session');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });
  });

  it('finds a device in the inventory and opens its page with the risk explanation', async () => {
    await page.getByRole('link', { name: 'Inventory' }).click();
    await page.getByRole('heading', { name: 'Inventory' }).waitFor();
    await page.getByLabel('Search').fill(pump.name);
    // The server answers the search: only the matching row remains.
    await expect.poll(() => page.locator('table.inventory tbody tr').count(), { timeout: 10_000 }).toBe(1);
    await expect(page.getByText('1 device', { exact: true }).isVisible()).resolves.toBe(true);
    const link = page.getByRole('link', { name: pump.name, exact: true });
    await expectNoHorizontalScroll();
    await page.screenshot({ path: join(artefacts, '03-inventory-search.png') });
    await link.click();
    await page.getByRole('heading', { name: 'Risk explanation' }).waitFor();
    const factors = page.locator('table.factors tbody tr');
    await expect(factors.filter({ hasText: 'life-sustaining device' }).count()).resolves.toBe(1);
    // The points shown add up to the score shown, as the explanation says.
    const score = Number((await page.locator('h1 .risk').textContent())?.split(' ')[0]);
    const points = (await factors.locator('td.number').allTextContents()).map(Number);
    expect(points.length).toBeGreaterThan(1);
    expect(Math.abs(points.reduce((sum, value) => sum + value, 0) - score)).toBeLessThanOrEqual(
      0.05 * points.length + 0.05,
    );
    await expect(page.locator('#risk-heading + p').textContent()).resolves.toContain(
      `Score ${score.toFixed(1)}`,
    );
    await expectNoHorizontalScroll();
    await page.screenshot({ path: join(artefacts, '04-device.png'), fullPage: true });
  });

  it('changes an attribute and finds the change in the audit log', async () => {
    const form = page.getByRole('form', { name: 'Change an attribute' });
    await form.getByLabel('Attribute').selectOption('location');
    await form.getByLabel('Value').fill('ICU bed 7');
    await form.getByLabel('Reason').fill('moved after the ward refit');
    await form.getByRole('button', { name: 'Set' }).click();
    await page.getByText('location set').waitFor();
    const row = page.locator('tr', { hasText: 'ICU bed 7' }).first();
    await expect(row.textContent()).resolves.toContain('override');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const entry = page.locator('table.audit tbody tr', { hasText: `${pump.deviceId} location` }).first();
    await entry.waitFor();
    await expect(entry.textContent()).resolves.toMatch(/admin.*override-set.*ICU bed 7/);
    await expect(page.locator('table.audit tbody tr', { hasText: 'login' }).count()).resolves.toBeGreaterThan(
      0,
    );
    // Filtered to overrides, every row is one; a row opens to its values before and after.
    await page.getByLabel('Action').selectOption('override-set');
    await expect
      .poll(async () => [
        ...new Set(await page.locator('table.audit tbody tr td:nth-child(4)').allTextContents()),
      ])
      .toEqual(['override-set']);
    const overrideRow = page
      .locator('table.audit tbody tr', { hasText: `${pump.deviceId} location` })
      .first();
    await overrideRow.getByRole('button').click();
    await expect(page.locator('tr.details pre').nth(1).textContent()).resolves.toBe('ICU bed 7');
    await page.getByLabel('Action').selectOption('');
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page.getByText(/Intact: \d+ rows/).waitFor();
    await expectNoHorizontalScroll();
    await page.screenshot({ path: join(artefacts, '05-audit-log.png') });
    const stored = await store.audit.list(5, { search: `${pump.deviceId} location` });
    expect(stored[0]).toMatchObject({ actor: 'admin', action: 'override-set', after: 'ICU bed 7' });
  });

  it('draws the network map and the vulnerability view without breaking the layout', async () => {
    await page.getByRole('link', { name: 'Network map' }).click();
    await page.locator('.map canvas').first().waitFor();
    await expectNoHorizontalScroll();
    await page.screenshot({ path: join(artefacts, '06-network-map.png') });
    await page.getByRole('link', { name: 'Vulnerabilities' }).click();
    await page.getByText(/\d+ vulnerabilit(y|ies) matched/).waitFor();
    await expectNoHorizontalScroll();
    await page.screenshot({ path: join(artefacts, '07-vulnerabilities.png') });
  });

  it('records a patch status from the device page and shows it across the fleet', async () => {
    const vulnerabilities = await store.vulnerabilities.matches();
    const target = vulnerabilities.find((match) => match.vulnerabilityId === 'CVE-2020-16212');
    expect(target).toBeDefined();
    await page.getByRole('button', { name: 'CVE-2020-16212' }).click();
    const affected = page.getByRole('region', { name: 'Devices affected by CVE-2020-16212' });
    await affected.getByRole('link').first().waitFor();
    await affected.getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Risk explanation' }).waitFor();
    await page.getByLabel('Status of CVE-2020-16212').selectOption('scheduled');
    // Nothing is recorded until the change is confirmed with a reason.
    expect((await store.audit.list(1, { search: 'CVE-2020-16212' })).length).toBe(0);
    const confirm = page.getByRole('form', { name: 'Confirm the status of CVE-2020-16212' });
    await confirm.getByLabel('Reason').fill('window CHG-4411, Saturday night');
    await confirm.getByRole('button', { name: 'Set scheduled' }).click();
    await page.getByText("CVE-2020-16212: scheduled, recorded in the device's history").waitFor();
    const historyRow = page.locator('section[aria-labelledby="history-heading"] tr', {
      hasText: 'vulnerability status set',
    });
    await expect(historyRow.first().textContent()).resolves.toContain('window CHG-4411');
    await page.getByRole('link', { name: 'Vulnerabilities' }).click();
    const row = page.locator('tr', { has: page.getByRole('button', { name: 'CVE-2020-16212' }) });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('scheduled 1');
    await page.screenshot({ path: join(artefacts, '08-patch-status.png') });
    const [entry] = await store.audit.list(1, { search: 'CVE-2020-16212' });
    expect(entry).toMatchObject({ actor: 'admin', action: 'vulnerability-status-set' });
    expect(JSON.parse(entry!.after!)).toMatchObject({
      status: 'scheduled',
      note: 'window CHG-4411, Saturday night',
    });
  });
  it('shows the sensors that feed the store, a silent one first and marked', async () => {
    const beat = (packetsPerSecond: number, droppedByKernel: number) => ({
      packets: packetsPerSecond * 600,
      packetsPerSecond,
      droppedByKernel,
      lagMs: 900,
      outboxMessages: 0,
      outboxBytes: 0,
      outboxDropped: noDrops(),
      lastCommitAt: new Date().toISOString(),
    });
    await store.relay.heard('main-campus', 'icu-span', beat(2_400, 0));
    await store.relay.heard('main-campus', 'radiology-span', beat(5_100, 12));
    await store.relay.heard('clinic-east', 'core-span', beat(800, 0));
    // The main campus's sensors were enrolled; the clinic's was not.
    for (const [name, publicKey] of [
      ['icu-span', 'UAICUSPANPUBLICKEYFORTHECONSOLETEST00000000000000000000000'],
      ['radiology-span', 'UARADIOLOGYSPANPUBLICKEYFORTHECONSOLETEST0000000000000000'],
    ] as const)
      await store.relay.enrol({
        site: 'main-campus',
        name,
        publicKey,
        enrolledAt: new Date().toISOString(),
        enrolledBy: 'test',
      });
    await store.db
      .updateTable('sensors')
      .set({ last_heard: new Date(Date.now() - 600_000).toISOString() })
      .where('id', '=', 'clinic-east/core-span')
      .execute();
    await page.getByRole('link', { name: 'Sensors' }).click();
    await page.getByRole('heading', { name: 'Sensors' }).waitFor();
    await page.getByRole('img', { name: /Packets per second by sensor/ }).waitFor();
    const firstRow = page.locator('table tbody tr').first();
    await expect(firstRow.textContent()).resolves.toContain('clinic-east/core-span');
    await expect(firstRow.textContent()).resolves.toContain('silent');
    await expect(firstRow.textContent()).resolves.toContain('not enrolled');
    await expect(page.locator('table tbody tr').nth(1).textContent()).resolves.not.toContain('not enrolled');
    await expect(page.getByText('1 silent for more than 2 min').isVisible()).resolves.toBe(true);
    await expectNoHorizontalScroll();
    await page.screenshot({ path: join(artefacts, '09-sensors.png'), fullPage: true });
  });

  it('shows a segmentation policy as a heat map of groups, and approves the draft an analyst generated', async () => {
    const groups = new EndpointGroups(await loadSegmentDevices(store), zones, 'type');
    const draft = await saveDraftPolicy(
      store,
      generatePolicy(await loadLearningFlows(store), groups),
      'analyst',
      Date.now(),
    );
    await page.getByRole('link', { name: 'Segmentation' }).click();
    await page.getByRole('heading', { name: 'Segmentation' }).waitFor();
    await page.getByRole('img', { name: /Flows between groups under pol-1/ }).waitFor();
    await expect(page.getByText(/0 would break care/).isVisible()).resolves.toBe(true);
    await expect(page.locator('table tbody tr').count()).resolves.toBe(draft.rules.length);
    await expectNoHorizontalScroll();
    await page.screenshot({ path: join(artefacts, '10-segmentation.png') });
    await page.getByRole('button', { name: 'Approve pol-1' }).click();
    await page.getByRole('status').filter({ hasText: 'pol-1 approved' }).waitFor();
    await expect(store.policies.approved()).resolves.toMatchObject({ id: 'pol-1', approvedBy: 'admin' });
  });

  it("lists incidents with their breach clock and approves a pump's isolation as the second person", async () => {
    const opened = await openCase(store, { device: pump.deviceId, actor: 'analyst' }, Date.now());
    await proposeIsolation(store, opened.id, { keepClinical: true, actor: 'analyst' }, Date.now());
    await page.getByRole('link', { name: 'Incidents' }).click();
    await page.getByRole('heading', { name: 'Incidents' }).waitFor();
    await expect(page.getByRole('img', { name: '60 of 60 days left' }).count()).resolves.toBe(1);
    await page.getByRole('link', { name: opened.title }).click();
    await page.getByRole('heading', { name: 'Breach clock' }).waitFor();
    await expect(page.getByText(/isolates life-sustaining/).isVisible()).resolves.toBe(true);
    await expectNoHorizontalScroll();
    await page.screenshot({ path: join(artefacts, '11-incident.png'), fullPage: true });
    await page.getByRole('button', { name: 'Approve as second person' }).click();
    await page.getByRole('button', { name: 'Record applied' }).waitFor();
    await expect(store.cases.isolations(opened.id)).resolves.toEqual([
      expect.objectContaining({ status: 'ready', proposedBy: 'analyst', approvedBy: 'admin' }),
    ]);
  });

  it("shows governance: a model's end of life and responsibility, and a device's week with its idle windows", async () => {
    const device = (await store.devices.list()).find(
      (candidate) => candidate.manufacturer !== null && candidate.model !== null,
    )!;
    await setSupportDates(
      store,
      {
        manufacturer: device.manufacturer!,
        model: device.model!,
        endOfSecurityPatches: '2020-12-31',
        actor: 'engineer',
      },
      Date.now(),
    );
    await page.getByRole('link', { name: 'Governance' }).click();
    await page.getByRole('heading', { name: 'Shared responsibility' }).waitFor();
    await page.getByText(/Nobody owns: /).waitFor();
    // The manufacturer's form, uploaded from the page, lands on the model's devices.
    const form = join(artefacts, 'mds2.json');
    writeFileSync(
      form,
      JSON.stringify({ answers: [{ id: 'STCF-1', question: 'Encrypts data at rest?', answer: 'No' }] }),
    );
    const upload = page.locator('form', { has: page.getByLabel('MDS2 form') });
    await upload.getByLabel('MDS2 form').setInputFiles(form);
    await upload.getByLabel('Manufacturer').fill(device.manufacturer!);
    await upload.getByLabel('Model').fill(device.model!);
    await upload.getByRole('button', { name: 'Import' }).click();
    await page.getByText(/1 answer read, applied to \d+ devices/).waitFor();
    await page.getByText('no encryption at rest (MDS2 STCF-1: No)').waitFor();
    // The model's devices are past their patches, and counted so on the page.
    await page.getByText('past end of patches').waitFor();
    await page.getByLabel('Device').fill(device.id);
    await page.getByRole('button', { name: 'Propose' }).click();
    const heatmap = page.getByRole('img', { name: /Work per hour of the week/ });
    await heatmap.waitFor();
    await expect(heatmap.locator('svg').count()).resolves.toBe(1);
    await expectNoHorizontalScroll();
    await page.screenshot({ path: join(artefacts, '12-governance.png'), fullPage: true });
  });
});
