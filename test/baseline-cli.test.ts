import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { simulateHospital } from '../src/sim/simulate.js';
import type { GroundTruth } from '../src/sim/truth.js';
import { storeBackends, temporaryDirectory } from './support/temporary-store.js';
import { vigilOn } from './support/vigil-cli.js';

const backends = await storeBackends();
const hospital = { devices: 60, durationSeconds: 1_200, seed: 31 };
const days: Record<string, string> = {};
let exfiltrator = '';

beforeAll(() => {
  const directory = temporaryDirectory('vigil-baseline-cli-');
  for (const [name, day, attacks] of [
    ['first', 0, []],
    ['second', 1, []],
    ['ninth', 8, ['exfil']],
  ] as const) {
    days[name] = join(directory, `${name}.pcapng`);
    const result = simulateHospital({ ...hospital, day, attacks: [...attacks], out: days[name]! });
    if (attacks.length > 0)
      exfiltrator = (JSON.parse(readFileSync(result.truthPath, 'utf8')) as GroundTruth).incidents[0]!
        .attackerIp;
  }
}, 120_000);

const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

for (const backend of backends) {
  describe.skipIf(!backend.enabled)(`vigil baseline on ${backend.name}`, () => {
    let dropStore: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await dropStore?.();
      dropStore = undefined;
    });

    it('learns a device for its first week of traffic, then judges it, and keeps each version', async () => {
      const { store, drop } = await backend.open();
      dropStore = drop;
      const vigil = vigilOn(store.location);

      const first = vigil('ingest', days.first!, '--json');
      expect(first.status, first.stderr).toBe(0);
      expect(json(first.stdout)).toMatchObject({ devicesCompared: 0, alertsRaised: 0 });
      expect(json(first.stdout).devicesLearning).toBeGreaterThan(50);
      const learning = vigil('baseline', 'show', exfiltrator, '--json');
      expect(learning.status, learning.stderr).toBe(0);
      const version1 = json(learning.stdout);
      expect(version1).toMatchObject({ version: 1, learningUntil: expect.stringMatching(/^2026-01-12T07:/) });
      expect(vigil('baseline', 'show', exfiltrator).stdout).toContain(
        'learning from traffic until 2026-01-12',
      );

      // The next day is inside the learning week: it teaches, and nothing is judged.
      const second = vigil('ingest', days.second!, '--json');
      expect(json(second.stdout)).toMatchObject({ devicesCompared: 0 });

      // A week later the baselines judge: the upload stands out against what the workstation sent before.
      const ninth = vigil('ingest', days.ninth!, '--json');
      expect(ninth.status, ninth.stderr).toBe(0);
      expect(json(ninth.stdout)).toMatchObject({ devicesLearning: 0, baselinesLearned: 0 });
      const alerts = JSON.parse(vigil('alerts', '--json').stdout) as {
        type: string;
        sources: { ip: string; deviceId: string | null }[];
        detail: Record<string, string[]>;
      }[];
      const exfiltration = alerts.filter((alert) => alert.type === 'exfiltration-volume');
      expect(exfiltration).toHaveLength(1);
      expect(exfiltration[0]?.sources[0]?.ip).toBe(exfiltrator);
      expect(exfiltration[0]?.sources[0]?.deviceId).toMatch(/^dev-/);
      const latest = json(vigil('baseline', 'show', exfiltrator, '--json').stdout) as {
        version: number;
        profile: { outsideBytesPerHourMax: number };
        versionsKept: { version: number }[];
      };
      expect(exfiltration[0]?.detail.baselineMaxBytesPerHour).toEqual([
        String(latest.profile.outsideBytesPerHourMax),
      ]);
      expect(latest.versionsKept.map((kept) => kept.version)).toEqual(
        Array.from({ length: latest.version }, (_, index) => latest.version - index),
      );
      expect(json(vigil('baseline', 'show', exfiltrator, '--at', '1', '--json').stdout)).toMatchObject({
        version: 1,
      });

      const missingVersion = vigil('baseline', 'show', exfiltrator, '--at', '99');
      expect(missingVersion.status).toBe(1);
      expect(missingVersion.stderr).toMatch(/no baseline version 99; versions kept: \d/);
      const unknown = vigil('baseline', 'show', '10.99.99.99');
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('no device "10.99.99.99"');
      const site = json(vigil('baseline', 'show', 'site', '--json').stdout) as {
        profile: { facts: Record<string, string[]> };
      };
      expect(site.profile.facts.dnsServers?.length).toBeGreaterThan(0);
    }, 180_000);

    it('learns everything at once under --learn, and says so', async () => {
      const { store, drop } = await backend.open();
      dropStore = drop;
      const vigil = vigilOn(store.location);
      const learned = vigil('ingest', days.first!, '--learn');
      expect(learned.status, learned.stderr).toBe(0);
      expect(learned.stdout).toMatch(/baselines +\d+ learned \(\d+ devices learning, 0 compared\)/);
      expect(vigil('baseline', 'show', exfiltrator).stdout).toContain('learned (vigil ingest --learn)');
      const next = json(vigil('ingest', days.second!, '--json').stdout);
      expect(next.devicesCompared).toBeGreaterThan(50);
      expect(next.devicesLearning).toBe(0);
      const audit = vigil('audit', 'list', '--json');
      expect(audit.stdout).toContain('\\"learn\\":true');
    }, 180_000);
  });
}
