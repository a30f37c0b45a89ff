import type { Kysely, Migration } from 'kysely';

/** Security findings raised from traffic, one row per device and finding type. */
export const deviceFindingsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('device_findings')
      .addColumn('device_id', 'text', (column) =>
        column.notNull().references('devices.id').onDelete('cascade'),
      )
      .addColumn('type', 'text', (column) => column.notNull())
      .addColumn('severity', 'text', (column) => column.notNull())
      .addColumn('summary', 'text', (column) => column.notNull())
      .addColumn('remedy', 'text', (column) => column.notNull())
      .addColumn('first_seen', 'text', (column) => column.notNull())
      .addColumn('last_seen', 'text', (column) => column.notNull())
      .addColumn('evidence_capture', 'text', (column) => column.notNull())
      .addColumn('evidence_packet', 'bigint', (column) => column.notNull())
      .addColumn('evidence_offset', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('device_findings_pk', ['device_id', 'type'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('device_findings').execute();
  },
};
