import type { Kysely, Migration } from 'kysely';

/**
 * Alerts from the detection stage (migration 0015): one row per behaviour and actor, repeats
 * merged into its count, first and last seen; the analysts' status, assignee and note beside it.
 * Lists (techniques, parties, evidence, detail) are JSON: read whole, never queried inside.
 */
export const alertsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('alerts')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('type', 'text', (column) => column.notNull())
      .addColumn('alert_key', 'text', (column) => column.notNull())
      .addColumn('severity', 'text', (column) => column.notNull())
      .addColumn('techniques', 'text', (column) => column.notNull())
      .addColumn('summary', 'text', (column) => column.notNull())
      .addColumn('remedy', 'text', (column) => column.notNull())
      .addColumn('sources', 'text', (column) => column.notNull())
      .addColumn('targets', 'text', (column) => column.notNull())
      .addColumn('first_seen', 'text', (column) => column.notNull())
      .addColumn('last_seen', 'text', (column) => column.notNull())
      .addColumn('count', 'bigint', (column) => column.notNull())
      .addColumn('evidence', 'text', (column) => column.notNull())
      .addColumn('detail', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('assignee', 'text')
      .addColumn('note', 'text')
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('alerts_by_last_seen').on('alerts').columns(['last_seen']).execute();
    await db.schema.createIndex('alerts_by_status').on('alerts').columns(['status', 'severity']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('alerts').execute();
  },
};
