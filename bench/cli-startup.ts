/**
 * How long the `vigil` command takes to start and answer, beside `node -e 0` (Node's own start)
 * in the same run: `vigil --help` and `vigil devices` on a small store (a simulated clinic of 30
 * devices), from the bundle the package runs (dist/bundle) and from the plain compiled modules
 * (dist/cli, what the bundle is built from), which load one file at a time.
 *
 *   npm run build && npm run bench:cli            # 15 runs of each
 *   npm run bench:cli -- 40                       # another count
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 15);
const outDirectory = join('bench', 'out', 'cli-startup');
rmSync(outDirectory, { recursive: true, force: true });
mkdirSync(outDirectory, { recursive: true });
const capture = join(outDirectory, 'clinic.pcapng');
const store = join(outDirectory, 'clinic.db');

function run(args: string[]): void {
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
}

run(['dist/bundle/main.js', 'sim', '--devices', '30', '--duration', '2m', '--out', capture]);
run(['dist/bundle/main.js', 'ingest', capture, '--db', store]);

const cases: [string, string[]][] = [
  ['node -e 0', ['-e', '0']],
  ['vigil --help (bundle)', ['dist/bundle/main.js', '--help']],
  ['vigil --help (modules)', ['dist/cli/main.js', '--help']],
  ['vigil devices, 30 devices (bundle)', ['dist/bundle/main.js', 'devices', '--db', store]],
  ['vigil devices, 30 devices (modules)', ['dist/cli/main.js', 'devices', '--db', store]],
];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

console.log(`${runs} runs each, wall-clock ms from spawn to exit`);
console.log(`${'command'.padEnd(40)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'min'.padStart(7)}`);
for (const [label, args] of cases) {
  run(args); // warm the file cache
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    run(args);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const cells = [quantile(times, 0.5), quantile(times, 0.95), times[0]!].map((value) =>
    value.toFixed(0).padStart(7),
  );
  console.log(`${label.padEnd(40)} ${cells.join(' ')}`);
}
