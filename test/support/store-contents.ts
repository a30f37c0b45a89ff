import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { openStore, type Store } from '../../src/store/open-store.js';

/**
 * What an ingest leaves in a store, as plain text rows that compare equal across SQLite and
 * PostgreSQL (numbers, bigints and timestamps as strings): two routes to the same store —
 * a plain ingest, a resumed one, a sensor relaying to a collector — must agree row for row.
 * Alerts leave out `updated_at`, and devices and their rows `committed_at` and `changed_at`:
 * when a run wrote them rather than what they say.
 */
export async function storeContents(store: Store) {
  const rows = async (query: string) => {
    const result = await sql.raw<Record<string, unknown>>(query).execute(store.db);
    return result.rows.map((row) =>
      Object.fromEntries(Object.entries(row).map(([name, value]) => [name, textOf(value)])),
    );
  };
  return {
    devices: await rows('select id, first_seen, last_seen from devices order by id'),
    attributes: await rows(
      'select device_id, name, value, source, confidence, first_seen, last_seen, evidence_packet from device_attributes order by 1, 2, 3, 4',
    ),
    findings: await rows(
      'select device_id, type, first_seen, last_seen, detail from device_findings order by 1, 2',
    ),
    protocols: await rows(
      'select device_id, protocol, first_seen, last_seen from device_protocols order by device_id, protocol',
    ),
    flows: await rows('select id from flows order by id'),
    alerts: await rows(
      'select id, type, severity, summary, sources, targets, first_seen, last_seen, count, evidence, detail, status from alerts order by id',
    ),
  };
}

function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `storeContents` of a store at a location (a SQLite file, a PostgreSQL URL), opened and closed. */
export async function storeContentsAt(location: string) {
  const store = await openStore(location);
  try {
    return await storeContents(store);
  } finally {
    await store.close();
  }
}

/**
 * Packets an interrupted ingest into this SQLite file had committed: 0 when it left no
 * checkpoint, or no file yet. Read without opening the store, which would migrate it.
 */
export function committedPackets(path: string): number {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare('select packets from ingest_checkpoints').get() as
        | { packets: number }
        | undefined;
      return row?.packets ?? 0;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}
