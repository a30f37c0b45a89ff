import type { Kysely, Migration } from 'kysely';

/**
 * Learned baselines (migration 0018): per device, device type and site, versioned. A new version
 * is written when learning adds to one; the latest few are kept so an analyst can see what a
 * deviation was judged against and how the baseline grew. The profile is JSON, read whole.
 */
export const baselinesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('baselines')
      .addColumn('subject', 'text', (column) => column.notNull())
      .addColumn('version', 'integer', (column) => column.notNull())
      .addColumn('learned_at', 'text', (column) => column.notNull())
      .addColumn('learning_until', 'text')
      .addColumn('captures', 'text', (column) => column.notNull())
      .addColumn('profile', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('baselines_pk', ['subject', 'version'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('baselines').execute();
  },
};
