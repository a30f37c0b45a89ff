import type { Kysely, Migration } from 'kysely';

/**
 * Suppression rules (migration 0017): alerts of a type, from a source, against a target, that
 * someone answers for until a date (an authorised scanner, a backup server's SMB fan-out). Each
 * counts what it held back, so a suppression never hides how much it hides.
 */
export const alertSuppressionsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('alert_suppressions')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('type', 'text', (column) => column.notNull())
      .addColumn('source', 'text')
      .addColumn('target', 'text')
      .addColumn('owner', 'text', (column) => column.notNull())
      .addColumn('reason', 'text', (column) => column.notNull())
      .addColumn('expires', 'text', (column) => column.notNull())
      .addColumn('created_by', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('hits', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('last_hit', 'text')
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('alert_suppressions').execute();
  },
};
