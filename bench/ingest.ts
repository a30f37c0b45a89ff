/**
 * Ingest throughput against tshark on the same capture, in the same run.
 *
 *   npm run bench                 # 3,000,000 packets
 *   npm run bench -- 1000000      # another size
 *   npm run bench -- FILE.pcapng  # a given capture (bench/simulate.ts passes a simulated hospital)
 *
 * Prints packets/s and MB/s for Vigil's read + decode + flows, then the full pipeline (reassembly
 * and every dissector), then whole ingests into SQLite, each with and without detection, giving
 * detection's cost in elapsed and in CPU time; beside them `tshark -q -z conv,tcp` and
 * tshark extracting the fields the dissectors read, on the same file; plus peak RSS and garbage
 * collections during the packet path (a path that allocated per packet would show scavenges by
 * the hundred). Each run is the first in a fresh process for its code path, JIT warm-up included;
 * the default size is large enough that the figure is the sustained rate. During the full
 * pipeline RSS is sampled at every 4 MB read: its values after a third, two thirds and all of the
 * capture show whether memory stays flat as the capture grows.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { ActivityCollector } from '../src/baseline/activity-collector.js';
import { openCapture } from '../src/capture/open-capture.js';
import { pipelineConfig } from '../src/config/defaults.js';
import { detectionConfig } from '../src/config/detection.js';
import { DetectionStage } from '../src/detect/detection-stage.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { PacketPipeline } from '../src/ingest/packet-pipeline.js';
import { InventoryBuilder } from '../src/inventory/inventory-builder.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { openStore } from '../src/store/open-store.js';
import { writeSyntheticCapture } from './synthetic-capture.js';

// A capture file to measure instead of the synthetic one (e.g. one `vigil sim` wrote).
const givenCapture = /\.pcap(ng)?$/.test(process.argv[2] ?? '') ? process.argv[2] : undefined;
const packetTarget = givenCapture === undefined ? Number(process.argv[2] ?? 3_000_000) : 0;
const outDirectory = join('bench', 'out');
mkdirSync(outDirectory, { recursive: true });
const capture = givenCapture ?? join(outDirectory, `synthetic-${packetTarget}.pcap`);

if (!existsSync(capture)) {
  const started = performance.now();
  const written = writeSyntheticCapture(capture, packetTarget);
  console.log(
    `wrote ${capture}: ${written.packets} packets in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
const fileBytes = statSync(capture).size;
const megabytes = fileBytes / 1e6;
const rows: string[][] = [];
const report = (name: string, packets: number, seconds: number, extra: string, cpuSeconds?: number) => {
  rows.push([
    name,
    String(packets),
    seconds.toFixed(2),
    cpuSeconds === undefined ? '-' : cpuSeconds.toFixed(2),
    Math.round(packets / seconds).toLocaleString('en'),
    (megabytes / seconds).toFixed(1),
    extra,
  ]);
};

// 1. and 2. Vigil's packet path: without dissectors, then with reassembly and every dissector.
async function measurePipeline(
  name: string,
  withDissectors: boolean,
  withDetection = false,
  withInventory = false,
): Promise<{ packets: number } & Timing> {
  // Each run starts from a collected heap: otherwise it pays for collecting what the run before
  // it left (the detection runs leave every host's activity), and the two kinds of run, which
  // alternate, would each be charged for the other.
  (globalThis as { gc?: () => void }).gc?.();
  let scavenges = 0;
  let otherCollections = 0;
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === 1) scavenges += 1;
      else otherCollections += 1;
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const opened = await openCapture(capture);
  const observationsByKind = new Map<string, number>();
  const detection = withDetection ? new DetectionStage() : undefined;
  // Detection as ingest runs it: the signature detectors and the activity the baselines learn from.
  const activity = withDetection ? new ActivityCollector(detectionConfig()) : undefined;
  // The inventory as ingest builds it beside detection: device drafts from every observation.
  const inventory = withInventory ? new InventoryBuilder(ouiRegistry) : undefined;
  const pipeline = new PacketPipeline(
    capture,
    pipelineConfig(),
    (observation) => {
      observationsByKind.set(observation.kind, (observationsByKind.get(observation.kind) ?? 0) + 1);
      inventory?.observe(observation);
      detection?.observe(observation);
      activity?.observe(observation);
    },
    ...((withDissectors ? [] : [[], []]) as [[], []]),
  );
  const heapBefore = process.memoryUsage().heapUsed;
  const rssSamples: { position: number; rss: number }[] = [];
  opened.setBeforeRefill(async () => {
    rssSamples.push({ position: opened.position(), rss: process.memoryUsage.rss() });
  });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const summary = await opened.reader.read(pipeline.handlePacket);
  pipeline.finish();
  // The activity's facts held as numbers are written out when read: that is detection's work too.
  const hostActivity = activity?.hosts();
  const devices = inventory?.devices().length;
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSecondsSince(cpuBefore);
  await opened.close();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gcObserver.disconnect();
  const kinds =
    detection === undefined
      ? [...observationsByKind].map(([kind, count]) => `${kind} ${count}`).join(', ')
      : `${devices === undefined ? '' : `${devices} device drafts, `}${hostActivity?.length ?? 0} hosts' activity, ${detection.detections().length} detections (${[...detection.reportsByType].map(([type, count]) => `${type} ${count}`).join(', ') || 'none'})`;
  const rssAt = (fraction: number) =>
    (rssSamples.find((sample) => sample.position >= fileBytes * fraction) ?? rssSamples.at(-1))!.rss / 1e6;
  report(
    name,
    summary.packets,
    seconds,
    `${kinds}; ${scavenges} scavenges, ${otherCollections} other GCs; heap Δ ${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(1)} MB; RSS ${rssAt(1 / 3).toFixed(0)} / ${rssAt(2 / 3).toFixed(0)} / ${rssAt(1).toFixed(0)} MB at 1/3, 2/3 and end`,
    cpuSeconds,
  );
  return { packets: summary.packets, seconds, cpuSeconds };
}
/** A run's elapsed seconds and the process's CPU seconds (user and system) over it. */
interface Timing {
  seconds: number;
  cpuSeconds: number;
}
const cpuSecondsSince = (before: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
};
const ouiRegistry = OuiRegistry.load();
const packetCount = (await measurePipeline('vigil read+decode+flows', false)).packets;
// The runs alternate, five times each, and the medians are compared: on a shared machine one run
// swings by a third either way, more than the cost being measured. Detection's cost is given on
// the packet path (reassembly and dissectors) and on the packet path with the inventory, which
// every ingest builds beside detection (store writes left out of both).
const rounds = 5;
const seconds = {
  full: [] as Timing[],
  detected: [] as Timing[],
  inventory: [] as Timing[],
  both: [] as Timing[],
};
for (let round = 1; round <= rounds; round += 1) {
  const full = 'vigil full pipeline (reassembly, all dissectors)';
  const detection = 'detection (signatures, baseline activity)';
  seconds.full.push(await measurePipeline(`${full} #${round}`, true));
  seconds.detected.push(await measurePipeline(`${full} + ${detection} #${round}`, true, true));
  seconds.inventory.push(await measurePipeline(`${full} + inventory #${round}`, true, false, true));
  seconds.both.push(await measurePipeline(`${full} + inventory + ${detection} #${round}`, true, true, true));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/**
 * Detection's cost in elapsed time and in the process's CPU time (user and system, all threads):
 * elapsed time is what a user waits, but on a shared machine it also counts the time other
 * programs held the processor; CPU time counts only this process's own work.
 */
const costOn = (without: Timing[], withDetection: Timing[], on: string) => {
  const change = (pick: (timing: Timing) => number, unit: string) => {
    const before = median(without.map(pick));
    const after = median(withDetection.map(pick));
    const percent = ((after - before) / before) * 100;
    return `${percent >= 0 ? '+' : ''}${percent.toFixed(1)} % ${unit} (${before.toFixed(2)} s without, ${after.toFixed(2)} s with)`;
  };
  return `detection (signatures and baseline activity) on ${on}, medians of ${rounds} alternating runs each: ${change((timing) => timing.seconds, 'elapsed')}, ${change((timing) => timing.cpuSeconds, 'CPU')}`;
};
const detectionCost = [
  costOn(seconds.full, seconds.detected, 'the full pipeline (reassembly, all dissectors)'),
  costOn(seconds.inventory, seconds.both, 'the full pipeline with the inventory'),
];

// Memory over the capture, in an untimed pass: the live heap after a forced collection at each
// quarter shows whether anything accumulates (RSS alone also counts garbage not yet collected).
async function measureLiveHeap(): Promise<string> {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) return 'live heap not measured: run with --expose-gc (npm run bench does)';
  const opened = await openCapture(capture);
  const pipeline = new PacketPipeline(capture, pipelineConfig(), () => undefined);
  const samples: string[] = [];
  let nextQuarter = 1;
  opened.setBeforeRefill(async () => {
    if (opened.position() < (fileBytes * nextQuarter) / 4) return;
    collect();
    samples.push(`${(process.memoryUsage().heapUsed / 1e6).toFixed(1)}`);
    nextQuarter += 1;
  });
  await opened.reader.read(pipeline.handlePacket);
  pipeline.finish();
  await opened.close();
  return `live heap after GC at each quarter of the capture: ${samples.join(' / ')} MB`;
}
const liveHeap = await measureLiveHeap();

// 2. The whole ingest into a fresh SQLite store, as `vigil ingest` runs it: the full pipeline,
// inventory, flows and devices stored, and (in the runs with detection) the baselines' activity
// stored and alerts recorded. The runs with and without detection alternate, as above.
async function measureIngest(round: number, withDetection: boolean): Promise<Timing> {
  (globalThis as { gc?: () => void }).gc?.();
  const dbPath = join(outDirectory, 'bench.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  const store = await openStore(dbPath);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const summary = await ingestCapture({
    capture,
    store,
    config: pipelineConfig(),
    ouiRegistry,
    ...(withDetection ? {} : { detection: false as const }),
  });
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSecondsSince(cpuBefore);
  await store.close();
  report(
    `vigil ingest (SQLite store)${withDetection ? ' + detection' : ''} #${round}`,
    summary.packets,
    seconds,
    `${summary.flows} flows, ${summary.devices} devices stored${withDetection ? `, ${summary.alertsRaised} alerts` : ''}; RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
    cpuSeconds,
  );
  return { seconds, cpuSeconds };
}
const ingestSeconds = { without: [] as Timing[], with: [] as Timing[] };
for (let round = 1; round <= rounds; round += 1) {
  ingestSeconds.without.push(await measureIngest(round, false));
  ingestSeconds.with.push(await measureIngest(round, true));
}
detectionCost.push(costOn(ingestSeconds.without, ingestSeconds.with, 'the whole ingest into SQLite'));

// 3. The peers: tshark's TCP conversation table, and tshark extracting the fields the dissectors read.
function runTshark(name: string, args: string[], describe: (stdout: string) => string): void {
  const started = performance.now();
  const result = spawnSync('tshark', ['-r', capture, ...args], {
    encoding: 'utf8',
    maxBuffer: 2 * 1024 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status === 0) report(name, packetCount, seconds, describe(result.stdout));
  else
    rows.push([name, '-', '-', '-', '-', '-', `not run: ${result.error?.message ?? result.stderr.trim()}`]);
}
runTshark(
  'tshark -q -z conv,tcp',
  ['-q', '-z', 'conv,tcp'],
  (out) => `${out.split('\n').filter((line) => line.includes('<->')).length} TCP conversations`,
);
runTshark(
  'tshark -T fields (same fields)',
  [
    '-Y',
    'http || tls.handshake || dns',
    '-T',
    'fields',
    '-e',
    'http.host',
    '-e',
    'http.user_agent',
    '-e',
    'http.server',
    '-e',
    'tls.handshake.extensions_server_name',
    '-e',
    'tls.handshake.ja3',
    '-e',
    'dns.qry.name',
  ],
  (out) => `${out.split('\n').filter(Boolean).length} messages`,
);

const headers = ['run', 'packets', 'seconds', 'CPU s', 'packets/s', 'MB/s', 'notes'];
const widths = headers.map((header, column) =>
  Math.max(header.length, ...rows.map((row) => row[column]!.length)),
);
const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
console.log(
  `\ncapture ${capture}: ${packetCount} packets, ${megabytes.toFixed(1)} MB; node ${process.version}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);
console.log(line(headers));
for (const row of rows) console.log(line(row));
console.log(`full pipeline ${liveHeap}`);
console.log(detectionCost.join('\n'));
