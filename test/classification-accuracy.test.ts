import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { classifyDevice } from '../src/inventory/classification/classify.js';
import { defaultClassifier } from '../src/inventory/classification/default-classifier.js';
import type { DeviceRecord } from '../src/inventory/device-record.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { simulateHospital } from '../src/sim/simulate.js';
import type { GroundTruth, TruthDevice } from '../src/sim/truth.js';
import { openStore } from '../src/store/open-store.js';
import { temporaryDirectory } from './support/temporary-store.js';

/** Share of `devices` for which `isRight` holds, by category and over all. */
function accuracy(
  devices: readonly TruthDevice[],
  isRight: (device: TruthDevice) => boolean,
): Record<string, number> {
  const byCategory: Record<string, number> = {};
  for (const category of [...new Set(devices.map((d) => d.category))].sort()) {
    const inCategory = devices.filter((d) => d.category === category);
    byCategory[category] = inCategory.filter(isRight).length / inCategory.length;
  }
  return { all: devices.filter(isRight).length / devices.length, ...byCategory };
}

/** Two simulated hospitals of different seeds, ingested, then typed by the shipped rules. */
describe('classification on simulated hospitals with their ground truth', () => {
  for (const seed of [11, 12]) {
    it(`types medical devices with accuracy ≥ 0.95 and never without evidence (seed ${seed})`, async () => {
      const directory = temporaryDirectory('vigil-classify-');
      const capture = join(directory, 'hospital.pcapng');
      const { truthPath } = simulateHospital({ devices: 400, durationSeconds: 1800, seed, out: capture });
      const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as GroundTruth;
      const store = await openStore(join(directory, 'vigil.db'));
      let found: DeviceRecord[];
      try {
        await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
        found = await store.devices.list();
      } finally {
        await store.close();
      }
      const byMac = new Map(found.flatMap((device) => device.macs.map((mac) => [mac, device] as const)));
      const recordOf = (device: TruthDevice) => byMac.get(device.mac);
      // How much host-name conventions carry: the same devices typed with those rules left out.
      const { rules, taxonomy } = defaultClassifier();
      const withoutHostnames = rules.filter((rule) => !rule.id.startsWith('hostname-'));
      const figures = {
        type: accuracy(truth.devices, (d) => recordOf(d)?.type === d.type),
        typeWithoutHostnameRules: accuracy(
          truth.devices,
          (d) => classifyDevice(recordOf(d)!, withoutHostnames, taxonomy).type?.value === d.type,
        ),
        vendor: accuracy(truth.devices, (d) => recordOf(d)?.vendor === d.vendor),
        // Only devices that describe themselves (DICOM equipment, POCT1-A hellos) can name a model.
        model: accuracy(truth.devices, (d) => recordOf(d)?.model === d.model),
      };
      console.log(
        `seed ${seed}, ${truth.devices.length} devices: ${JSON.stringify(figures, (_, v) => (typeof v === 'number' ? Number(v.toFixed(3)) : v))}`,
      );
      expect(figures.type.medical).toBeGreaterThanOrEqual(0.95);
      expect(figures.vendor.all).toBe(1);
      for (const device of found) {
        if (device.type === null) continue;
        expect(device.classification.type?.evidence.length, device.id).toBeGreaterThan(0);
      }
    }, 60_000);
  }
});
