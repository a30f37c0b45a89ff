import type { Kysely, Migration } from 'kysely';

/**
 * A device's history: new device, an attribute that changed (firmware that went backwards
 * among them), silence, overrides set and cleared, with who did it and why for the manual ones.
 * Rows are never updated; the id is derived from the content, so re-ingesting adds nothing.
 */
export const deviceEventsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('device_events')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('device_id', 'text', (column) =>
        column.notNull().references('devices.id').onDelete('cascade'),
      )
      .addColumn('at', 'text', (column) => column.notNull())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('attribute', 'text')
      .addColumn('before', 'text')
      .addColumn('after', 'text')
      .addColumn('actor', 'text', (column) => column.notNull())
      .addColumn('reason', 'text')
      .addColumn('evidence_capture', 'text')
      .addColumn('evidence_packet', 'bigint')
      .addColumn('evidence_offset', 'bigint')
      .execute();
    await db.schema
      .createIndex('device_events_device')
      .on('device_events')
      .columns(['device_id', 'at'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('device_events').execute();
  },
};
