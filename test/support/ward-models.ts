import { join } from 'node:path';
import { pipelineConfig } from '../../src/config/defaults.js';
import { ingestCapture } from '../../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../../src/inventory/oui-registry.js';
import { simulateHospital } from '../../src/sim/simulate.js';
import { temporaryDirectory, temporarySqliteStore } from './temporary-store.js';

export interface WardModel {
  manufacturer: string;
  model: string;
  devices: string[];
}

/**
 * A simulated ward of 60 devices (seed 5, ten minutes) ingested into a SQLite store of its own,
 * closed again; its location, how many devices it holds, and its models with their devices, the
 * most numerous first: what MDS2 forms and support dates attach to.
 */
export async function wardByModel(): Promise<{ location: string; fleet: number; models: WardModel[] }> {
  const store = await temporarySqliteStore();
  const capture = join(temporaryDirectory('vigil-ward-'), 'ward.pcapng');
  simulateHospital({ devices: 60, durationSeconds: 600, seed: 5, out: capture });
  await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
  const devices = await store.devices.list();
  const byModel = new Map<string, WardModel>();
  for (const device of devices) {
    if (device.manufacturer === null || device.model === null) continue;
    const key = `${device.manufacturer}/${device.model}`;
    const entry = byModel.get(key) ?? { manufacturer: device.manufacturer, model: device.model, devices: [] };
    entry.devices.push(device.id);
    byModel.set(key, entry);
  }
  const location = store.location;
  await store.close();
  return {
    location,
    fleet: devices.length,
    models: [...byModel.values()].sort((a, b) => b.devices.length - a.devices.length),
  };
}
