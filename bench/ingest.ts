/**
 * Ingest throughput against tshark on the same capture, in the same run.
 *
 *   npm run bench                 # 1,000,000 packets
 *   npm run bench -- 3000000      # another size
 *
 * Prints packets/s and MB/s for Vigil's read + decode + flows + dissectors (no store), the same
 * with the SQLite store, and `tshark -r FILE -q -z conv,tcp`, plus RSS and garbage collections
 * during the packet path (a path that allocates per packet would show scavenges by the hundred).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { openCapture } from '../src/capture/open-capture.js';
import { pipelineConfig } from '../src/config/defaults.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { PacketPipeline } from '../src/ingest/packet-pipeline.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { openStore } from '../src/store/open-store.js';
import { writeSyntheticCapture } from './synthetic-capture.js';

const packetTarget = Number(process.argv[2] ?? 1_000_000);
const outDirectory = join('bench', 'out');
mkdirSync(outDirectory, { recursive: true });
const capture = join(outDirectory, `synthetic-${packetTarget}.pcap`);

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
const report = (name: string, packets: number, seconds: number, extra: string) => {
  rows.push([
    name,
    String(packets),
    seconds.toFixed(2),
    Math.round(packets / seconds).toLocaleString('en'),
    (megabytes / seconds).toFixed(1),
    extra,
  ]);
};

// 1. Vigil's packet path alone.
let scavenges = 0;
let markSweeps = 0;
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
    if (kind === 1) scavenges += 1;
    else markSweeps += 1;
  }
});
gcObserver.observe({ entryTypes: ['gc'] });
const opened = await openCapture(capture);
let flowsEnded = 0;
const pipeline = new PacketPipeline(capture, pipelineConfig(), (observation) => {
  if (observation.kind === 'flow.summary') flowsEnded += 1;
});
const heapBefore = process.memoryUsage().heapUsed;
const pathStarted = performance.now();
const readSummary = await opened.reader.read(pipeline.handlePacket);
pipeline.finish();
const pathSeconds = (performance.now() - pathStarted) / 1000;
await opened.close();
await new Promise((resolve) => setTimeout(resolve, 50));
gcObserver.disconnect();
const rssAfterPathMb = process.memoryUsage().rss / 1e6;
report(
  'vigil read+decode+flows+dissect',
  readSummary.packets,
  pathSeconds,
  `${flowsEnded} flows; ${scavenges} scavenges, ${markSweeps} other GCs; heap Δ ${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(1)} MB; RSS ${rssAfterPathMb.toFixed(0)} MB`,
);

// 2. The whole ingest into a fresh SQLite store.
const dbPath = join(outDirectory, 'bench.db');
rmSync(dbPath, { force: true });
rmSync(`${dbPath}-wal`, { force: true });
const store = await openStore(dbPath);
const ingestStarted = performance.now();
const summary = await ingestCapture({
  capture,
  store,
  config: pipelineConfig(),
  ouiRegistry: OuiRegistry.load(),
});
const ingestSeconds = (performance.now() - ingestStarted) / 1000;
await store.close();
report(
  'vigil ingest (SQLite store)',
  summary.packets,
  ingestSeconds,
  `${summary.flows} flows, ${summary.devices} devices stored; RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
);

// 3. The peer: tshark's TCP conversation table over the same file.
const tsharkStarted = performance.now();
const tshark = spawnSync('tshark', ['-r', capture, '-q', '-z', 'conv,tcp'], {
  encoding: 'utf8',
  maxBuffer: 1024 * 1024 * 1024,
});
const tsharkSeconds = (performance.now() - tsharkStarted) / 1000;
if (tshark.status === 0) {
  const conversations = tshark.stdout.split('\n').filter((line) => line.includes('<->')).length;
  report('tshark -q -z conv,tcp', readSummary.packets, tsharkSeconds, `${conversations} TCP conversations`);
} else {
  rows.push([
    'tshark -q -z conv,tcp',
    '-',
    '-',
    '-',
    '-',
    `not run: ${tshark.error?.message ?? tshark.stderr.trim()}`,
  ]);
}

const headers = ['run', 'packets', 'seconds', 'packets/s', 'MB/s', 'notes'];
const widths = headers.map((header, column) =>
  Math.max(header.length, ...rows.map((row) => row[column]!.length)),
);
const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
console.log(
  `\ncapture ${capture}: ${readSummary.packets} packets, ${megabytes.toFixed(1)} MB; node ${process.version}`,
);
console.log(line(headers));
for (const row of rows) console.log(line(row));
