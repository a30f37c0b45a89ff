import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect as connectTcp, createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { attackNames } from '../src/sim/attacks.js';
import { simulateHospital } from '../src/sim/simulate.js';
import type { Store } from '../src/store/open-store.js';
import { committedPackets, storeContents, storeContentsAt } from './support/store-contents.js';
import { postgresAvailable, temporaryDirectory, temporaryPostgresStore } from './support/temporary-store.js';
import { toolsAvailable } from './support/tools.js';
import { vigilOn } from './support/vigil-cli.js';

/**
 * Distributed mode end to end with the real services: `vigil sensor --nats` on one side, the
 * machine's NATS JetStream in the middle (and a second nats-server this file starts where it must
 * be stopped), `vigil collect` into a real PostgreSQL on the other. Whatever happens on the way —
 * NATS away for 30 s, a sensor or a collector killed with SIGKILL, a full spool — the central
 * store ends as one plain `vigil ingest` of the same packets leaves a store, or short by exactly
 * what the sensor's counters say it dropped.
 */

const natsUrl = process.env.VIGIL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const zones = join(import.meta.dirname, '..', 'examples', 'hospital-zones.json');

/** True when something accepts TCP connections on the port. */
function portAnswers(host: string, port: number): Promise<boolean> {
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
async function natsAvailable(): Promise<boolean> {
  const { hostname, port } = new URL(natsUrl);
  const answered = await portAnswers(hostname, Number(port || 4222));
  if (!answered && process.env.CI === 'true') throw new Error(`CI needs NATS JetStream at ${natsUrl}`);
  return answered;
}

const ready = (await natsAvailable()) && (await postgresAvailable()) && toolsAvailable('nats-server');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `vigil ARGS` from source, running; `finished` resolves with its exit and output. */
function startVigil(args: readonly string[]): { child: ChildProcess; finished: Promise<Finished> } {
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

async function vigil(args: readonly string[]): Promise<Finished> {
  const { child, finished } = startVigil(args);
  child.stdin?.end();
  const result = await finished;
  expect(result.code, `vigil ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

interface SensorReport {
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

function sensorArgs(options: {
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

const collectArgs = (nats: string, stream: string, db: string, extra: string[] = []) => [
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
const streamName = (test: string) => `VIGILTEST_${test}_${process.pid}_${Date.now()}`;

async function appliedMessages(store: Store): Promise<number> {
  const result = await sql<{ n: string | number }>`select count(*) as n from relay_applied`.execute(store.db);
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * Stops a running collector with SIGTERM once it has applied `published` messages (or after a
 * minute); it must exit cleanly. Returns its exit and output.
 */
async function stopCollectorOnceApplied(
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
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A nats-server of the test's own, with JetStream on disk so that a restart keeps the stream. */
function startNatsServer(port: number, directory: string): ChildProcess {
  return spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', directory], {
    stdio: 'ignore',
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 100) {
    if (await portAnswers('127.0.0.1', port)) return;
    await sleep(100);
  }
  throw new Error(`nats-server on port ${port} did not start`);
}

/** Messages waiting in a sensor's spool (0 when it has no store yet). */
function spooledMessages(spool: string): number {
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
function headerOnly(capture: string): string {
  const bytes = readFileSync(capture);
  const sectionLength = bytes.readUInt32LE(4);
  const interfaceLength = bytes.readUInt32LE(sectionLength + 4);
  const path = `${capture}.header-only.pcapng`;
  writeFileSync(path, bytes.subarray(0, sectionLength + interfaceLength));
  return path;
}

describe.skipIf(!ready)('distributed mode: sensors → NATS JetStream → collector → PostgreSQL', () => {
  let directory: string;
  let capture: string;
  let expected: Awaited<ReturnType<typeof storeContents>>;
  /** As `expected`, for the same packets read from a pipe: evidence names the capture `-`. */
  let expectedFromPipe: Awaited<ReturnType<typeof storeContents>>;

  beforeAll(async () => {
    directory = temporaryDirectory('vigil-relay-');
    capture = join(directory, 'hospital.pcapng');
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
    const piped = join(directory, 'reference-piped.db');
    const fromPipe = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'ingest', '-', '--zones', zones, '--db', piped],
      { input: readFileSync(capture), env: { ...process.env, VIGIL_DB: '' }, encoding: 'utf8' },
    );
    expect(fromPipe.status, fromPipe.stderr).toBe(0);
    expected = await storeContentsAt(reference);
    expectedFromPipe = await storeContentsAt(piped);
    expect(expected.devices.length).toBe(80);
    expect(expected.alerts.length).toBeGreaterThan(0);
  }, 120_000);

  const expectSameAsIngest = async (store: Store, what: string, reference = expected) => {
    const actual = await storeContents(store);
    for (const table of Object.keys(reference) as (keyof typeof reference)[])
      expect(actual[table], `${table} ${what}`).toEqual(reference[table]);
  };

  it('stores what a sensor relays as a plain ingest stores it, and hears its heartbeat', async () => {
    const central = await temporaryPostgresStore();
    try {
      const stream = streamName('plain');
      const sensed = await vigil(
        sensorArgs({
          read: capture,
          nats: natsUrl,
          stream,
          site: 'north',
          name: 'span1',
          spool: join(directory, 'plain'),
        }),
      );
      const report = JSON.parse(sensed.stdout) as SensorReport;
      expect(report.relay.outboxLeft).toBe(0);
      expect(report.relay.published).toBeGreaterThan(0);
      const collected = await vigil(
        collectArgs(natsUrl, stream, central.store.location, ['--until-caught-up']),
      );
      const counters = JSON.parse(collected.stdout) as {
        applied: number;
        malformed: number;
        heartbeats: number;
      };
      expect(counters.applied).toBe(report.relay.published);
      expect(counters.malformed).toBe(0);
      expect(counters.heartbeats).toBeGreaterThan(0);
      await expectSameAsIngest(central.store, 'relayed once');

      const [sensor] = await central.store.relay.sensors();
      expect(sensor?.id).toBe('north/span1');
      expect(sensor?.health?.packets).toBe(report.packets);

      // A second collector run finds nothing left; a new consumer replaying everything doubles nothing.
      const again = JSON.parse(
        (await vigil(collectArgs(natsUrl, stream, central.store.location, ['--until-caught-up']))).stdout,
      ) as { applied: number };
      expect(again.applied).toBe(0);
      const replay = JSON.parse(
        (
          await vigil(
            collectArgs(natsUrl, stream, central.store.location, [
              '--until-caught-up',
              '--durable',
              'replay',
            ]),
          )
        ).stdout,
      ) as { applied: number; duplicates: number };
      expect(replay).toMatchObject({ applied: 0, duplicates: report.relay.published });
      await expectSameAsIngest(central.store, 'replayed to a second consumer');
    } finally {
      await central.drop();
    }
  }, 120_000);

  it('loses nothing while NATS is stopped for 30 s mid-stream, the collector running throughout', async () => {
    const central = await temporaryPostgresStore();
    const port = await freePort();
    const natsDirectory = temporaryDirectory('vigil-nats-');
    const url = `nats://127.0.0.1:${port}`;
    let nats = startNatsServer(port, natsDirectory);
    try {
      await waitForPort(port);
      const stream = streamName('outage');
      const spool = join(directory, 'outage');
      const collector = startVigil(collectArgs(url, stream, central.store.location, ['--ack-wait', '2']));
      // The sensor reads the capture from a pipe, as from a packet broker: half now, half during the outage.
      const sensor = startVigil(
        sensorArgs({
          read: '-',
          nats: url,
          stream,
          site: 'north',
          name: 'span1',
          spool,
          extra: ['--drain-timeout', '120'],
        }),
      );
      const bytes = readFileSync(capture);
      const half = Math.floor(bytes.length / 2);
      sensor.child.stdin?.write(bytes.subarray(0, half));
      for (let waited = 0; (await appliedMessages(central.store)) === 0 && waited < 60_000; waited += 100)
        await sleep(100);
      const beforeOutage = await appliedMessages(central.store);
      expect(beforeOutage, 'messages stored before NATS stops').toBeGreaterThan(0);

      nats.kill('SIGTERM');
      await once(nats, 'exit');
      const stoppedAt = Date.now();
      // What was in flight when NATS stopped settles; then the count must stand still.
      await sleep(3_000);
      const duringOutage = await appliedMessages(central.store);
      sensor.child.stdin?.end(bytes.subarray(half));
      // The sensor commits the second half into its spool while NATS is away.
      for (let waited = 0; spooledMessages(spool) === 0 && waited < 20_000; waited += 100) await sleep(100);
      expect(spooledMessages(spool), 'messages spooled while NATS is stopped').toBeGreaterThan(0);
      await sleep(Math.max(0, 30_000 - (Date.now() - stoppedAt)));
      expect(await appliedMessages(central.store), 'nothing arrives while NATS is stopped').toBe(
        duringOutage,
      );

      nats = startNatsServer(port, natsDirectory);
      await waitForPort(port);
      const sensed = await sensor.finished;
      expect(sensed.code, sensed.stderr).toBe(0);
      const report = JSON.parse(sensed.stdout) as SensorReport;
      expect(report.relay.outboxLeft).toBe(0);
      expect(sensed.stderr).toContain('NATS connection lost');

      // The collector that lived through the outage stores the rest; then it is stopped.
      await stopCollectorOnceApplied(collector, central.store, report.relay.published);
      expect(await appliedMessages(central.store)).toBe(report.relay.published);
      await expectSameAsIngest(central.store, 'after a 30 s NATS outage', expectedFromPipe);
    } finally {
      nats.kill('SIGKILL');
      await central.drop();
    }
  }, 240_000);

  it('ends as one clean ingest when the collector is killed with SIGKILL at random points', async () => {
    const central = await temporaryPostgresStore();
    try {
      const stream = streamName('collectorkill');
      const sensed = await vigil(
        sensorArgs({
          read: capture,
          nats: natsUrl,
          stream,
          site: 'north',
          name: 'span1',
          spool: join(directory, 'collector-kill'),
          extra: ['--commit-interval', '0.01'],
        }),
      );
      const { published } = (JSON.parse(sensed.stdout) as SensorReport).relay;
      expect(published, 'enough messages to kill the collector between them').toBeGreaterThan(6);
      const kills: string[] = [];
      for (let round = 0; round < 3; round += 1) {
        const before = await appliedMessages(central.store);
        if (before >= published) break;
        const target = before + 1 + Math.floor(Math.random() * Math.max(1, (published - before) / 2));
        const collector = startVigil(
          collectArgs(natsUrl, stream, central.store.location, ['--ack-wait', '1']),
        );
        for (let waited = 0; (await appliedMessages(central.store)) < target && waited < 60_000; waited += 5)
          await sleep(5);
        await sleep(Math.floor(Math.random() * 30));
        collector.child.kill('SIGKILL');
        const { signal } = await collector.finished;
        kills.push(
          `round ${round + 1}: ${signal} after ${await appliedMessages(central.store)} of ${published}`,
        );
      }
      console.log(`relay collector kills: ${kills.join('; ')}`);
      expect(kills.length).toBeGreaterThan(0);
      const collected = await vigil(
        collectArgs(natsUrl, stream, central.store.location, ['--ack-wait', '1', '--until-caught-up']),
      );
      const counters = JSON.parse(collected.stdout) as { applied: number; malformed: number };
      expect(counters.malformed).toBe(0);
      expect(await appliedMessages(central.store)).toBe(published);
      await expectSameAsIngest(central.store, `after ${kills.join('; ')}`);
    } finally {
      await central.drop();
    }
  }, 240_000);

  it('ends as one clean ingest when the sensor is killed with SIGKILL at random points and run again', async () => {
    const central = await temporaryPostgresStore();
    try {
      const stream = streamName('sensorkill');
      const spool = join(directory, 'sensor-kill');
      const args = sensorArgs({ read: capture, nats: natsUrl, stream, site: 'north', name: 'span1', spool });
      const kills: string[] = [];
      let committed = 0;
      for (let round = 0; round < 3; round += 1) {
        const sensor = startVigil(args);
        sensor.child.stdin?.end();
        for (
          let waited = 0;
          committedPackets(join(spool, 'sensor.db')) <= committed &&
          sensor.child.exitCode === null &&
          waited < 60_000;
          waited += 20
        )
          await sleep(20);
        await sleep(Math.floor(Math.random() * 60));
        sensor.child.kill('SIGKILL');
        const { signal } = await sensor.finished;
        const now = committedPackets(join(spool, 'sensor.db'));
        kills.push(
          `round ${round + 1}: ${signal ?? 'finished'} with packets ${committed + 1}–${now} committed`,
        );
        if (signal !== 'SIGKILL') break;
        committed = now;
      }
      console.log(`relay sensor kills: ${kills.join('; ')}`);
      // Run again as an operator would: on the capture when its ingest was cut short (it resumes),
      // else on a capture of no packets, only to send what the spool still holds.
      const rerun =
        committedPackets(join(spool, 'sensor.db')) > 0
          ? args
          : sensorArgs({
              read: headerOnly(capture),
              nats: natsUrl,
              stream,
              site: 'north',
              name: 'span1',
              spool,
            });
      const finished = JSON.parse((await vigil(rerun)).stdout) as SensorReport;
      expect(finished.relay.outboxLeft).toBe(0);
      await vigil(collectArgs(natsUrl, stream, central.store.location, ['--until-caught-up']));
      await expectSameAsIngest(central.store, `after ${kills.join('; ')}`);
    } finally {
      await central.drop();
    }
  }, 240_000);

  it('loses exactly what the sensor counts as dropped when its spool fills while NATS is unreachable', async () => {
    const central = await temporaryPostgresStore();
    const port = await freePort();
    const url = `nats://127.0.0.1:${port}`;
    const stream = streamName('fullspool');
    const spool = join(directory, 'full-spool');
    try {
      // Nothing listens on the port: everything goes to the spool, which holds 64 KiB.
      const spilled = await vigil(
        sensorArgs({
          read: capture,
          nats: url,
          stream,
          site: 'north',
          name: 'span1',
          spool,
          extra: ['--spool-max', '0.0625', '--drain-timeout', '1'],
        }),
      );
      const first = JSON.parse(spilled.stdout) as SensorReport;
      expect(first.relay.published).toBe(0);
      expect(first.relay.outboxLeft).toBeGreaterThan(0);
      expect(first.relay.outboxDropped.flows + first.relay.outboxDropped.devices).toBeGreaterThan(0);

      const nats = startNatsServer(port, temporaryDirectory('vigil-nats-'));
      try {
        await waitForPort(port);
        // Restarted with NATS back (on a capture of no packets, so that it only drains its spool).
        const drained = JSON.parse(
          (
            await vigil(
              sensorArgs({
                read: headerOnly(capture),
                nats: url,
                stream,
                site: 'north',
                name: 'span1',
                spool,
              }),
            )
          ).stdout,
        ) as SensorReport;
        expect(drained.relay.outboxLeft).toBe(0);
        expect(drained.relay.published).toBe(first.relay.outboxLeft);
        await vigil(collectArgs(url, stream, central.store.location, ['--until-caught-up']));
      } finally {
        nats.kill('SIGKILL');
      }
      const actual = await storeContents(central.store);
      expect(actual.flows.length).toBe(expected.flows.length - first.relay.outboxDropped.flows);
      for (const flow of actual.flows) expect(expected.flows).toContainEqual(flow);
      expect(actual.devices.length).toBeLessThanOrEqual(expected.devices.length);
    } finally {
      await central.drop();
    }
  }, 240_000);

  it('raises an alert in the alert list once per silence when a sensor goes quiet', async () => {
    const central = await temporaryPostgresStore();
    const stream = streamName('silence');
    const collector = startVigil(
      collectArgs(natsUrl, stream, central.store.location, ['--silent-after', '2']),
    );
    try {
      const quiet = headerOnly(capture);
      const beat = () =>
        vigil(
          sensorArgs({
            read: quiet,
            nats: natsUrl,
            stream,
            site: 'east',
            name: 'span9',
            spool: join(directory, 'quiet'),
          }),
        );
      const silenceAlert = async () =>
        (await central.store.alerts.list()).find((alert) => alert.type === 'sensor-silent');
      const waitForCount = async (count: number) => {
        for (let waited = 0; ((await silenceAlert())?.count ?? 0) < count && waited < 30_000; waited += 200)
          await sleep(200);
        return silenceAlert();
      };

      await beat();
      const first = await waitForCount(1);
      const heardAt = Date.parse((await central.store.relay.sensors())[0]?.lastHeard ?? '');
      expect(first, 'an alert once the sensor is 2 s unheard').toMatchObject({
        key: 'east/span9',
        count: 1,
        techniques: ['T0815'],
        status: 'new',
      });
      expect(first?.detail.lastHeard).toEqual([new Date(heardAt).toISOString()]);
      expect(Date.parse(first?.lastSeen ?? '') - heardAt).toBeGreaterThanOrEqual(2_000);
      // Still silent a while later: the same silence, not a new one.
      await sleep(3_000);
      expect((await silenceAlert())?.count).toBe(1);

      // Heard again, then silent again: a second silence adds to the same alert.
      await beat();
      expect((await waitForCount(2))?.count).toBe(2);
      collector.child.kill('SIGTERM');
      const collected = await collector.finished;
      expect(collected.code, collected.stderr).toBe(0);
      expect(JSON.parse(collected.stdout)).toMatchObject({ silentSensors: 2, malformed: 0 });
      expect(collected.stderr).toContain('Sensor east/span9 has not been heard since');
    } finally {
      collector.child.kill('SIGKILL');
      await central.drop();
    }
  }, 120_000);

  it('lets an enrolled sensor publish to its own subjects only, through a NATS that asks for credentials', async () => {
    const central = await temporaryPostgresStore();
    const port = await freePort();
    const natsDirectory = temporaryDirectory('vigil-nats-auth-');
    const credentials = join(natsDirectory, 'credentials');
    const url = `nats://127.0.0.1:${port}`;
    const stream = streamName('enrolled');
    let nats: ChildProcess | undefined;
    try {
      const enrolled = JSON.parse(
        (
          await vigil([
            'sensor',
            'enroll',
            'span1',
            '--site',
            'north',
            '--db',
            central.store.location,
            '--out',
            credentials,
            '--stream',
            stream,
            '--json',
          ])
        ).stdout,
      ) as { publicKey: string; credsFile: string };
      const seed = readFileSync(enrolled.credsFile, 'utf8').trim();
      expect(seed).toMatch(/^SU[A-Z2-7]{56}$/);
      expect(statSync(enrolled.credsFile).mode & 0o777).toBe(0o600);
      // The store keeps the public key and nothing of the seed, in any table.
      const dumped = spawnSync('pg_dump', ['--data-only', central.store.location], { encoding: 'utf8' });
      expect(dumped.status, dumped.stderr).toBe(0);
      expect(dumped.stdout).toContain(enrolled.publicKey);
      expect(dumped.stdout).not.toContain(seed);
      expect(dumped.stdout).not.toContain(seed.slice(2, 30));

      const authorization = join(natsDirectory, 'authorization.conf');
      const collectorCreds = join(credentials, 'collector.nk');
      await vigil([
        'sensor',
        'nats-config',
        '--db',
        central.store.location,
        '--stream',
        stream,
        '--out',
        authorization,
        '--collector-creds',
        collectorCreds,
      ]);
      const config = join(natsDirectory, 'nats.conf');
      writeFileSync(
        config,
        `port: ${port}\nhost: 127.0.0.1\njetstream { store_dir: ${JSON.stringify(join(natsDirectory, 'js'))} }\ninclude ./authorization.conf\n`,
      );
      nats = spawn('nats-server', ['-c', config], { stdio: 'ignore' });
      await waitForPort(port);
      const collector = startVigil(
        collectArgs(url, stream, central.store.location, ['--creds', collectorCreds, '--require-enrolment']),
      );

      const sensorWith = (site: string, extra: string[]) =>
        startVigil(
          sensorArgs({
            read: capture,
            nats: url,
            stream,
            site,
            name: 'span1',
            spool: join(directory, `enrolled-${site}-${extra.length}`),
            extra: ['--drain-timeout', '5', ...extra],
          }),
        ).finished;
      const own = await sensorWith('north', ['--creds', enrolled.credsFile]);
      expect(own.code, own.stderr).toBe(0);
      const ownReport = JSON.parse(own.stdout) as SensorReport;
      expect(ownReport.relay).toMatchObject({ outboxLeft: 0 });
      // The same credentials claiming another site: NATS refuses, the sensor keeps its outbox.
      const elsewhere = await sensorWith('south', ['--creds', enrolled.credsFile]);
      expect(elsewhere.stderr).toContain('Permissions Violation');
      expect((JSON.parse(elsewhere.stdout) as SensorReport).relay.published).toBe(0);
      // No credentials at all: not even a connection.
      const anonymous = await sensorWith('north', []);
      expect(anonymous.stderr).toContain('Authorization Violation');

      const collected = await stopCollectorOnceApplied(collector, central.store, ownReport.relay.published);
      expect(JSON.parse(collected.stdout)).toMatchObject({ unenrolled: 0, refused: 0, malformed: 0 });
      await expectSameAsIngest(central.store, 'from an enrolled sensor');
      expect((await central.store.relay.sensors()).map((sensor) => sensor.id)).toEqual(['north/span1']);
    } finally {
      nats?.kill('SIGKILL');
      await central.drop();
    }
  }, 240_000);

  it('counts what sensors not enrolled publish, and refuses it with --require-enrolment', async () => {
    const counted = await temporaryPostgresStore();
    const refusing = await temporaryPostgresStore();
    try {
      const stream = streamName('unenrolled');
      await vigil(
        sensorArgs({
          read: capture,
          nats: natsUrl,
          stream,
          site: 'north',
          name: 'rogue',
          spool: join(directory, 'rogue'),
        }),
      );
      const stored = JSON.parse(
        (await vigil(collectArgs(natsUrl, stream, counted.store.location, ['--until-caught-up']))).stdout,
      ) as { applied: number; unenrolled: number; refused: number; heartbeats: number };
      expect(stored.refused).toBe(0);
      expect(stored.unenrolled).toBe(stored.applied + stored.heartbeats);
      expect(stored.unenrolled).toBeGreaterThan(0);
      await expectSameAsIngest(counted.store, 'from a sensor not enrolled, counted');

      const refused = JSON.parse(
        (
          await vigil(
            collectArgs(natsUrl, stream, refusing.store.location, [
              '--until-caught-up',
              '--require-enrolment',
              '--durable',
              'strict',
            ]),
          )
        ).stdout,
      ) as { applied: number; unenrolled: number; refused: number };
      expect(refused).toMatchObject({
        applied: 0,
        unenrolled: stored.unenrolled,
        refused: stored.unenrolled,
      });
      expect((await storeContents(refusing.store)).devices).toEqual([]);
      expect(await refusing.store.relay.sensors()).toEqual([]);
    } finally {
      await counted.drop();
      await refusing.drop();
    }
  }, 240_000);

  it('keeps one device seen by two sensors of a site, lists both sensors, and takes a second site', async () => {
    const central = await temporaryPostgresStore();
    try {
      const stream = streamName('sites');
      const southCapture = join(directory, 'south.pcapng');
      simulateHospital({
        devices: 30,
        durationSeconds: 300,
        seed: 12,
        day: 1,
        attacks: [],
        out: southCapture,
      });
      const runs = [
        { read: capture, site: 'north', name: 'span1' },
        { read: capture, site: 'north', name: 'span2' },
        { read: southCapture, site: 'south', name: 'span1' },
      ];
      await Promise.all(
        runs.map((run) =>
          vigil(
            sensorArgs({ ...run, nats: natsUrl, stream, spool: join(directory, `${run.site}-${run.name}`) }),
          ),
        ),
      );
      await vigil(collectArgs(natsUrl, stream, central.store.location, ['--until-caught-up']));

      const contents = await storeContents(central.store);
      const northIds = expected.devices.map((device) => String(device.id));
      for (const id of northIds) expect(contents.devices.map((device) => device.id)).toContain(id);
      const sensors = (await central.store.relay.sensors()).map((sensor) => sensor.id).sort();
      expect(sensors).toEqual(['north/span1', 'north/span2', 'south/span1']);
      for (const id of northIds) {
        const sightings = await central.store.relay.sightingsOf(id);
        expect(
          sightings
            .filter((sighting) => sighting.site === 'north')
            .map((sighting) => sighting.sensorId)
            .sort(),
        ).toEqual(['north/span1', 'north/span2']);
      }
      const shown = JSON.parse(
        (await vigil(['device', northIds[0] ?? '', '--json', '--db', central.store.location])).stdout,
      ) as { seenBy: { sensorId: string; site: string }[] };
      expect(shown.seenBy.filter((seen) => seen.site === 'north').map((seen) => seen.sensorId)).toEqual([
        'north/span1',
        'north/span2',
      ]);
      const southOnly = contents.devices.filter((device) => !northIds.includes(device.id ?? ''));
      expect(southOnly.length).toBeGreaterThan(0);
      for (const device of southOnly)
        expect(
          (await central.store.relay.sightingsOf(device.id ?? '')).map((sighting) => sighting.sensorId),
        ).toEqual(['south/span1']);
    } finally {
      await central.drop();
    }
  }, 240_000);
});
