/**
 * The live console's cost: how long the server takes to rebuild the inventory rows of the
 * devices one commit wrote, on a store holding a whole hospital group, next to the full rebuild
 * it replaces (the peer, in the same process run), on SQLite and on PostgreSQL.
 *
 *   npm run bench:live                   # 100,000 devices, batches of 1,000, 20 batches
 *   npm run bench:live -- 20000 1000 10  # devices, devices per batch, batches
 *   npm run bench:live -- 100000 1000 20 postgres   # one backend only (sqlite or postgres)
 *
 * The hospital is simulated (two minutes of traffic, cached in bench/out, shared with
 * bench:api) and ingested. Each batch stamps randomly chosen devices as a commit does and times
 * `SummaryRefresher.followCommits`: reading what was committed, their rows brought up to date
 * and written, the in-memory index updated. Two kinds of commit: one that only saw the devices
 * again (the `committed_at` and `last_seen` a merge writes: most of a live sensor's commits),
 * whose rows take the new sightings as they are; one that changed them (`changed_at` too: a new
 * attribute, finding or protocol), whose rows are rebuilt from the devices, their risk inputs
 * and flows. For each, a second series puts the server most devices talk to in every batch, as
 * live commits do (its row counts tens of thousands of peers). One batch is committed per look,
 * a look a second as the server makes them. Goal: ≤ 50 ms per batch of 1,000.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { defaultServerConfig, pipelineConfig } from '../src/config/defaults.js';
import { loadZones } from '../src/config/zones.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { loadRiskModel } from '../src/risk/risk-model.js';
import { EventHub } from '../src/server/events/event-hub.js';
import { SummaryRefresher } from '../src/server/summaries/summary-refresher.js';
import { simulateHospital } from '../src/sim/simulate.js';
import { chunks } from '../src/store/chunks.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { scratchPostgres } from './scratch-postgres.js';

const deviceCount = Number(process.argv[2] ?? 100_000);
const batchSize = Number(process.argv[3] ?? 1_000);
const batches = Number(process.argv[4] ?? 20);
const only = process.argv[5];
const outDirectory = join('bench', 'out');
mkdirSync(outDirectory, { recursive: true });

function capture(): string {
  const path = join(outDirectory, `api-hospital-${deviceCount}.pcapng`);
  if (!existsSync(path)) simulateHospital({ devices: deviceCount, durationSeconds: 120, seed: 3, out: path });
  return path;
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const mb = (bytes: number) => (bytes / 1e6).toFixed(0);

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

async function measure(backend: string, location: string, capturePath: string): Promise<void> {
  console.log(`\n── ${backend} ──`);
  const store = await openStore(location);
  try {
    let started = performance.now();
    const ingest = await ingestCapture({
      capture: capturePath,
      store,
      config: pipelineConfig(),
      ouiRegistry: OuiRegistry.load(),
    });
    console.log(
      `ingest: ${ingest.devices.toLocaleString()} devices in ${seconds(performance.now() - started)} s`,
    );
    // This machine's PostgreSQL runs without autovacuum; a hospital's runs with it, and its
    // statistics would describe the bulk load by now (without them every read plans a scan).
    if (backend === 'PostgreSQL') await sql`analyze`.execute(store.db);
    const refresher = new SummaryRefresher(
      store,
      loadRiskModel(),
      loadZones('examples/hospital-zones.json'),
      new EventHub(),
    );
    started = performance.now();
    await refresher.ensureFresh();
    const fullMs = performance.now() - started;
    console.log(
      `peer, the full rebuild of every row: ${seconds(fullMs)} s for ${refresher.inventory.size.toLocaleString()} devices; RSS ${mb(process.memoryUsage().rss)} MB`,
    );
    // Commits written before the bench starts are followed once, outside the figures.
    await refresher.followCommits();

    const ids = (await store.devices.list()).map((device) => device.id);
    // The server most devices talk to: live, it is in nearly every commit.
    const busiest = await store.db
      .selectFrom('flows')
      .select(['responder_address as address', sql<number>`count(distinct initiator_address)`.as('peers')])
      .groupBy('responder_address')
      .orderBy('peers', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const busiestId = (await store.devices.devicesOfAddresses([busiest.address])).get(busiest.address)!;
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const changed of [false, true])
      for (const withBusiest of [false, true])
        await followBatches(
          store,
          refresher,
          ids,
          random,
          withBusiest ? busiestId : undefined,
          fullMs,
          changed,
        );
    console.log(
      `RSS after: ${mb(process.memoryUsage().rss)} MB (peak ${mb(process.resourceUsage().maxRSS * 1e3)} MB)`,
    );
  } finally {
    await store.close();
  }
}

/**
 * The commits' clock: one batch per look, a look every `commitFollowIntervalMs` (1 s) as the
 * server makes them, so each look also reads again the stamps of its look-back (2 s: the two
 * batches before), as it would in service. The batches are stamped so rather than spaced in
 * real time, which would make the bench last minutes for nothing.
 */
let commitClockMs = Date.now();

/** Times `batches` follows of `batchSize` changed devices chosen at random (and `alwaysId` in each, when given). */
async function followBatches(
  store: Store,
  refresher: SummaryRefresher,
  ids: readonly string[],
  random: () => number,
  alwaysId: string | undefined,
  fullMs: number,
  /** Whether the commit changed the devices (their rows rebuilt) or only saw them again. */
  changed: boolean,
): Promise<void> {
  const times: number[] = [];
  // After the commits the ingest and the full rebuild stamped.
  commitClockMs = Math.max(commitClockMs, Date.now());
  for (let batch = 0; batch < batches; batch += 1) {
    const chosen = new Set<string>(alwaysId === undefined ? [] : [alwaysId]);
    while (chosen.size < Math.min(batchSize, ids.length)) chosen.add(ids[Math.floor(random() * ids.length)]!);
    commitClockMs += defaultServerConfig.commitFollowIntervalMs;
    const committedAt = new Date(commitClockMs).toISOString();
    for (const chunk of chunks([...chosen], 500))
      await store.db
        .updateTable('devices')
        .set(
          changed
            ? { committed_at: committedAt, last_seen: committedAt, changed_at: committedAt }
            : { committed_at: committedAt, last_seen: committedAt },
        )
        .where('id', 'in', chunk)
        .execute();
    const started = performance.now();
    const rebuilt = await refresher.followCommits();
    times.push(performance.now() - started);
    if (rebuilt !== chosen.size) throw new Error(`batch ${batch}: rebuilt ${rebuilt} of ${chosen.size}`);
  }
  const perDevice = percentile(times, 0.5) / batchSize;
  const which = `${changed ? 'changed' : 'only seen again'}, ${alwaysId === undefined ? 'chosen at random' : 'including the busiest server'}`;
  console.log(
    `followCommits, ${batches} batches of ${batchSize.toLocaleString()} devices ${which}: p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (${(perDevice * 1000).toFixed(0)} µs a device; the full rebuild costs ${((fullMs / refresher.inventory.size) * 1000).toFixed(0)} µs a device and ${seconds(fullMs)} s a time)`,
  );
}

const capturePath = capture();
if (only !== 'postgres') {
  const sqlitePath = join(outDirectory, `live-${deviceCount}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqlitePath}${suffix}`, { force: true });
  await measure('SQLite', sqlitePath, capturePath);
}
const postgres = only === 'sqlite' ? null : await scratchPostgres('live');
if (postgres) {
  try {
    await measure('PostgreSQL', postgres.url, capturePath);
  } finally {
    await postgres.drop();
  }
}
