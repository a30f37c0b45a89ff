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
