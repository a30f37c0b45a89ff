import type { Kysely, Migration } from 'kysely';

/**
 * Devices an analyst merged: the absorbed device keeps its own rows (so later traffic still
 * lands on it and a split restores it whole) and is shown folded into its keeper.
 */
export const deviceMergesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('device_merges')
      .addColumn('absorbed_id', 'text', (column) =>
        column.primaryKey().references('devices.id').onDelete('cascade'),
      )
      .addColumn('keeper_id', 'text', (column) =>
        column.notNull().references('devices.id').onDelete('cascade'),
      )
      .addColumn('at', 'text', (column) => column.notNull())
      .addColumn('actor', 'text', (column) => column.notNull())
      .addColumn('reason', 'text')
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('device_merges').execute();
  },
};
