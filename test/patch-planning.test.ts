import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { simulateHospital } from '../src/sim/simulate.js';
import { openStore } from '../src/store/open-store.js';
import { serverHarness } from './support/server-harness.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { hasTool } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { vigilOn } from './support/vigil-cli.js';

const canRun = hasTool('tshark') || process.env.CI === 'true';

interface Window {
  startHour: number;
  hours: number;
  idle: boolean;
}

/** The hours of the day (UTC) a window covers; the simulated day starts Monday 07:00 UTC. */
const hoursOfDay = (window: Window) =>
  Array.from({ length: window.hours }, (_, offset) => (window.startHour + offset) % 24);

/**
 * Patch planning from utilisation: a simulated hospital day whose departments work 07:00–19:00
 * UTC; tshark, not Vigil, says in which hours the CT sent studies.
 */
describe.skipIf(!canRun)('vigil patch', () => {
  const directory = temporaryDirectory('vigil-patch-');
  const capture = join(directory, 'day.pcapng');
  let vigil: ReturnType<typeof vigilOn>;
  let ct = { ip: '', id: '' };
  let ctModel = { manufacturer: '', model: '' };
  let dicomHours = new Set<number>();
  let location = '';

  beforeAll(async () => {
    simulateHospital({
      devices: 30,
      durationSeconds: 86_400,
      seed: 5,
      out: capture,
      clinicalHours: { from: 7, to: 19 },
    });
    const truth = JSON.parse(readFileSync(capture.replace(/\.pcapng$/, '.truth.json'), 'utf8')) as {
      devices: { type: string; ip: string }[];
    };
    ct.ip = truth.devices.find((device) => device.type === 'CT scanner')!.ip;
    const store = await temporarySqliteStore();
    await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
    const device = (await store.devices.find(ct.ip))!;
    ct = { ip: ct.ip, id: device.id };
    ctModel = { manufacturer: device.manufacturer!, model: device.model! };
    await store.vulnerabilities.replaceMatches(
      [
        {
          deviceId: device.id,
          vulnerabilityId: 'CVE-2024-27107',
          confidence: 0.9,
          certainty: 'certain',
          evidence: [],
        },
      ],
      new Date().toISOString(),
    );
    location = store.location;
    vigil = vigilOn(store.location);
    await store.close();
    dicomHours = new Set(
      tsharkFields(capture, ['frame.time_epoch'], `ip.addr == ${ct.ip} && dicom`).map((row) =>
        new Date(Math.floor(Number(row[0]) * 1000)).getUTCHours(),
      ),
    );
  }, 180_000);

  it('proposes windows for the CT in the hours its traffic shows idle', () => {
    // The oracle sees studies through the working day and none at night.
    expect(dicomHours.size).toBeGreaterThanOrEqual(10);
    for (const hour of dicomHours) expect(hour >= 7 && hour < 19).toBe(true);

    const result = vigil(
      'patch',
      'windows',
      '--device',
      ct.ip,
      '--hours',
      '4',
      '--time-zone',
      'UTC',
      '--json',
    );
    expect(result.stderr).toBe('');
    const plan = JSON.parse(result.stdout) as {
      id: string;
      windows: Window[];
      utilisation: { sessions: number[]; observedHours: number[] };
    };
    expect(plan.id).toBe(ct.id);
    // Every hour tshark saw a study in is one Vigil counts work in (Monday is hours 0-23).
    for (const hour of dicomHours) expect(plan.utilisation.sessions[hour]).toBeGreaterThan(0);
    expect(plan.windows.length).toBe(3);
    for (const window of plan.windows) {
      expect(window.idle).toBe(true);
      for (const hour of hoursOfDay(window)) expect(dicomHours.has(hour)).toBe(false);
    }
    // The best window sits in the middle of the night, hours from the last study and the first.
    const [best] = plan.windows;
    expect(hoursOfDay(best!)).toEqual([23, 0, 1, 2]);

    const text = vigil('patch', 'windows', '--device', ct.ip, '--time-zone', 'UTC');
    expect(text.stdout).toContain('Mon 23:00 – Tue 03:00  idle');
    // In Berlin (UTC+1 in January) the same idle night is an hour later on the clock.
    const berlin = JSON.parse(
      vigil('patch', 'windows', '--device', ct.ip, '--time-zone', 'Europe/Berlin', '--json').stdout,
    ) as { windows: Window[] };
    expect(berlin.windows[0]!.startHour).toBe(best!.startHour + 1);
  });

  it('proposes a window for the model, and names what it cannot plan with', () => {
    const plan = JSON.parse(
      vigil(
        'patch',
        'windows',
        '--manufacturer',
        ctModel.manufacturer,
        '--model',
        ctModel.model,
        '--hours',
        '2',
        '--time-zone',
        'UTC',
        '--json',
      ).stdout,
    ) as { devices: { id: string }[]; windows: Window[] };
    expect(plan.devices.map((device) => device.id)).toContain(ct.id);
    for (const window of plan.windows)
      for (const hour of hoursOfDay(window)) expect(dicomHours.has(hour)).toBe(false);
    const badZone = vigil('patch', 'windows', '--device', ct.ip, '--time-zone', 'Mars/Olympus');
    expect([badZone.status, badZone.stderr]).toEqual([
      1,
      expect.stringContaining(
        'time zone: expected an IANA zone such as Europe/Berlin or UTC, got "Mars/Olympus"',
      ),
    ]);
    expect(vigil('patch', 'windows', '--device', ct.ip, '--hours', '30').stderr).toContain(
      'hours: expected a whole number from 1 to 24, got 30',
    );
  });

  it('runs a campaign whose progress follows the patch status, with each device’s next idle window', () => {
    const refused = vigil(
      'patch',
      'campaign',
      'create',
      '--name',
      'nothing',
      '--vulnerability',
      'CVE-1999-0001',
    );
    expect([refused.status, refused.stderr]).toEqual([
      1,
      expect.stringContaining('vulnerability CVE-1999-0001: no device in this store is matched to it'),
    ]);
    const created = JSON.parse(
      vigil(
        'patch',
        'campaign',
        'create',
        '--name',
        'CT firmware',
        '--vulnerability',
        'CVE-2024-27107',
        '--due',
        '2027-03-31',
        '--by',
        'c.engineer',
        '--json',
      ).stdout,
    ) as { id: string };
    const show = () =>
      JSON.parse(vigil('patch', 'campaign', 'show', created.id, '--time-zone', 'UTC', '--json').stdout) as {
        progress: number;
        byStatus: Record<string, number>;
        devices: { id: string; status: string; window: Window | null }[];
      };
    const before = show();
    expect([before.progress, before.byStatus.affected, before.devices[0]!.id]).toEqual([0, 1, ct.id]);
    for (const hour of hoursOfDay(before.devices[0]!.window!)) expect(dicomHours.has(hour)).toBe(false);

    expect(vigil('vuln-status', ct.id, 'CVE-2024-27107', 'scheduled', '--by', 'c.engineer').status).toBe(0);
    expect(show().byStatus.scheduled).toBe(1);
    vigil('vuln-status', ct.id, 'CVE-2024-27107', 'applied', '--by', 'c.engineer');
    expect(show().progress).toBe(100);
    const listed = JSON.parse(vigil('patch', 'campaign', 'list', '--json').stdout);
    expect(listed).toEqual([
      expect.objectContaining({ id: created.id, devices: 1, done: 1, due: '2027-03-31' }),
    ]);

    expect(vigil('patch', 'campaign', 'close', created.id, '--by', 'c.engineer').status).toBe(0);
    const audit = JSON.parse(vigil('audit', 'list', '--json').stdout) as { action: string; target: string }[];
    expect(audit.filter((row) => row.target === created.id).map((row) => row.action)).toEqual(
      expect.arrayContaining(['patch-campaign-created', 'patch-campaign-closed']),
    );
  });

  it('answers the same over the API, to the roles allowed', async () => {
    const store = await openStore(location);
    const harness = await serverHarness(store);
    try {
      const viewer = await harness.signIn('viewer');
      const engineer = await harness.signIn('clinical-engineer');
      const windows = await harness.request(
        'GET',
        `/api/v1/maintenance-windows?device=${ct.ip}&hours=4&timeZone=UTC`,
        { browser: viewer },
      );
      expect(windows.statusCode).toBe(200);
      expect(hoursOfDay(windows.json().windows[0])).toEqual([23, 0, 1, 2]);
      expect(
        (await harness.request('GET', '/api/v1/maintenance-windows?device=10.99.99.99', { browser: viewer }))
          .statusCode,
      ).toBe(404);
      const body = { name: 'CT firmware, again', vulnerability: 'CVE-2024-27107' };
      expect(
        (await harness.request('POST', '/api/v1/patch-campaigns', { browser: viewer, body })).statusCode,
      ).toBe(403);
      const created = await harness.request('POST', '/api/v1/patch-campaigns', { browser: engineer, body });
      expect(created.statusCode, created.body).toBe(200);
      const progress = await harness.request(
        'GET',
        `/api/v1/patch-campaigns/${created.json().id}?timeZone=UTC`,
        {
          browser: viewer,
        },
      );
      // The status set from the command line counts here too.
      expect(progress.json()).toMatchObject({ progress: 100, byStatus: { applied: 1 } });
      const late = await harness.request('POST', '/api/v1/patch-campaigns', {
        browser: engineer,
        body: { ...body, due: 'next week' },
      });
      expect(late.statusCode).toBe(400);
    } finally {
      harness.server.stop();
      await harness.server.app.close();
      await store.close();
    }
  });
});
