import type { Kysely, Migration } from 'kysely';

/**
 * Ingest checkpoints (migration 0019): how far an ingest of a capture file had committed. An
 * ingest commits every few seconds; killed, it leaves its row, and the next ingest of the same
 * file (same path, size and modification time) replays it without storing again what the row
 * says was stored. A finished ingest deletes its row.
 */
export const ingestCheckpointsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('ingest_checkpoints')
      .addColumn('source', 'text', (column) => column.primaryKey())
      .addColumn('size_bytes', 'bigint', (column) => column.notNull())
      .addColumn('modified_at', 'text', (column) => column.notNull())
      .addColumn('packets', 'bigint', (column) => column.notNull())
      .addColumn('committed_at', 'text', (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('ingest_checkpoints').execute();
  },
};
