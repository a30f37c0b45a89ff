import type { Kysely, Migration } from 'kysely';

/**
 * Governance the hospital plans (migration 0028): patch campaigns (a vulnerability or advisory
 * across its devices, progress read from each device's patch status), who is responsible for each
 * control area of a model (manufacturer, hospital or shared, and which team), and pre-purchase
 * reviews kept as written. Every change is also in the audit log.
 */
export const governancePlansMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('patch_campaigns')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('target_kind', 'text', (column) => column.notNull())
      .addColumn('target', 'text', (column) => column.notNull())
      .addColumn('due', 'text')
      .addColumn('note', 'text')
      .addColumn('created_by', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('closed_at', 'text')
      .execute();
    await db.schema
      .createTable('responsibility_assignments')
      .addColumn('model_key', 'text', (column) => column.notNull())
      .addColumn('area', 'text', (column) => column.notNull())
      .addColumn('manufacturer', 'text', (column) => column.notNull())
      .addColumn('model', 'text', (column) => column.notNull())
      .addColumn('responsible', 'text', (column) => column.notNull())
      .addColumn('team', 'text')
      .addColumn('note', 'text')
      .addColumn('updated_by', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('responsibility_assignments_key', ['model_key', 'area'])
      .execute();
    await db.schema
      .createTable('procurement_reviews')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('model_key', 'text', (column) => column.notNull())
      .addColumn('manufacturer', 'text', (column) => column.notNull())
      .addColumn('model', 'text', (column) => column.notNull())
      .addColumn('review', 'text', (column) => column.notNull())
      .addColumn('created_by', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('procurement_reviews_by_model')
      .on('procurement_reviews')
      .column('model_key')
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('procurement_reviews').execute();
    await db.schema.dropTable('responsibility_assignments').execute();
    await db.schema.dropTable('patch_campaigns').execute();
  },
};
