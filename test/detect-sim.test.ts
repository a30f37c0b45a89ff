import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import { loadZones } from '../src/config/zones.js';
import type { Alert } from '../src/detect/alert.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { type AttackName, attackNames } from '../src/sim/attacks.js';
import { simulateHospital } from '../src/sim/simulate.js';
import type { GroundTruth } from '../src/sim/truth.js';
import type { Store } from '../src/store/open-store.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';

const ouiRegistry = OuiRegistry.load();
/** The simulator's zones with their trust (guest Wi-Fi untrusted, the care areas clinical), as the demo ingests. */
const zones = loadZones(join(import.meta.dirname, '..', 'examples', 'hospital-zones.json'));

/** Writes one day of the simulated hospital and ingests it; returns the alerts it raised or added to. */
async function ingestDay(
  store: Store,
  options: { devices: number; durationSeconds: number; seed: number; day: number; attacks?: AttackName[] },
  learn = false,
) {
  const capture = join(temporaryDirectory('vigil-detect-sim-'), `day-${options.day}.pcapng`);
  const result = simulateHospital({ ...options, out: capture });
  const summary = await ingestCapture({
    capture,
    store,
    config: pipelineConfig(),
    ouiRegistry,
    learn,
    zones,
  });
  const truth = JSON.parse(readFileSync(result.truthPath, 'utf8')) as GroundTruth;
  const alerts = [...(await store.alerts.getMany(summary.alertIds)).values()];
  return { incidents: truth.incidents, alerts, summary };
}

const explain = (alert: Alert) => `${alert.type}: ${alert.summary}`;

/**
 * `vigil sim --attack`: the hospital's first day teaches the baselines (`--learn`), the second
 * carries the attack; each is found with the right attacker. A clean second day measures false
 * positives per 1,000 device-days.
 */
describe('detection on the simulated hospital', () => {
  it('finds every attack with its attacker on the day after learning, and prints recall', async () => {
    const hospital = { devices: 120, durationSeconds: 1_800, seed: 11 };
    const recall: string[] = [];
    for (const attack of attackNames) {
      const store = await temporarySqliteStore();
      try {
        await ingestDay(store, { ...hospital, day: 0 }, true);
        const { incidents, alerts } = await ingestDay(store, { ...hospital, day: 1, attacks: [attack] });
        const found = incidents.filter((incident) =>
          alerts.some((alert) => alert.sources.some((source) => source.ip === incident.attackerIp)),
        );
        recall.push(
          `${attack} ${found.length}/${incidents.length} (${[...new Set(alerts.map((alert) => alert.type))].join(', ')})`,
        );
        expect(incidents.length, attack).toBeGreaterThan(0);
        expect(found.length, `${attack}: ${alerts.map(explain).join('; ')}`).toBe(incidents.length);
        // Whatever fired, it fired at the attacker: no alert names anyone else as its source.
        const attackers = new Set(
          incidents.flatMap((incident) => [incident.attackerIp, incident.attackerMac]),
        );
        for (const alert of alerts)
          for (const source of alert.sources)
            expect(attackers.has(source.ip ?? source.mac ?? ''), `${attack}: ${explain(alert)}`).toBe(true);
      } finally {
        await store.close();
      }
    }
    console.log(
      `recall per attack (${hospital.devices} devices, a day of ${hospital.durationSeconds} s learned, then the attack's day): ${recall.join(', ')}`,
    );
  }, 300_000);

  it('raises nothing on a clean day after a day of learning, and prints false positives per 1,000 device-days', async () => {
    const hospital = { devices: 400, durationSeconds: 4 * 3_600, seed: 12 };
    const store = await temporarySqliteStore();
    try {
      const learning = await ingestDay(store, { ...hospital, day: 0 }, true);
      const { alerts, summary } = await ingestDay(store, { ...hospital, day: 1 });
      expect(summary.devicesCompared).toBeGreaterThan(hospital.devices * 0.9);
      expect(summary.devicesLearning).toBe(0);
      const deviceDays = (hospital.devices * hospital.durationSeconds) / 86_400;
      console.log(
        [
          `learning day: ${learning.summary.baselinesLearned} baselines learned; signature alerts that day (they fire while learning): ${learning.alerts.map(explain).join('; ') || 'none'}`,
          `false positives on the clean day after learning: ${alerts.length} over ${deviceDays.toFixed(1)} device-days (${((alerts.length / deviceDays) * 1_000).toFixed(1)} per 1,000 device-days)${alerts.map((alert) => `\n  ${explain(alert)}`).join('')}`,
        ].join('\n'),
      );
      expect(alerts.map(explain)).toEqual([]);
    } finally {
      await store.close();
    }
  }, 300_000);
});
