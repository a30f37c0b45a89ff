import type { Kysely, Migration } from 'kysely';

/**
 * Manufacturers' disclosure statements (migration 0026): one row per form imported, attached to
 * a manufacturer and a model (names as the inventory spells them, compared without case) and
 * optionally to versions, with its answers. A form imported again for the same model and
 * versions replaces the one before; the audit log keeps both imports.
 */
export const mds2FormsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('mds2_forms')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('manufacturer', 'text', (column) => column.notNull())
      .addColumn('model', 'text', (column) => column.notNull())
      .addColumn('model_key', 'text', (column) => column.notNull())
      .addColumn('versions', 'text', (column) => column.notNull())
      .addColumn('file', 'text', (column) => column.notNull())
      .addColumn('format', 'text', (column) => column.notNull())
      .addColumn('sheet', 'text')
      .addColumn('imported_at', 'text', (column) => column.notNull())
      .addColumn('imported_by', 'text', (column) => column.notNull())
      .addColumn('answers', 'text', (column) => column.notNull())
      .addColumn('warnings', 'text', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('mds2_forms_by_model').on('mds2_forms').columns(['model_key']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('mds2_forms').execute();
  },
};
