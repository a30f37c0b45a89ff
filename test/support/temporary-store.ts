import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/open-store.js';

const temporaryDirectories: string[] = [];

/** Removes every directory `temporaryDirectory` made; run after each test file (see vitest.config.ts). */
export function removeTemporaryDirectories(): void {
  for (const directory of temporaryDirectories.splice(0)) rmSync(directory, { recursive: true, force: true });
}

/** A new directory under the system's temporary folder, removed after the test file. */
export function temporaryDirectory(prefix = 'vigil-test-'): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  temporaryDirectories.push(directory);
  return directory;
}

/** A new SQLite file in a temporary directory. */
export async function temporarySqliteStore(): Promise<Store> {
  return openStore(join(temporaryDirectory(), 'vigil.db'));
}

/** The PostgreSQL server the tests use: `VIGIL_TEST_POSTGRES_URL`, or this machine's own. */
export const testPostgresUrl =
  process.env.VIGIL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** True when PostgreSQL answers; under CI=true its absence is a failure, not a skip. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: testPostgresUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (error) {
    if (process.env.CI === 'true')
      throw new Error(`CI needs PostgreSQL at ${testPostgresUrl}: ${(error as Error).message}`);
    return false;
  }
}

/** A fresh database on the test server, and a function that drops it. */
export async function temporaryPostgresStore(): Promise<{ store: Store; drop: () => Promise<void> }> {
  const name = `vigil_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;
  const store = await openStore(url.toString());
  return {
    store,
    drop: async () => {
      await store.close();
      if (store.keys.directory !== null) rmSync(store.keys.directory, { recursive: true, force: true });
      const cleanup = new pg.Client({ connectionString: testPostgresUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name}`);
      await cleanup.end();
    },
  };
}

/** A store for one test file and the function that closes and removes it. */
export interface StoreBackend {
  name: string;
  enabled: boolean;
  open: () => Promise<{ store: Store; drop: () => Promise<void> }>;
}

/** The stores a storage test runs on: SQLite always, PostgreSQL when it answers (always under CI=true). */
export async function storeBackends(): Promise<StoreBackend[]> {
  const hasPostgres = await postgresAvailable();
  return [
    {
      name: 'SQLite',
      enabled: true,
      open: async () => {
        const store = await temporarySqliteStore();
        return { store, drop: () => store.close() };
      },
    },
    { name: 'PostgreSQL', enabled: hasPostgres, open: temporaryPostgresStore },
  ];
}

/**
 * Every file under a store's directory, its key folder included, as paths relative to it: what
 * a test checks for patient values that must never have been written.
 */
export function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)));
}
