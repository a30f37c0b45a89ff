/**
 * The simulator at hospital scale, then the ingest pipeline on what it wrote.
 *
 *   npm run bench:sim                       # 10,000 devices, 3 simulated hours (about 6 million packets)
 *   npm run bench:sim -- 2000 1h            # another size
 *
 * Prints the generation rate (packets/s, MB/s), the peak RSS while generating (sampled at every
 * progress report: it stays flat as the file grows), then runs `bench/ingest.ts` on the capture
 * in a fresh process: Vigil's packet path, full pipeline and SQLite ingest beside tshark on the
 * same file.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDuration } from '../src/cli/commands/sim-command.js';
import { simulateHospital } from '../src/sim/simulate.js';

const devices = Number(process.argv[2] ?? 10_000);
const durationSeconds = parseDuration(process.argv[3] ?? '3h');
const outDirectory = join('bench', 'out');
mkdirSync(outDirectory, { recursive: true });
const capture = join(outDirectory, `hospital-${devices}-${durationSeconds}s.pcapng`);

const samples: { doneShare: number; rssMb: number }[] = [];
const started = performance.now();
const result = simulateHospital({
  devices,
  durationSeconds,
  seed: 1,
  out: capture,
  onProgress: (done, total) =>
    samples.push({ doneShare: done / total, rssMb: process.memoryUsage().rss / 1e6 }),
});
const seconds = (performance.now() - started) / 1000;
const peakRssMb = Math.max(...samples.map((sample) => sample.rssMb), process.memoryUsage().rss / 1e6);
const rssAt = (share: number) =>
  (samples.find((sample) => sample.doneShare >= share)?.rssMb ?? Number.NaN).toFixed(0);
console.log(`vigil sim: ${devices} devices, ${durationSeconds} s simulated → ${capture}`);
console.log(
  `generated ${result.packets.toLocaleString('en')} packets, ${(result.bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s: ` +
    `${Math.round(result.packets / seconds).toLocaleString('en')} packets/s, ${(result.bytes / 1e6 / seconds).toFixed(1)} MB/s`,
);
console.log(
  `RSS while generating: ${rssAt(1 / 3)} / ${rssAt(2 / 3)} / ${rssAt(0.99)} MB at a third, two thirds, the end; peak ${peakRssMb.toFixed(0)} MB`,
);
console.log('\ningest of the simulated capture (bench/ingest.ts, fresh process):');
spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join('bench', 'ingest.ts'), capture], {
  stdio: 'inherit',
});
