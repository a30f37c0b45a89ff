import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect as connectTcp, createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { attackNames } from '../../src/sim/attacks.js';
import { simulateHospital } from '../../src/sim/simulate.js';
import type { Store } from '../../src/store/open-store.js';
import { storeContents, storeContentsAt } from './store-contents.js';
import { postgresAvailable } from './temporary-store.js';
import { toolsAvailable } from './tools.js';
import { vigilOn } from './vigil-cli.js';

/**
 * What the distributed-mode tests share: `vigil sensor` and `vigil collect` run from source as
 * child processes, the machine's NATS JetStream (and nats-servers of a test's own), and waits on
 * what the collector applied.
 */

export const natsUrl = process.env.VIGIL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
export const zones = join(import.meta.dirname, '..', '..', 'examples', 'hospital-zones.json');

/** True when something accepts TCP connections on the port. */
export function portAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** True when the NATS server answers; under CI=true its absence is a failure, not a skip. */
export async function natsAvailable(): Promise<boolean> {
  const { hostname, port } = new URL(natsUrl);
  const answered = await portAnswers(hostname, Number(port || 4222));
  if (!answered && process.env.CI === 'true') throw new Error(`CI needs NATS JetStream at ${natsUrl}`);
  return answered;
}

export const ready = (await natsAvailable()) && (await postgresAvailable()) && toolsAvailable('nats-server');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `vigil ARGS` from source, running; `finished` resolves with its exit and output. */
export function startVigil(args: readonly string[]): { child: ChildProcess; finished: Promise<Finished> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, VIGIL_DB: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // A killed child's stdin may be written to no more; the test sees its exit instead.
  child.stdin?.on('error', () => {});
  const finished = once(child, 'close').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    stdout,
    stderr,
  }));
  return { child, finished };
}

export async function vigil(args: readonly string[]): Promise<Finished> {
  const { child, finished } = startVigil(args);
  child.stdin?.end();
  const result = await finished;
  expect(result.code, `vigil ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

export interface SensorReport {
  packets: number;
  relay: {
    published: number;
    outboxLeft: number;
    outboxDropped: Record<
      'flows' | 'devices' | 'detections' | `${'flows' | 'devices' | 'detections'}Messages`,
      number
    >;
  };
}

export function sensorArgs(options: {
  read: string;
  nats: string;
  stream: string;
  site: string;
  name: string;
  spool: string;
  extra?: string[];
}): string[] {
  return [
    'sensor',
    '--read',
    options.read,
    '--nats',
    options.nats,
    '--stream',
    options.stream,
    '--site',
    options.site,
    '--name',
    options.name,
    '--spool',
    options.spool,
    '--zones',
    zones,
    '--commit-interval',
    '0.05',
    '--json',
    ...(options.extra ?? []),
  ];
}

export const collectArgs = (nats: string, stream: string, db: string, extra: string[] = []) => [
  'collect',
  '--nats',
  nats,
  '--stream',
  stream,
  '--db',
  db,
  '--json',
  ...extra,
];

/** A stream name no other run of this file uses: each test starts from an empty stream. */
export const streamName = (test: string) => `VIGILTEST_${test}_${process.pid}_${Date.now()}`;

export async function appliedMessages(store: Store): Promise<number> {
  const result = await sql<{ n: string | number }>`select count(*) as n from relay_applied`.execute(store.db);
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * Stops a running collector with SIGTERM once it has applied `published` messages (or after a
 * minute); it must exit cleanly. Returns its exit and output.
 */
export async function stopCollectorOnceApplied(
  collector: ReturnType<typeof startVigil>,
  store: Store,
  published: number,
): Promise<Finished> {
  for (let waited = 0; (await appliedMessages(store)) < published && waited < 60_000; waited += 200)
    await sleep(200);
  collector.child.kill('SIGTERM');
  const collected = await collector.finished;
  expect(collected.code, collected.stderr).toBe(0);
  return collected;
}

/** A TCP port nothing listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A nats-server of the test's own, with JetStream on disk so that a restart keeps the stream. */
export function startNatsServer(port: number, directory: string): ChildProcess {
  return spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', directory], {
    stdio: 'ignore',
  });
}

/**
 * A nats-server of the test's own run from a configuration file in `directory`: loopback, the
 * port, JetStream on disk, and `extra` lines (an authorization include, a tls block). Resolves
 * once it listens.
 */
export async function startConfiguredNatsServer(
  port: number,
  directory: string,
  extra: readonly string[],
): Promise<ChildProcess> {
  const config = join(directory, 'nats.conf');
  writeFileSync(
    config,
    [
      `port: ${port}`,
      'host: 127.0.0.1',
      `jetstream { store_dir: ${JSON.stringify(join(directory, 'js'))} }`,
      ...extra,
      '',
    ].join('\n'),
  );
  const nats = spawn('nats-server', ['-c', config], { stdio: 'ignore' });
  await waitForPort(port);
  return nats;
}

export async function waitForPort(port: number): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 100) {
    if (await portAnswers('127.0.0.1', port)) return;
    await sleep(100);
  }
  throw new Error(`nats-server on port ${port} did not start`);
}

/** Messages waiting in a sensor's spool (0 when it has no store yet). */
export function spooledMessages(spool: string): number {
  try {
    const db = new Database(join(spool, 'sensor.db'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('select count(*) as n from relay_outbox').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

/** A copy of a pcapng capture's section header and first interface block: a capture of no packets. */
export function headerOnly(capture: string): string {
  const bytes = readFileSync(capture);
  const sectionLength = bytes.readUInt32LE(4);
  const interfaceLength = bytes.readUInt32LE(sectionLength + 4);
  const path = `${capture}.header-only.pcapng`;
  writeFileSync(path, bytes.subarray(0, sectionLength + interfaceLength));
  return path;
}

export type StoreContents = Awaited<ReturnType<typeof storeContents>>;

/**
 * The hospital the relay tests send (80 devices, 15 minutes, every simulated attack) and what a
 * plain `vigil ingest` of it stores: from the file, and (`fromPipe`) read from standard input,
 * where evidence names the capture `-`.
 */
export async function relayHospital(
  directory: string,
  options: { fromPipe?: boolean } = {},
): Promise<{ capture: string; expected: StoreContents; expectedFromPipe?: StoreContents }> {
  const capture = join(directory, 'hospital.pcapng');
  simulateHospital({
    devices: 80,
    durationSeconds: 900,
    seed: 11,
    day: 1,
    attacks: [...attackNames],
    out: capture,
  });
  const reference = join(directory, 'reference.db');
  const ingest = vigilOn(reference)('ingest', capture, '--zones', zones);
  expect(ingest.status, ingest.stderr).toBe(0);
  const expected = await storeContentsAt(reference);
  expect(expected.devices.length).toBe(80);
  expect(expected.alerts.length).toBeGreaterThan(0);
  if (!options.fromPipe) return { capture, expected };
  const piped = join(directory, 'reference-piped.db');
  const fromPipe = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'ingest', '-', '--zones', zones, '--db', piped],
    { input: readFileSync(capture), env: { ...process.env, VIGIL_DB: '' }, encoding: 'utf8' },
  );
  expect(fromPipe.status, fromPipe.stderr).toBe(0);
  return { capture, expected, expectedFromPipe: await storeContentsAt(piped) };
}

/** Every table of `store` equals `reference` (what one clean ingest stored). */
export async function expectSameContents(
  store: Store,
  reference: StoreContents,
  what: string,
): Promise<void> {
  const actual = await storeContents(store);
  for (const table of Object.keys(reference) as (keyof typeof reference)[])
    expect(actual[table], `${table} ${what}`).toEqual(reference[table]);
}
