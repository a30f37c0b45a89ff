import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceSubject } from '../src/baseline/baseline.js';
import { pipelineConfig } from '../src/config/defaults.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { simulateHospital } from '../src/sim/simulate.js';
import { serverHarness } from './support/server-harness.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';

type Harness = Awaited<ReturnType<typeof serverHarness>>;

describe("a device's baseline over the API", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await serverHarness(await temporarySqliteStore());
    // A quarter of an hour of a small simulated hospital: each device learns what it did.
    const capture = join(temporaryDirectory('vigil-baseline-api-'), 'ward.pcapng');
    simulateHospital({ devices: 20, durationSeconds: 900, seed: 5, out: capture });
    await ingestCapture({
      capture,
      store: harness.store,
      config: pipelineConfig(),
      ouiRegistry: OuiRegistry.load(),
    });
  }, 120_000);
  afterAll(async () => {
    harness.server.stop();
    await harness.server.app.close();
    await harness.store.close();
  });

  const as = (role: string) => ({
    headers: { authorization: `Bearer ${harness.tokens.get(role as never)}` },
  });

  it('answers the latest stored version, still learning after one ingest, to every role that reads the inventory', async () => {
    const devices = await harness.store.devices.list();
    const learned = await harness.store.baselines.latest(devices.map((device) => deviceSubject(device.id)));
    expect(learned.size).toBeGreaterThan(0);
    const server = devices.find((device) => learned.has(deviceSubject(device.id)))!;
    const stored = learned.get(deviceSubject(server.id))!;
    const answer = await harness.request('GET', `/api/v1/devices/${server.id}/baseline`, as('viewer'));
    expect(answer.statusCode).toBe(200);
    const body = answer.json();
    expect(body).toEqual({ baseline: JSON.parse(JSON.stringify(stored)), versionsKept: 1 });
    expect(body.baseline.learningUntil).not.toBeNull();
    expect(Object.values(body.baseline.profile.facts).flat().length).toBeGreaterThan(0);
  });

  it('refuses an unknown device and a request without credentials', async () => {
    expect((await harness.request('GET', '/api/v1/devices/dev-none/baseline', as('viewer'))).statusCode).toBe(
      404,
    );
    expect((await harness.request('GET', '/api/v1/devices/dev-none/baseline', {})).statusCode).toBe(401);
  });
});
