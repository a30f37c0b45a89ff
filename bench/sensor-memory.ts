/**
 * What a sensor keeps in memory over an hour of traffic: the capture read in live mode (commits
 * every second, as `vigil sensor` runs), with the JavaScript heap measured after a full garbage
 * collection every fifth commit, beside V8's committed heap and the process RSS; the peer is a
 * plain ingest of the same capture in the same process run.
 *
 *   npm run bench:memory                                  # the 10,000-device hour bench:relay made
 *   npm run bench:memory -- bench/out/some-capture.pcapng
 *
 * The live heap after collection is what the sensor holds (drafts, flow table, detector and
 * baseline state): flat means bounded. RSS adds what V8 keeps committed beyond it (its heap grows
 * ahead of a high allocation rate and gives pages back slowly) and native memory.
 */
import { createReadStream, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { pipelineConfig } from '../src/config/defaults.js';
import { ingestPreparedCapture, prepareCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { simulateHospital } from '../src/sim/simulate.js';
import { openStore } from '../src/store/open-store.js';

const capture = process.argv[2] ?? join('bench', 'out', 'hospital-10000-3600s.pcapng');
if (!existsSync(capture)) {
  console.log(`simulating ${capture} (10,000 devices, an hour)…`);
  simulateHospital({ devices: 10_000, durationSeconds: 3_600, seed: 1, out: capture });
}
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench:memory does)');
const mb = (bytes: number) => (bytes / 1e6).toFixed(0);

async function run(label: string, live: boolean): Promise<void> {
  const path = join('bench', 'out', `memory-${label}-${process.pid}.db`);
  const store = await openStore(path);
  const samples: string[] = [];
  let commits = 0;
  const started = performance.now();
  try {
    const prepared = await prepareCapture('-', createReadStream(capture));
    const result = await ingestPreparedCapture(prepared, {
      store,
      config: pipelineConfig(live ? { commitIntervalMs: 1_000 } : {}),
      ouiRegistry: OuiRegistry.load(),
      live,
      onCommit: (commit) => {
        commits += 1;
        if (commits % 5 !== 0) return;
        gc?.();
        samples.push(
          `${(commit.packets / 1e6).toFixed(2)}M: live ${mb(process.memoryUsage().heapUsed)} / committed ${mb(getHeapStatistics().total_heap_size)} / RSS ${mb(process.memoryUsage().rss)}`,
        );
      },
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${label}: ${result.packets.toLocaleString('en')} packets in ${seconds.toFixed(1)} s, ${commits} commits; heap after collection, committed heap and RSS in MB by packets read:`,
    );
    for (const sample of samples) console.log(`  ${sample}`);
    console.log(`  peak RSS of the process so far ${mb(process.resourceUsage().maxRSS * 1e3)} MB`);
  } finally {
    await store.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  }
}

await run('sensor (live, commit every second)', true);
gc();
await run('peer, plain ingest', false);
