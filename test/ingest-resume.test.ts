import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attackNames } from '../src/sim/attacks.js';
import { simulateHospital } from '../src/sim/simulate.js';
import { committedPackets, storeContentsAt } from './support/store-contents.js';
import { temporaryDirectory } from './support/temporary-store.js';
import { vigilOn } from './support/vigil-cli.js';

const zones = join(import.meta.dirname, '..', 'examples', 'hospital-zones.json');

function startIngest(capture: string, database: string): ChildProcess {
  return spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'ingest',
      capture,
      '--zones',
      zones,
      '--commit-interval',
      '0.05',
      '--db',
      database,
    ],
    { stdio: 'ignore', env: { ...process.env, VIGIL_DB: '' } },
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `vigil ingest` commits every `--commit-interval`: killed with SIGKILL at random points after a
 * commit, it keeps what it committed (devices included), and run again it resumes, so the store
 * ends as one uninterrupted ingest leaves it: the same devices, facts, flows and alerts, none
 * twice. The capture is the simulated hospital with every attack, so alerts are at stake too.
 */
describe('an ingest killed mid-capture and run again', () => {
  it('keeps what it committed and ends as one clean ingest, nothing lost or doubled', async () => {
    const directory = temporaryDirectory('vigil-ingest-resume-');
    const capture = join(directory, 'hospital.pcapng');
    simulateHospital({
      devices: 300,
      durationSeconds: 1_800,
      seed: 5,
      day: 1,
      attacks: [...attackNames],
      out: capture,
    });
    const clean = join(directory, 'clean.db');
    expect(vigilOn(clean)('ingest', capture, '--zones', zones).status).toBe(0);

    const interrupted = join(directory, 'interrupted.db');
    const kills: string[] = [];
    let committed = 0;
    for (let round = 0; round < 3; round += 1) {
      const ingest = startIngest(capture, interrupted);
      const exited = once(ingest, 'exit');
      // Wait for a commit past the last one, then kill at a random moment of the next window.
      for (let waited = 0; committedPackets(interrupted) <= committed && waited < 60_000; waited += 20)
        await sleep(20);
      await sleep(Math.floor(Math.random() * 60));
      ingest.kill('SIGKILL');
      const [code, signal] = await exited;
      const now = committedPackets(interrupted);
      kills.push(
        `round ${round + 1}: ${signal ?? `exit ${code}`} with packets ${committed + 1}–${now} committed`,
      );
      if (signal !== 'SIGKILL') break; // it finished before the kill: nothing more to interrupt
      expect(now, kills.join('; ')).toBeGreaterThan(committed);
      if (round === 0) {
        const kept = await storeContentsAt(interrupted);
        // Before commits, a killed ingest kept its flows but none of its devices.
        expect(kept.devices.length, 'devices kept by the first killed run').toBeGreaterThan(0);
        expect(kept.flows.length).toBeGreaterThan(0);
      }
      committed = now;
    }
    console.log(`ingest-resume: ${kills.join('; ')}`);
    expect(kills.length).toBeGreaterThan(0);

    const resumed = vigilOn(interrupted)('ingest', capture, '--zones', zones, '--json');
    expect(resumed.status, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout) as { resumedAfterPackets: number };
    if (committed > 0) expect(summary.resumedAfterPackets).toBe(committed);
    expect(committedPackets(interrupted), 'a finished ingest leaves no checkpoint').toBe(0);

    const expected = await storeContentsAt(clean);
    const actual = await storeContentsAt(interrupted);
    expect(expected.devices.length).toBe(300);
    expect(expected.alerts.length).toBeGreaterThanOrEqual(attackNames.length);
    for (const table of Object.keys(expected) as (keyof typeof expected)[])
      expect(actual[table], `${table} after ${kills.join('; ')}`).toEqual(expected[table]);
  }, 180_000);
});
