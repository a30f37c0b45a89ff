import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { simulateHospital } from '../src/sim/simulate.js';
import { openStore } from '../src/store/open-store.js';
import { serverHarness } from './support/server-harness.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { vigilOn } from './support/vigil-cli.js';
import { type WardModel, wardByModel } from './support/ward-models.js';

/** `vigil lifecycle`: support dates per model, the devices past them, and what that does to their risk. */
describe('vigil lifecycle', () => {
  const directory = temporaryDirectory('vigil-lifecycle-');
  let vigil: ReturnType<typeof vigilOn>;
  let models: WardModel[] = [];
  let fleet = 0;
  let location = '';

  beforeAll(async () => {
    ({ location, fleet, models } = await wardByModel());
    vigil = vigilOn(location);
  }, 120_000);

  it('lists the devices past support, counts their share on the overview too, and weighs it in their risk', async () => {
    const [old, current] = models;
    const csv = join(directory, 'support.csv');
    writeFileSync(
      csv,
      [
        'manufacturer,model,end_of_sale,end_of_security_patches,end_of_support',
        `${old!.manufacturer},${old!.model},2022-12-31,2026-06-30,2027-12-31`,
        `"${current!.manufacturer.toUpperCase()}",${current!.model},2030-12-31,2033-12-31,2035-12-31`,
      ].join('\n'),
    );
    const bad = join(directory, 'bad.csv');
    writeFileSync(bad, `manufacturer,model,end_of_support\n${old!.manufacturer},${old!.model},2027-02-29\n`);
    const refused = vigil('lifecycle', 'import', bad);
    expect([refused.status, refused.stderr]).toEqual([
      1,
      expect.stringContaining(
        'bad.csv, line 2, column end_of_support: expected a date as YYYY-MM-DD, got "2027-02-29"',
      ),
    ]);
    expect(vigil('lifecycle', 'import', csv, '--by', 'c.engineer').status).toBe(0);

    const onLastPatchDay = JSON.parse(vigil('lifecycle', 'list', '--at', '2026-06-30', '--json').stdout);
    expect(onLastPatchDay.pastSupport).toEqual([]);
    const report = JSON.parse(vigil('lifecycle', 'list', '--at', '2026-07-01', '--json').stdout);
    expect([...report.pastSupport].sort()).toEqual([...old!.devices].sort());
    expect(report.devices).toBe(fleet);
    expect(report.pastSupportShare).toBe(Math.round((old!.devices.length / fleet) * 1000) / 10);
    expect(
      report.models.map((model: { stage: string; devices: string[] }) => [model.stage, model.devices.length]),
    ).toEqual(
      expect.arrayContaining([
        ['past-end-of-patches', old!.devices.length],
        ['supported', current!.devices.length],
      ]),
    );
    expect(vigil('lifecycle', 'list', '--at', '2026-07-01').stdout).toContain(
      `${old!.devices.length} of ${fleet} devices (${report.pastSupportShare} %) are past support`,
    );

    // Today is past 2026-06-30: the risk of a device of the old model says its patches ended.
    const risk = JSON.parse(vigil('risk', '--device', old!.devices[0]!, '--json').stdout)[0];
    expect(risk.factors).toContainEqual(
      expect.objectContaining({
        name: 'manufacturer support ended',
        evidence: `${old!.manufacturer} ${old!.model}: security patches ended 2026-06-30 (support.csv)`,
      }),
    );
    // The console's overview counts the same devices past support as the list does today.
    const store = await openStore(location);
    // The harness ingests a clinic of its own: the list is read after, on the same store.
    const harness = await serverHarness(store);
    const today = JSON.parse(vigil('lifecycle', 'list', '--json').stdout);
    try {
      const viewer = await harness.signIn('viewer');
      const overview = (await harness.request('GET', '/api/v1/overview', { browser: viewer })).json();
      expect(overview.lifecycle).toEqual({
        pastSupport: today.pastSupport.length,
        devices: today.devices,
        share: today.pastSupportShare,
        operatingSystemsPastSupport: today.operatingSystemsPastSupport.length,
      });
      expect(overview.lifecycle.pastSupport).toBe(old!.devices.length);
      const listed = (await harness.request('GET', '/api/v1/lifecycle', { browser: viewer })).json();
      expect([...listed.pastSupport].sort()).toEqual([...today.pastSupport].sort());
      expect(
        (await harness.request('GET', '/api/v1/lifecycle?at=2026-06-30', { browser: viewer })).json()
          .pastSupport,
      ).toEqual([]);
      expect(
        (await harness.request('GET', '/api/v1/lifecycle?at=soon', { browser: viewer })).statusCode,
      ).toBe(400);
    } finally {
      harness.server.stop();
      await harness.server.app.close();
      await store.close();
    }

    // Corrected by hand: patched for two more years, and the device is no longer past support.
    const set = vigil(
      'lifecycle',
      'set',
      '--manufacturer',
      old!.manufacturer,
      '--model',
      old!.model,
      '--end-of-patches',
      '2099-12-31',
    );
    expect(set.status, set.stderr).toBe(0);
    expect(
      vigil('lifecycle', 'set', '--manufacturer', 'x', '--model', 'y', '--end-of-sale', 'soon').stderr,
    ).toContain('--end-of-sale: expected a date as YYYY-MM-DD');
    expect(JSON.parse(vigil('lifecycle', 'list', '--json').stdout).pastSupport).toEqual([]);
    const audit = JSON.parse(vigil('audit', 'list', '--json').stdout) as { action: string }[];
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining(['support-dates-imported', 'support-dates-set']),
    );
  });
});

/** `vigil lifecycle retire`: a device leaves service with its sanitisation record; seen again, it raises an alert. */
describe('vigil lifecycle retire', () => {
  it('flags a retired device that a later capture shows on the network, and not one that stays away', async () => {
    const directory = temporaryDirectory('vigil-retire-');
    const store = await temporarySqliteStore();
    const hospital = { devices: 40, durationSeconds: 600, seed: 12 };
    const days = [0, 1].map((day) => {
      const capture = join(directory, `day${day}.pcapng`);
      simulateHospital({ ...hospital, day, out: capture });
      return capture;
    });
    await ingestCapture({
      capture: days[0]!,
      store,
      config: pipelineConfig(),
      ouiRegistry: OuiRegistry.load(),
    });
    const pumps = (await store.devices.list()).filter((device) => device.type === 'infusion pump');
    expect(pumps.length).toBeGreaterThan(1);
    const vigil = vigilOn(store.location);
    await store.close();
    const [returning, gone] = pumps as [(typeof pumps)[0], (typeof pumps)[0]];
    expect(vigil('lifecycle', 'retire', returning.id, '--method', 'wipe').stderr).toContain(
      '--method: expected clear, purge, destroy (NIST SP 800-88), got "wipe"',
    );
    const retired = vigil(
      'lifecycle',
      'retire',
      returning.id,
      '--method',
      'purge',
      '--certificate',
      'SAN-2026-0117',
      '--at',
      '2026-01-05T12:00:00Z',
      '--by',
      'c.engineer',
      '--json',
    );
    expect(retired.status, retired.stderr).toBe(0);
    expect(JSON.parse(retired.stdout)).toMatchObject({
      method: 'purge',
      certificate: 'SAN-2026-0117',
      by: 'c.engineer',
    });
    // Retired after the day the next capture shows it: no alert for this one.
    expect(vigil('lifecycle', 'retire', gone.id, '--method', 'destroy', '--at', '2026-12-31').status).toBe(0);

    const ingested = vigil('ingest', days[1]!, '--json');
    expect(ingested.status, ingested.stderr).toBe(0);
    const alerts = JSON.parse(vigil('alerts', '--json').stdout) as {
      type: string;
      severity: string;
      techniques: string[];
      sources: { deviceId: string | null }[];
      summary: string;
    }[];
    const seen = alerts.filter((alert) => alert.type === 'retired-device-seen');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      severity: 'high',
      techniques: ['T0864'],
      sources: [{ deviceId: returning.id }],
    });
    expect(seen[0]!.summary).toContain(
      'retired on 2026-01-05 (media sanitised: purge, certificate SAN-2026-0117)',
    );
    const device = JSON.parse(vigil('device', returning.id, '--json').stdout);
    expect(device.attributes).toContainEqual(
      expect.objectContaining({ name: 'lifecycle.status', value: 'retired', source: 'decommission' }),
    );
    const audit = JSON.parse(vigil('audit', 'list', '--json').stdout) as { action: string; target: string }[];
    expect(
      audit
        .filter((row) => row.action === 'device-retired')
        .map((row) => row.target)
        .sort(),
    ).toEqual([returning.id, gone.id].sort());

    // Found to be a legitimate return: back in service, its retirement no longer declared.
    expect(vigil('lifecycle', 'status', returning.id, 'retired').stderr).toContain(
      'status: expected planned or in-service (retire a device with vigil lifecycle retire), got "retired"',
    );
    const back = vigil(
      'lifecycle',
      'status',
      returning.id,
      'in-service',
      '--note',
      'loan returned',
      '--by',
      'c.engineer',
    );
    expect([back.status, back.stdout]).toEqual([0, `${returning.id}: retired → in-service\n`]);
    const reinstated = JSON.parse(vigil('device', returning.id, '--json').stdout) as {
      attributes: { name: string; value: string }[];
    };
    expect(
      reinstated.attributes
        .filter((attribute) => attribute.name.startsWith('lifecycle.'))
        .map((attribute) => attribute.name)
        .sort(),
    ).toEqual(['lifecycle.status', 'lifecycle.status-since']);
    expect(reinstated.attributes.find((attribute) => attribute.name === 'lifecycle.status')?.value).toBe(
      'in-service',
    );
  }, 120_000);
});
