import type { Kysely, Migration } from 'kysely';

/**
 * Alert deliveries that failed after their retries (migration 0016): to which collector, which
 * alerts, the last error and how many attempts, so nothing raised is silently lost and the
 * alerts can be sent again.
 */
export const deliveryFailuresMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('delivery_failures')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('target', 'text', (column) => column.notNull())
      .addColumn('alert_ids', 'text', (column) => column.notNull())
      .addColumn('error', 'text', (column) => column.notNull())
      .addColumn('attempts', 'integer', (column) => column.notNull())
      .addColumn('at', 'text', (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('delivery_failures').execute();
  },
};
