import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRiskModel } from '../src/risk/risk-model.js';
import type { ConsoleEvent } from '../src/server/events/event-hub.js';
import { buildSummaries } from '../src/server/summaries/build-summaries.js';
import { attackNames } from '../src/sim/attacks.js';
import { simulateHospital } from '../src/sim/simulate.js';
import { serverHarness } from './support/server-harness.js';
import { storeBackends, temporaryDirectory } from './support/temporary-store.js';

/**
 * The live console: while an ingest commits into the store a server reads (a sensor, a
 * collector, a CLI ingest), the server rebuilds the inventory rows of the devices each commit
 * wrote, and tells open consoles over server-sent events, before the ingest has ended. The rows
 * it keeps that way equal a full build of the same store.
 */

const backends = await storeBackends();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let capture: string;
beforeAll(() => {
  capture = join(temporaryDirectory('vigil-live-'), 'hospital.pcapng');
  simulateHospital({
    devices: 60,
    durationSeconds: 600,
    seed: 5,
    day: 1,
    attacks: [...attackNames],
    out: capture,
  });
}, 60_000);

/** The events of an open stream, as they arrive. */
async function openEventStream(origin: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(`${origin}/api/v1/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const events: ConsoleEvent[] = [];
  const reader = response.body!.getReader();
  void (async () => {
    let text = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      text += new TextDecoder().decode(value);
      const blocks = text.split('\n\n');
      text = blocks.pop() ?? '';
      for (const block of blocks)
        if (block.startsWith('data: ')) events.push(JSON.parse(block.slice(6)) as ConsoleEvent);
    }
  })();
  return { events, close: () => controller.abort() };
}

async function waitFor(condition: () => boolean, what: string, ms = 60_000): Promise<void> {
  for (let waited = 0; !condition(); waited += 100) {
    if (waited > ms) throw new Error(`waited ${ms} ms for ${what}`);
    await sleep(100);
  }
}

for (const backend of backends.filter((candidate) => candidate.enabled)) {
  describe(`live console on ${backend.name}`, () => {
    let harness: Awaited<ReturnType<typeof serverHarness>>;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const opened = await backend.open();
      drop = opened.drop;
      harness = await serverHarness(opened.store, { commitFollowIntervalMs: 100 });
    }, 60_000);
    afterAll(async () => {
      harness?.server.stop();
      await harness?.server.app.close();
      await drop?.();
    });

    it('streams the devices and alerts each commit writes, with their rows rebuilt, before the ingest ends', async () => {
      const { server, store } = harness;
      const origin = await server.app.listen({ host: '127.0.0.1', port: 0 });
      const stream = await openEventStream(origin, harness.tokens.get('viewer') ?? '');
      try {
        const before = server.context.summaries.inventory.size;

        // A capture arriving over a pipe to a sensor, as from a packet broker: half now, the rest later.
        const ingest = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            'src/cli/main.ts',
            'sensor',
            '--read',
            '-',
            '--db',
            store.location,
            '--commit-interval',
            '0.2',
          ],
          { env: { ...process.env, VIGIL_DB: '' }, stdio: ['pipe', 'pipe', 'pipe'] },
        );
        let stderr = '';
        ingest.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
        });
        const exited = once(ingest, 'close');
        const bytes = readFileSync(capture);
        ingest.stdin.write(bytes.subarray(0, Math.floor(bytes.length / 2)));

        const committed = () => stream.events.filter((event) => event.type === 'devices-committed');
        await waitFor(() => committed().some((event) => (event.newDevices ?? 0) > 0), 'new devices streamed');
        expect(ingest.exitCode, 'the ingest is still running').toBeNull();
        const firstIds = committed().flatMap((event) => event.deviceIds ?? []);
        for (const id of firstIds) expect(server.context.summaries.inventory.find(id), id).toBeDefined();
        expect(server.context.summaries.inventory.size).toBeGreaterThan(before);
        const listed = await harness.request('GET', '/api/v1/devices?pageSize=500', {
          headers: { authorization: `Bearer ${harness.tokens.get('viewer')}` },
        });
        expect(listed.statusCode).toBe(200);
        const listedIds = (listed.json() as { rows: { deviceId: string }[] }).rows.map((row) => row.deviceId);
        for (const id of firstIds) expect(listedIds).toContain(id);

        // Once the first half is committed and followed, the rows equal a full build of the store.
        // The half is in once three commits in a row report the same packets read: the sensor
        // waits on the pipe. (A pause in the follow alone does not say so on a loaded machine.)
        await waitFor(() => {
          const counts = [...stderr.matchAll(/(\d+) packets read; commit/g)].map((match) => match[1]);
          const last = counts.slice(-3);
          return last.length === 3 && last[0] !== '0' && last.every((count) => count === last[0]);
        }, 'the first half committed');
        let quiet = 0;
        while (quiet < 5) {
          await sleep(300);
          quiet = (await server.context.summaries.followCommits()) === 0 ? quiet + 1 : 0;
        }
        const full = await buildSummaries(store, loadRiskModel(), []);
        expect(full.length).toBe(server.context.summaries.inventory.size);
        for (const row of full) expect(server.context.summaries.inventory.find(row.deviceId)).toEqual(row);
        expect(ingest.exitCode, 'the ingest is still running').toBeNull();

        ingest.stdin.end(bytes.subarray(Math.floor(bytes.length / 2)));
        const [code] = await exited;
        expect(code, stderr).toBe(0);
        const stored = await store.alerts.list();
        expect(stored.length).toBeGreaterThan(0);
        await waitFor(
          () => stream.events.some((event) => event.type === 'alerts-changed'),
          'an alerts-changed event',
        );
        const streamedAlerts = stream.events.flatMap((event) => event.alertIds ?? []);
        for (const id of streamedAlerts) expect(stored.map((alert) => alert.id)).toContain(id);
      } finally {
        stream.close();
      }
    }, 180_000);
  });
}
