import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type Command, InvalidArgumentError } from 'commander';
import { CaptureRing, type RingBounds } from '../../capture/capture-ring.js';
import { RingRecorder } from '../../capture/ring-recorder.js';
import { followRotatedFiles } from '../../capture/rotated-files.js';
import { defaultPipelineConfig, pipelineConfig } from '../../config/defaults.js';
import { loadZones } from '../../config/zones.js';
import { ingestPreparedCapture, prepareCapture } from '../../ingest/ingest-capture.js';
import { OuiRegistry } from '../../inventory/oui-registry.js';
import { checkSubjectToken, defaultStream } from '../../relay/jetstream-connection.js';
import { OutboxPublisher } from '../../relay/outbox-publisher.js';
import { inboxPrefixOf } from '../../relay/sensor-credentials.js';
import type { SensorHealth } from '../../store/relay-repository.js';
import { exitDespiteLeakedConnections } from '../exit-when-done.js';
import { securityOf } from '../relay-security-option.js';
import { parseSeconds } from '../seconds-option.js';
import { actorOf, byOptionDescription, storeOptionDescription, withChangingStore } from '../store-option.js';
import { registerSensorCarveCommand } from './sensor-carve-command.js';
import { registerSensorEnrolCommands } from './sensor-enrol-command.js';

/** What tcpdump says of its capture: on each SIGUSR1 and when it stops. */
interface KernelCounters {
  /** Packets tcpdump wrote to the pipe. */
  captured: number;
  received: number;
  dropped: number;
}

interface SensorOptions {
  interface?: string;
  read?: string;
  watch?: string;
  ring?: string;
  ringMax: number;
  ringAge: number;
  ringFile: number;
  filter?: string;
  db?: string;
  commitInterval: number;
  reviewInterval: number;
  zones?: string;
  nats?: string;
  site?: string;
  name?: string;
  spool?: string;
  spoolMax: number;
  stream: string;
  drainTimeout: number;
  creds?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  by?: string;
  json?: boolean;
}

/**
 * `vigil sensor --interface IF`: captures live and ingests as it goes, committing every
 * `--commit-interval`, until SIGINT or SIGTERM. The capture is Debian's tcpdump writing pcap to a
 * pipe: it holds the capture privilege Vigil itself need not, applies the BPF filter in the
 * kernel, and reports the kernel's own received and dropped counters (libpcap's statistics),
 * which a Node binding would have to be built natively to read. `--read FILE` replays a capture
 * (or standard input) through the same path instead.
 *
 * With `--nats URL --site S --name N` the sensor also relays what each commit stored to a
 * central collector through NATS JetStream: its store (`--db`, by default `sensor.db` in
 * `--spool`) keeps the outbox, so what NATS has not acknowledged survives an outage or a kill.
 */
export function registerSensorCommand(program: Command): void {
  const sensor = program.command('sensor');
  registerSensorEnrolCommands(sensor);
  registerSensorCarveCommand(sensor);
  sensor
    .description('capture live on a network interface and store what it shows as it goes, until interrupted')
    .option('--interface <name>', 'the interface to capture on (a SPAN or mirror port)')
    .option(
      '--read <capture>',
      'replay a pcap or pcapng file (or - for standard input) instead of an interface',
    )
    .option(
      '--watch <dir>',
      'follow the capture files a packet broker, tcpdump -G/-C or dumpcap -b rotates into this folder, in name order, the newest as it grows',
    )
    .option(
      '--ring <dir>',
      'with --watch: keep the files read here (hard links where possible); with --interface: keep the capture here in files of --ring-file MB; with an index from evidence offsets to files',
    )
    .option(
      '--ring-file <MB>',
      'with --interface and --ring: close a ring file past this size (or after 15 minutes)',
      parseMegabytes,
      64,
    )
    .option(
      '--ring-max <MB>',
      'with --ring: the most the ring keeps; the oldest files go first',
      parseMegabytes,
      10_240,
    )
    .option('--ring-age <hours>', 'with --ring: files older than this go', parseHours, 168)
    .option('--filter <bpf>', 'a BPF capture filter, as tcpdump takes it (e.g. "not port 22")')
    .option('--db <location>', storeOptionDescription)
    .option(
      '--commit-interval <seconds>',
      'store what has been learned this often, and report the sensor’s counters',
      parseSeconds,
      defaultPipelineConfig.commitIntervalMs / 1000,
    )
    .option(
      '--review-interval <seconds>',
      'let the baselines learn from, and the baseline detectors judge, each window of this long',
      parseSeconds,
      defaultPipelineConfig.reviewIntervalMs / 1000,
    )
    .option('--zones <file>', 'network zones with their trust, as vigil ingest takes them')
    .option(
      '--nats <url>',
      'relay to a central collector through NATS JetStream at this URL (nats://host:4222)',
    )
    .option('--site <name>', 'with --nats: the site this sensor watches (letters, digits, - and _)')
    .option('--name <name>', 'with --nats: this sensor’s name within its site')
    .option(
      '--spool <dir>',
      'with --nats: where the sensor keeps its store and outbox (default: the current folder)',
    )
    .option(
      '--spool-max <MB>',
      'with --nats: the most the outbox holds while NATS is away',
      parseMegabytes,
      1024,
    )
    .option('--stream <name>', 'with --nats: the JetStream stream', defaultStream)
    .option(
      '--drain-timeout <seconds>',
      'with --nats: how long to go on publishing the outbox after the capture stops',
      parseSeconds,
      10,
    )
    .option('--creds <file>', 'with --nats: the NKey seed file vigil sensor enroll wrote for this sensor')
    .option(
      '--tls-ca <file>',
      'with --nats: the CA that signed the NATS server’s certificate (tls://host:4222)',
    )
    .option('--tls-cert <file>', 'with --nats: a client certificate, when the server asks for one')
    .option('--tls-key <file>', 'with --nats: the client certificate’s key')
    .option('--by <name>', byOptionDescription)
    .option('--json', 'print the final summary as JSON')
    .enablePositionalOptions()
    .action(async (options: SensorOptions) => {
      const given = [options.interface, options.read, options.watch].filter((value) => value !== undefined);
      if (given.length !== 1)
        throw new InvalidArgumentError(
          'give one of --interface IF (live), --watch DIR (rotated files) or --read FILE (a replay)',
        );
      if (options.ring !== undefined && options.watch === undefined && options.interface === undefined)
        throw new InvalidArgumentError('--ring goes with --watch DIR or --interface IF');
      const relay = relayOf(options);
      const zones = options.zones === undefined ? [] : loadZones(options.zones);
      const source =
        options.interface === undefined ? undefined : startTcpdump(options.interface, options.filter);
      if (source !== undefined) await source.spawned;
      const log = (line: string) =>
        process.stderr.write(
          `sensor ${options.watch ?? options.interface ?? options.read ?? '-'}: ${line}\n`,
        );
      const watching = options.watch === undefined ? undefined : watchFolder(options.watch, options, log);
      const recording = source === undefined ? undefined : recordInterface(options, log);
      const stop = () => {
        source?.tcpdump.kill('SIGINT');
        watching?.stop.abort();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const label = watching?.stream ?? options.interface ?? options.read ?? '-';
      const tcpdumpBytes =
        recording === undefined
          ? source?.tcpdump.stdout
          : source?.tcpdump.stdout.pipe(recording.recorder.transform());
      const opened = await prepareCapture(
        source === undefined && watching === undefined ? (options.read ?? '-') : '-',
        tcpdumpBytes ?? watching?.bytes ?? (process.stdin as Readable),
      ).catch(async (error: unknown) => {
        if (source === undefined) throw error;
        await source.exited;
        throw new Error(
          `tcpdump on ${label} gave no capture${source.errors() ? `: ${source.errors().trim()}` : ''} (${String(error)})`,
        );
      });
      // Evidence from a watched folder or a recorded interface names the run's stream, which the
      // ring's index resolves.
      const stream = watching?.stream ?? recording?.stream;
      const prepared = stream === undefined ? opened : { ...opened, path: stream, resumable: false };
      let publisher: OutboxPublisher | undefined;
      let relayReport: Record<string, unknown> | undefined;
      const startedAt = Date.now();
      const summary = await withChangingStore(relay?.db ?? options.db, async (store) => {
        if (relay !== undefined) {
          publisher = new OutboxPublisher(store, relay.endpoint, relay.site, relay.name, log);
          await publisher.start();
        }
        let lastCommitAt: string | null = null;
        const healthAt = async (packets: number, lagMs: number | null): Promise<SensorHealth> => {
          const outbox = await store.relay.outboxSize();
          return {
            packets,
            packetsPerSecond: packets / Math.max(0.001, (Date.now() - startedAt) / 1000),
            droppedByKernel: source?.counters.dropped ?? 0,
            lagMs,
            outboxMessages: outbox.messages,
            outboxBytes: outbox.bytes,
            outboxDropped: await store.relay.dropped(),
            lastCommitAt,
          };
        };
        const result = await ingestPreparedCapture(prepared, {
          store,
          config: pipelineConfig({
            commitIntervalMs: options.commitInterval * 1000,
            reviewIntervalMs: options.reviewInterval * 1000,
          }),
          ouiRegistry: OuiRegistry.load(),
          zones,
          live: source !== undefined || watching !== undefined || options.read === '-',
          ...(relay === undefined ? {} : { relay: { maxOutboxBytes: relay.maxOutboxBytes } }),
          onCommit: (commit) => {
            // tcpdump answers SIGUSR1 with its counters on stderr; the next line reads them.
            source?.tcpdump.kill('SIGUSR1');
            const counters = source?.counters;
            lastCommitAt = new Date().toISOString();
            log(
              `${commit.packets} packets read${counters === undefined ? '' : `, ${counters.received} received by filter, ${counters.dropped} dropped by kernel`}; commit ${commit.commitMs.toFixed(0)} ms, lag ${commit.lagMs === undefined ? '-' : `${(commit.lagMs / 1000).toFixed(1)} s`}`,
            );
            if (publisher === undefined) return;
            publisher.nudge();
            void healthAt(commit.packets, commit.lagMs ?? null).then((health) =>
              publisher?.heartbeat(health),
            );
          },
        });
        if (publisher !== undefined) {
          const { left } = await publisher.stop(options.drainTimeout * 1000, () =>
            healthAt(result.packets, null),
          );
          relayReport = {
            published: publisher.counters.published,
            duplicatesRefusedByStream: publisher.counters.duplicates,
            publishFailures: publisher.counters.failures,
            outboxLeft: left,
            outboxDropped: await store.relay.dropped(),
          };
        }
        await store.audit.append({
          actor: actorOf(options.by),
          action: 'capture-ingested',
          target: `sensor ${label}`,
          before: null,
          after: JSON.stringify({ packets: result.packets, flows: result.flows, devices: result.devices }),
        });
        return result;
      });
      const code = source === undefined ? 0 : await source.exited;
      recording?.recorder.close();
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      const report = {
        ...(options.interface !== undefined
          ? {
              interface: options.interface,
              ...(recording === undefined
                ? {}
                : { stream: recording.stream, ring: recording.recorder.report }),
            }
          : options.watch !== undefined
            ? { watch: options.watch, stream: watching?.stream, files: watching?.files() }
            : { read: options.read }),
        ...(relay === undefined ? {} : { site: relay.site, name: relay.name }),
        packets: summary.packets,
        capturedByTcpdump: source?.counters.captured ?? null,
        receivedByFilter: source?.counters.received ?? null,
        droppedByKernel: source?.counters.dropped ?? null,
        flows: summary.flows,
        devices: summary.devices,
        alertsRaised: summary.alertsRaised,
        alertsUpdated: summary.alertsUpdated,
        baselinesLearned: summary.baselinesLearned,
        commits: summary.commits + 1,
        malformed: summary.malformed,
        elapsedSeconds: summary.elapsedSeconds,
        ...(relayReport === undefined ? {} : { relay: relayReport }),
      };
      if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else
        process.stdout.write(
          `${Object.entries(report)
            .map(
              ([name, value]) =>
                `${name.padEnd(18)} ${typeof value === 'object' && value !== null ? JSON.stringify(value) : value}`,
            )
            .join('\n')}\n`,
        );
      if (code !== 0 && code !== null && source !== undefined && source.errors() !== '') {
        process.stderr.write(`vigil: tcpdump: ${source.errors().trim()}\n`);
        process.exitCode = 1;
      }
      if (relay !== undefined) exitDespiteLeakedConnections();
    });
}

/** `--nats` and the options that go with it, checked; undefined without `--nats`. */
function relayOf(options: SensorOptions) {
  if (options.nats === undefined) {
    for (const flag of ['site', 'name', 'spool'] as const)
      if (options[flag] !== undefined) throw new InvalidArgumentError(`--${flag} goes with --nats URL`);
    return undefined;
  }
  if (options.site === undefined || options.name === undefined)
    throw new InvalidArgumentError('--nats needs --site NAME and --name NAME: they say whose data it is');
  const spool = options.spool ?? '.';
  mkdirSync(spool, { recursive: true });
  const site = checkSubjectToken('--site', options.site);
  const name = checkSubjectToken('--name', options.name);
  return {
    endpoint: {
      url: options.nats,
      stream: checkSubjectToken('--stream', options.stream),
      security: {
        ...securityOf(options),
        // Always its own inbox: the permissions of an enrolled sensor allow no other.
        inboxPrefix: inboxPrefixOf(site, name),
      },
    },
    site,
    name,
    db: options.db ?? join(spool, 'sensor.db'),
    maxOutboxBytes: options.spoolMax * 1024 * 1024,
  };
}

/**
 * `--watch DIR`: the folder's rotated files as one stream named `DIR@start time` (each run its
 * own, so evidence offsets never collide across runs), kept in the ring when `--ring` is given.
 */
function watchFolder(folder: string, options: SensorOptions, log: (line: string) => void) {
  const stream = `${folder}@${new Date().toISOString()}`;
  const ring =
    options.ring === undefined ? undefined : new CaptureRing(options.ring, ringBoundsOf(options), stream);
  const stop = new AbortController();
  let read = 0;
  let skipped = 0;
  const bytes = Readable.from(
    followRotatedFiles(folder, {
      signal: stop.signal,
      // Files an earlier run read whole are in the ring: a restart leaves them out.
      ...(ring === undefined ? {} : { skip: ring.completedSources() }),
      onFileStart: (file) => {
        log(`reading ${file.path}`);
        ring?.keep(file);
      },
      onFileDone: (file) => {
        read += 1;
        ring?.complete(file);
      },
      onFileSkipped: (path, why) => {
        skipped += 1;
        log(`left out ${path}: ${why}`);
      },
    }),
  );
  return { stream, stop, bytes, files: () => ({ read, skipped }) };
}

/** `--ring-max` and `--ring-age` as the ring takes them. */
function ringBoundsOf(options: SensorOptions): RingBounds {
  return { maxBytes: options.ringMax * 1024 * 1024, maxAgeMs: options.ringAge * 3_600_000 };
}

/** A ring file of a recorded interface is closed after this long even if small: a quiet network's files still age out. */
const ringFileMaxAgeMs = 15 * 60_000;

/**
 * `--interface IF --ring DIR`: tcpdump's stream kept in the ring as it passes, named `IF@start
 * time` as a watched folder's stream is; undefined without `--ring`.
 */
function recordInterface(options: SensorOptions, log: (line: string) => void) {
  if (options.ring === undefined || options.interface === undefined) return undefined;
  const stream = `${options.interface}@${new Date().toISOString()}`;
  const ring = new CaptureRing(options.ring, ringBoundsOf(options), stream);
  const recorder = new RingRecorder(
    ring,
    options.interface,
    { fileBytes: options.ringFile * 1024 * 1024, fileAgeMs: ringFileMaxAgeMs },
    log,
  );
  return { stream, recorder };
}

function parseHours(value: string): number {
  const hours = Number(value);
  if (!Number.isFinite(hours) || hours <= 0)
    throw new InvalidArgumentError(`expected a number of hours above 0, got "${value}"`);
  return hours;
}

function parseMegabytes(value: string): number {
  const megabytes = Number(value);
  if (!Number.isFinite(megabytes) || megabytes <= 0)
    throw new InvalidArgumentError(`expected a size in MB above 0, got "${value}"`);
  return megabytes;
}

/** tcpdump capturing to a pipe, with its counters read off its standard error. */
function startTcpdump(name: string, filter: string | undefined) {
  const tcpdump: ChildProcess & { stdout: Readable } = spawn(
    'tcpdump',
    [
      '-i',
      name,
      '-n',
      '-U',
      // Each packet handed over as it arrives, not when a ring block fills: the lag stays
      // in milliseconds, and a block still filling when the sensor stops is not lost.
      '--immediate-mode',
      '-s',
      '0',
      '-B',
      '16384',
      '-w',
      '-',
      ...(filter === undefined ? [] : [filter]),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  ) as ChildProcess & { stdout: Readable };
  const counters: KernelCounters = { captured: 0, received: 0, dropped: 0 };
  let errors = '';
  tcpdump.stderr?.setEncoding('utf8');
  tcpdump.stderr?.on('data', (text: string) => {
    const received = /(\d+) packets? received by filter/.exec(text);
    const dropped = /(\d+) packets? dropped by kernel/.exec(text);
    const captured = /(\d+) packets? captured/.exec(text);
    if (captured !== null) counters.captured = Number(captured[1]);
    if (received !== null) counters.received = Number(received[1]);
    if (dropped !== null) counters.dropped = Number(dropped[1]);
    if (/error|permission|no such device|can't|cannot/i.test(text)) errors += text;
  });
  const spawned = new Promise<void>((resolve, reject) => {
    tcpdump.once('spawn', () => resolve());
    tcpdump.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'ENOENT'
            ? 'vigil sensor captures with tcpdump, which is not installed (Debian: apt-get install tcpdump)'
            : `cannot start tcpdump: ${error.message}`,
        ),
      ),
    );
  });
  // 'close', not 'exit': the counters tcpdump prints as it stops arrive on stderr after it exits.
  const exited = new Promise<number | null>((resolve) => tcpdump.once('close', (code) => resolve(code)));
  return { tcpdump, counters, spawned, exited, errors: () => errors };
}
