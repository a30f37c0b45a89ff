import { join } from 'node:path';
import { loadZones } from '../../src/config/zones.js';
import { loadRiskModel } from '../../src/risk/risk-model.js';
import { createAccount } from '../../src/server/auth/accounts.js';
import { simulateHospital } from '../../src/sim/simulate.js';
import { openStore } from '../../src/store/open-store.js';
import { referenceData } from './reference-data.js';
import { temporaryDirectory } from './temporary-store.js';
import { vigilOn } from './vigil-cli.js';

export const adminPassword = 'correct horse battery staple';

/**
 * A SQLite store holding a simulated hospital (zones as `examples/hospital-zones.json` names the
 * simulator's subnets) (ingested with the CLI), the real ICSMA advisories
 * and KEV catalogue, and a first administrator with TOTP, as `vigil users add` makes one.
 */
export async function consoleHospital(devices = 60) {
  const directory = temporaryDirectory('vigil-console-');
  const database = join(directory, 'vigil.db');
  const vigil = vigilOn(database);
  const capture = join(directory, 'hospital.pcapng');
  simulateHospital({ devices, durationSeconds: 900, seed: 6, out: capture, attacks: ['scan'] });
  const ingest = vigil('ingest', capture);
  if (ingest.status !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
  const feeds = vigil('feeds', 'import', referenceData('csaf-icsma'), referenceData('kev'));
  if (feeds.status !== 0) throw new Error(`feeds import failed: ${feeds.stderr}`);
  const store = await openStore(database);
  const admin = await createAccount(
    store,
    {
      username: 'admin',
      password: adminPassword,
      role: 'administrator',
      createdBy: 'bootstrap',
      enrolSecondFactor: true,
    },
    Date.now(),
  );
  return {
    directory,
    database,
    store,
    admin,
    riskModel: loadRiskModel(),
    zones: loadZones('examples/hospital-zones.json'),
  };
}
