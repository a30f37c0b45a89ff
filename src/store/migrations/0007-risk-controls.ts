import type { Kysely, Migration } from 'kysely';

/**
 * Compensating controls an analyst records for a device (migration 0007): segmented onto its own
 * network, monitored. The risk score weighs them; their setting and clearing are device events.
 */
export const riskControlsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('risk_controls')
      .addColumn('device_id', 'text', (column) =>
        column.notNull().references('devices.id').onDelete('cascade'),
      )
      .addColumn('control', 'text', (column) => column.notNull())
      .addColumn('note', 'text')
      .addColumn('actor', 'text', (column) => column.notNull())
      .addColumn('at', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('risk_controls_key', ['device_id', 'control'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('risk_controls').execute();
  },
};
