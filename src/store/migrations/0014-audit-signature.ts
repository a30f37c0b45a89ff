import type { Kysely, Migration } from 'kysely';

/**
 * Each audit row carries an HMAC of its hash under a key kept outside the database (migration
 * 0014): whoever can write the table can recompute the plain SHA-256 chain, but not this. Rows
 * written before it stay unsigned.
 */
export const auditSignatureMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('audit_log').addColumn('signature', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('audit_log').dropColumn('signature').execute();
  },
};
