import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type { Alert } from '../src/detect/alert.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { type AttackName, attackNames } from '../src/sim/attacks.js';
import { simulateHospital } from '../src/sim/simulate.js';
import type { GroundTruth } from '../src/sim/truth.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';

const devices = 120;
const durationSeconds = 1_800;

/** Simulates the hospital with the attacks given, ingests it, and returns the incidents and alerts. */
async function simulated(attacks: readonly AttackName[], seed: number) {
  const capture = join(temporaryDirectory('vigil-detect-sim-'), 'day.pcapng');
  const result = simulateHospital({ devices, durationSeconds, seed, out: capture, attacks });
  const store = await temporarySqliteStore();
  try {
    await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
    const truth = JSON.parse(readFileSync(result.truthPath, 'utf8')) as GroundTruth;
    return { incidents: truth.incidents, alerts: await store.alerts.list() };
  } finally {
    await store.close();
  }
}

const detectedNow: readonly AttackName[] = ['scan', 'telnet-bruteforce', 'lateral'];

/** `vigil sim --attack`: each attack found with the right attacker; a clean day raises nothing. */
describe('detection on the simulated hospital', () => {
  it('finds each attack the detectors cover with its attacker, and prints recall for all', async () => {
    const recall: string[] = [];
    for (const attack of attackNames) {
      const { incidents, alerts } = await simulated([attack], 11);
      const found = incidents.filter((incident) =>
        alerts.some((alert) => alert.sources.some((source) => source.ip === incident.attackerIp)),
      );
      recall.push(`${attack} ${found.length}/${incidents.length}`);
      if (detectedNow.includes(attack)) {
        expect(found.length, attack).toBe(incidents.length);
        expect(incidents.length, attack).toBeGreaterThan(0);
      }
      // Whatever fired, it fired at the attacker: no alert names anyone else as its source.
      const attackers = new Set(incidents.flatMap((incident) => [incident.attackerIp, incident.attackerMac]));
      for (const alert of alerts)
        for (const source of alert.sources)
          expect(attackers.has(source.ip ?? source.mac ?? ''), `${attack}: ${alert.summary}`).toBe(true);
    }
    console.log(`recall per attack (${devices} devices, ${durationSeconds} s): ${recall.join(', ')}`);
  }, 240_000);

  it('raises no alert on a clean simulated stretch, and says how much traffic that was', async () => {
    const { alerts } = await simulated([], 12);
    const deviceDays = (devices * durationSeconds) / 86_400;
    const explain = (alert: Alert) => `${alert.type}: ${alert.summary}`;
    console.log(
      `false positives: ${alerts.length} over ${deviceDays.toFixed(2)} device-days (${((alerts.length / deviceDays) * 1_000).toFixed(1)} per 1,000 device-days)${alerts.map((alert) => `\n  ${explain(alert)}`).join('')}`,
    );
    expect(alerts.map(explain)).toEqual([]);
  }, 240_000);
});
