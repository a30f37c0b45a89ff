import type { Kysely, Migration } from 'kysely';

/**
 * What people decided about the fix-first work queue's items (migration 0013): who owns one, by
 * when, where it stands. The items themselves are computed from findings and vulnerabilities;
 * only these decisions are stored, by the item's stable id.
 */
export const workItemsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('work_items')
      .addColumn('item_id', 'text', (column) => column.primaryKey())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('owner', 'text')
      .addColumn('due_date', 'text')
      .addColumn('note', 'text')
      .addColumn('actor', 'text', (column) => column.notNull())
      .addColumn('at', 'text', (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('work_items').execute();
  },
};
