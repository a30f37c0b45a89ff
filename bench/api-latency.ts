/**
 * Inventory API latency at hospital-group scale: the device list with filters, search, sorting
 * and deep pages over 100,000 devices, on SQLite and on PostgreSQL, under concurrent load from a
 * second process on loopback.
 *
 *   npm run bench:api                      # 100,000 devices, 20 s of load, 16 connections
 *   npm run bench:api -- 20000 10 8        # devices, seconds, connections
 *
 * The hospital is simulated (`vigil sim`, two minutes of traffic, cached in bench/out) and
 * ingested into each store; the server builds its inventory table on start (timed). Then, per
 * backend: the same queries answered in this process without HTTP by the server's in-memory index
 * (what the API uses) and by the database (the repository, for comparison; both must count alike);
 * the load process (bench/api-load.ts) with an API token, round robin over the queries; and, as
 * an independent peer, wrk on one of them. Then the NAC profile endpoint the same ways, by MAC,
 * with a `nac` token. PostgreSQL is VIGIL_BENCH_POSTGRES_URL or this machine's (a database is
 * created and dropped).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { saveDraftPolicy } from '../src/changes/policy-changes.js';
import { pipelineConfig } from '../src/config/defaults.js';
import { loadZones } from '../src/config/zones.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { loadRiskModel } from '../src/risk/risk-model.js';
import { EndpointGroups } from '../src/segment/endpoint-groups.js';
import { generatePolicy } from '../src/segment/generate-policy.js';
import { loadLearningFlows, loadSegmentDevices } from '../src/segment/segment-inputs.js';
import { buildServer } from '../src/server/app.js';
import { createApiToken } from '../src/server/auth/api-tokens.js';
import { simulateHospital } from '../src/sim/simulate.js';
import type { SummaryQuery } from '../src/store/device-summary-repository.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { scratchPostgres } from './scratch-postgres.js';

const deviceCount = Number(process.argv[2] ?? 100_000);
const loadSeconds = Number(process.argv[3] ?? 20);
const connections = Number(process.argv[4] ?? 16);
const outDirectory = join('bench', 'out');
/** Children run asynchronously: the server answering them lives in this process's event loop. */
const run = promisify(execFile);
mkdirSync(outDirectory, { recursive: true });

/** The queries: what analysts do with the table, each as the API path and as a repository query. */
const queries: { name: string; path: string; query: SummaryQuery }[] = [
  { name: 'first page by risk', path: '/api/v1/devices?pageSize=50', query: q({}) },
  { name: 'type filter', path: '/api/v1/devices?type=infusion%20pump', query: q({ type: 'infusion pump' }) },
  {
    name: 'zone + risk level',
    path: '/api/v1/devices?zone=ICU&riskLevel=low&sort=lastSeen',
    query: q({ zone: 'ICU', riskLevel: 'low', sort: 'lastSeen' }),
  },
  { name: 'search', path: '/api/v1/devices?q=mon-icu-01', query: q({ search: 'mon-icu-01' }) },
  {
    name: 'page 1,000 by name',
    path: '/api/v1/devices?page=1000&sort=name&order=asc',
    query: q({ offset: 50_000, sort: 'name', descending: false }),
  },
  { name: 'KEV only', path: '/api/v1/devices?kev=true', query: q({ kevOnly: true }) },
];

function q(fields: Partial<SummaryQuery>): SummaryQuery {
  return { offset: 0, limit: 50, sort: 'riskScore', descending: true, ...fields };
}

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);

function capture(): string {
  const path = join(outDirectory, `api-hospital-${deviceCount}.pcapng`);
  if (!existsSync(path)) {
    const started = performance.now();
    simulateHospital({ devices: deviceCount, durationSeconds: 120, seed: 3, out: path });
    console.log(
      `simulated ${deviceCount} devices in ${((performance.now() - started) / 1000).toFixed(1)} s → ${path}`,
    );
  }
  return path;
}

/** wrk's own latency distribution for one path: the independent peer of our load process. */
async function wrkPeer(origin: string, token: string, path: string) {
  let stdout: string;
  try {
    ({ stdout } = await run('wrk', [
      '-t2',
      `-c${connections}`,
      `-d${loadSeconds}s`,
      '--latency',
      '-H',
      `Authorization: Bearer ${token}`,
      `${origin}${path}`,
    ]));
  } catch {
    return null;
  }
  const toMs = (text: string | undefined) => {
    const match = /([\d.]+)(us|ms|s)/.exec(text ?? '');
    if (!match) return Number.NaN;
    const value = Number(match[1]);
    return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
  };
  return {
    p50: toMs(/50%\s+(\S+)/.exec(stdout)?.[1]),
    p90: toMs(/90%\s+(\S+)/.exec(stdout)?.[1]),
    p99: toMs(/99%\s+(\S+)/.exec(stdout)?.[1]),
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0),
  };
}

async function measure(backend: string, location: string, capturePath: string): Promise<void> {
  console.log(`\n── ${backend} ──`);
  let started = performance.now();
  let store: Store = await openStore(location);
  const ingest = await ingestCapture({
    capture: capturePath,
    store,
    config: pipelineConfig(),
    ouiRegistry: OuiRegistry.load(),
  });
  console.log(
    `ingest: ${ingest.packets.toLocaleString()} packets, ${ingest.devices.toLocaleString()} devices in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await store.close();
  store = await openStore(location);
  const { token } = await createApiToken(
    store,
    { name: 'bench', role: 'viewer', createdBy: 'bench', expiresAt: null },
    Date.now(),
  );
  started = performance.now();
  const server = await buildServer({
    store,
    riskModel: loadRiskModel(),
    zones: loadZones('examples/hospital-zones.json'),
  });
  console.log(
    `server start with the inventory table built: ${((performance.now() - started) / 1000).toFixed(1)} s; RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
  );
  const origin = await server.app.listen({ host: '127.0.0.1', port: 0 });

  console.log('\nin this process, no HTTP: p50/p95/p99 of 100 calls');
  console.log(
    'query                  rows matched   in-memory index (what the API uses)   database query (the repository)',
  );
  for (const entry of queries) {
    const indexTimes: number[] = [];
    const databaseTimes: number[] = [];
    let total = 0;
    for (let call = 0; call < 100; call += 1) {
      let begun = performance.now();
      total = server.context.summaries.inventory.page(entry.query).total;
      indexTimes.push(performance.now() - begun);
      begun = performance.now();
      const fromDatabase = await store.summaries.page(entry.query);
      databaseTimes.push(performance.now() - begun);
      if (fromDatabase.total !== total)
        throw new Error(`${entry.name}: the index counts ${total}, the database ${fromDatabase.total}`);
    }
    const index = percentiles(indexTimes);
    const database = percentiles(databaseTimes);
    console.log(
      `${entry.name.padEnd(22)} ${String(total).padStart(12)}   ${`${ms(index.p50)} / ${ms(index.p95)} / ${ms(index.p99)} ms`.padEnd(36)}  ${ms(database.p50)} / ${ms(database.p95)} / ${ms(database.p99)} ms`,
    );
  }

  const load = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/api-load.ts',
      origin,
      token,
      String(loadSeconds),
      String(connections),
      ...queries.map((entry) => entry.path),
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const result = JSON.parse(load.stdout) as {
    errors: number;
    overall: { count: number; p50: number; p95: number; p99: number; requestsPerSecond: number };
    paths: Record<string, { count: number; p50: number; p95: number; p99: number }>;
  };
  console.log(
    `\nunder load: ${connections} connections from a second process, ${loadSeconds} s, HTTP with an API token`,
  );
  console.log('query                  requests   p50 / p95 / p99');
  for (const entry of queries) {
    const figures = result.paths[entry.path]!;
    console.log(
      `${entry.name.padEnd(22)} ${String(figures.count).padStart(8)}   ${ms(figures.p50)} / ${ms(figures.p95)} / ${ms(figures.p99)} ms`,
    );
  }
  console.log(
    `${'all'.padEnd(22)} ${String(result.overall.count).padStart(8)}   ${ms(result.overall.p50)} / ${ms(result.overall.p95)} / ${ms(result.overall.p99)} ms; ${result.overall.requestsPerSecond.toFixed(0)} requests/s; ${result.errors} errors`,
  );
  const peer = await wrkPeer(origin, token, queries[1]!.path);
  if (peer)
    console.log(
      `peer wrk on "${queries[1]!.name}": p50 ${ms(peer.p50)} ms, p90 ${ms(peer.p90)} ms, p99 ${ms(peer.p99)} ms, ${peer.requestsPerSecond.toFixed(0)} requests/s, ${peer.non2xx} non-2xx`,
    );
  else console.log('peer wrk: not installed (apt-get install wrk)');
  await measureNac(store, server, origin);
  console.log(
    `server RSS after load: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB (peak ${(process.resourceUsage().maxRSS / 1e3).toFixed(0)} MB)`,
  );
  server.stop();
  await server.app.close();
  await store.close();
}

/**
 * The NAC profile endpoint as a NAC system polls it: a policy generated from the store's flows
 * (type granularity), a token of the `nac` role, 500 devices' MACs round robin under the same load.
 */
async function measureNac(store: Store, server: Awaited<ReturnType<typeof buildServer>>, origin: string) {
  let started = performance.now();
  const devices = await loadSegmentDevices(store);
  const generated = generatePolicy(
    await loadLearningFlows(store),
    new EndpointGroups(devices, loadZones('examples/hospital-zones.json'), 'type'),
  );
  const policy = await saveDraftPolicy(store, generated, 'bench', Date.now());
  console.log(
    `\nNAC profiles: policy ${policy.id} (${policy.rules.length} rules, ${policy.groups.length} groups) generated and stored in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const { token } = await createApiToken(
    store,
    { name: 'nac', role: 'nac', createdBy: 'bench', expiresAt: null },
    Date.now(),
  );
  const macs = (await store.summaries.all())
    .map((summary) => summary.mac)
    .filter((mac): mac is string => mac !== null);
  const sample = Array.from({ length: 500 }, (_, index) => macs[Math.floor((index * macs.length) / 500)]!);
  const paths = sample.map((mac) => `/api/v1/nac/profile?mac=${mac}`);
  const times: number[] = [];
  for (const path of paths) {
    started = performance.now();
    const response = await server.app.inject({
      method: 'GET',
      url: path,
      headers: { authorization: `Bearer ${token}` },
    });
    times.push(performance.now() - started);
    if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${response.body}`);
  }
  const injected = percentiles(times);
  console.log(
    `in this process (Fastify inject, no socket), 500 MACs: p50 ${ms(injected.p50)} / p95 ${ms(injected.p95)} / p99 ${ms(injected.p99)} ms`,
  );
  // One connection, as a NAC system asking at each port connection does, then the shared load.
  for (const clients of [1, connections]) {
    const load = await run(
      process.execPath,
      ['--import', 'tsx', 'bench/api-load.ts', origin, token, String(loadSeconds), String(clients), ...paths],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const result = JSON.parse(load.stdout) as {
      errors: number;
      overall: { count: number; p50: number; p95: number; p99: number; requestsPerSecond: number };
    };
    console.log(
      `over HTTP, ${clients} connection${clients === 1 ? '' : 's'} for ${loadSeconds} s: ${result.overall.count} requests, p50 ${ms(result.overall.p50)} / p95 ${ms(result.overall.p95)} / p99 ${ms(result.overall.p99)} ms; ${result.overall.requestsPerSecond.toFixed(0)} requests/s; ${result.errors} errors`,
    );
  }
  const peer = await wrkPeer(origin, token, paths[0]!);
  if (peer)
    console.log(
      `peer wrk on one MAC: p50 ${ms(peer.p50)} ms, p90 ${ms(peer.p90)} ms, p99 ${ms(peer.p99)} ms, ${peer.requestsPerSecond.toFixed(0)} requests/s`,
    );
}

const capturePath = capture();
const sqlitePath = join(outDirectory, `api-${deviceCount}.db`);
for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqlitePath}${suffix}`, { force: true });
await measure('SQLite', sqlitePath, capturePath);
const postgres = await scratchPostgres('api');
if (postgres) {
  try {
    await measure('PostgreSQL', postgres.url, capturePath);
  } finally {
    await postgres.drop();
  }
}
