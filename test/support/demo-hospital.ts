import { join } from 'node:path';
import { pipelineConfig } from '../../src/config/defaults.js';
import { ingestCapture } from '../../src/ingest/ingest-capture.js';
import { importFeeds } from '../../src/intel/import-feeds.js';
import { matchInventory } from '../../src/intel/match-inventory.js';
import { VendorNames } from '../../src/intel/matching/names.js';
import { OuiRegistry } from '../../src/inventory/oui-registry.js';
import { simulateHospital } from '../../src/sim/simulate.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { referenceData } from './reference-data.js';
import { temporaryDirectory } from './temporary-store.js';

/**
 * The hospital `npm run demo` builds (package.json: `vigil sim --devices 120 --duration 30m
 * --seed 1 --attack scan`, then the ICSMA advisories and the KEV catalogue imported), in process,
 * in a SQLite store of its own.
 */
export async function demoHospital(): Promise<{ store: Store; database: string; directory: string }> {
  const directory = temporaryDirectory('vigil-demo-');
  const capture = join(directory, 'hospital.pcapng');
  simulateHospital({ devices: 120, durationSeconds: 1800, seed: 1, out: capture, attacks: ['scan'] });
  const database = join(directory, 'vigil.db');
  const store = await openStore(database);
  await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
  const vendors = VendorNames.load();
  await importFeeds(store, [referenceData('csaf-icsma'), referenceData('kev')], vendors);
  await matchInventory(store, vendors);
  return { store, database, directory };
}
