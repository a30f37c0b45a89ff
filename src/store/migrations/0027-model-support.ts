import type { Kysely, Migration } from 'kysely';

/**
 * Support dates per model (migration 0027): the last day a manufacturer sells, supports and
 * patches it, imported from a file or set by hand; every change is also in the audit log.
 */
export const modelSupportMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('model_support')
      .addColumn('model_key', 'text', (column) => column.primaryKey())
      .addColumn('manufacturer', 'text', (column) => column.notNull())
      .addColumn('model', 'text', (column) => column.notNull())
      .addColumn('end_of_sale', 'text')
      .addColumn('end_of_support', 'text')
      .addColumn('end_of_security_patches', 'text')
      .addColumn('source', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .addColumn('updated_by', 'text', (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('model_support').execute();
  },
};
