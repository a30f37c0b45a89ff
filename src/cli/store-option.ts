import { userInfo } from 'node:os';
import { rematchIfFeeds } from '../intel/match-inventory.js';
import { VendorNames } from '../intel/matching/names.js';
import type { DeviceRecord } from '../inventory/device-record.js';
import { openStore, resolveStoreLocation, type Store } from '../store/open-store.js';

export const storeOptionDescription =
  'store: a SQLite file path or a postgres:// URL (default: $VIGIL_DB or ./vigil.db)';

/** Opens the store named by `--db`, runs `work`, and always closes it. */
export async function withStore<T>(
  dbOption: string | undefined,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openStore(resolveStoreLocation(dbOption));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/**
 * `withStore` for commands that change devices (ingest, asset import, overrides, merges): when
 * feeds have been imported, the inventory is matched again afterwards, since a new firmware,
 * model or maker changes which advisories apply.
 */
export async function withChangingStore<T>(
  dbOption: string | undefined,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  return withStore(dbOption, async (store) => {
    const result = await work(store);
    await rematchIfFeeds(store, VendorNames.load());
    return result;
  });
}

/** The device a command names by id, MAC or IP; an error naming the query when there is none. */
export async function requireDevice(store: Store, query: string): Promise<DeviceRecord> {
  const device = await store.devices.find(query);
  if (device === undefined) throw new Error(`no device with id, MAC or IP "${query}"`);
  return device;
}

export const byOptionDescription = 'who does it, for the audit log (default: the operating-system user)';

/** The actor an import is recorded under: `--by`, else the operating-system user. */
export function actorOf(by: string | undefined): string {
  if (by !== undefined && by.trim() !== '') return by;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
