import type { Kysely, Migration } from 'kysely';

/**
 * One row per shown device with what the inventory table pages, sorts, filters and searches on
 * (migration 0011): assembling device records and scoring risk per request would not stay fast at
 * 100,000 devices. Rebuilt from the devices, matches and risk whenever they change; `search` is
 * the lower-cased text the search box looks in.
 */
export const deviceSummariesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('device_summaries')
      .addColumn('device_id', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('ip', 'text')
      .addColumn('mac', 'text')
      .addColumn('vendor', 'text')
      .addColumn('model', 'text')
      .addColumn('firmware', 'text')
      .addColumn('type', 'text')
      .addColumn('category', 'text')
      .addColumn('zone', 'text')
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('first_seen', 'text', (column) => column.notNull())
      .addColumn('last_seen', 'text', (column) => column.notNull())
      .addColumn('risk_score', 'real', (column) => column.notNull())
      .addColumn('risk_level', 'text', (column) => column.notNull())
      .addColumn('vulnerabilities', 'integer', (column) => column.notNull())
      .addColumn('kev_vulnerabilities', 'integer', (column) => column.notNull())
      .addColumn('findings', 'integer', (column) => column.notNull())
      .addColumn('handles_phi', 'integer', (column) => column.notNull())
      .addColumn('search', 'text', (column) => column.notNull())
      .execute();
    for (const column of [
      'type',
      'category',
      'zone',
      'vendor',
      'risk_score',
      'last_seen',
      'name',
      'first_seen',
    ]) {
      await db.schema
        .createIndex(`device_summaries_by_${column}`)
        .on('device_summaries')
        .column(column)
        .execute();
    }
    // A device page lists the flows of its addresses.
    await db.schema.createIndex('flows_by_initiator').on('flows').column('initiator_address').execute();
    await db.schema.createIndex('flows_by_responder').on('flows').column('responder_address').execute();
    await db.schema
      .createTable('summary_state')
      .addColumn('name', 'text', (column) => column.primaryKey())
      .addColumn('value', 'text', (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('flows_by_responder').execute();
    await db.schema.dropIndex('flows_by_initiator').execute();
    await db.schema.dropTable('summary_state').execute();
    await db.schema.dropTable('device_summaries').execute();
  },
};
