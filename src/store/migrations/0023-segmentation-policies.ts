import type { Kysely, Migration } from 'kysely';

/**
 * Segmentation policies (migration 0023): each generated version kept whole, with who made it,
 * who approved it and when. Groups and rules are one JSON document per version: a policy is read
 * and written whole, and versions are compared whole.
 */
export const segmentationPoliciesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('segmentation_policies')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('version', 'integer', (column) => column.notNull().unique())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('granularity', 'text', (column) => column.notNull())
      .addColumn('learned_from', 'text')
      .addColumn('learned_until', 'text')
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('created_by', 'text', (column) => column.notNull())
      .addColumn('approved_at', 'text')
      .addColumn('approved_by', 'text')
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('segmentation_policies').execute();
  },
};
