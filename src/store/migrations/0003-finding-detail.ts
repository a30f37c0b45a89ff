import type { Kysely, Migration } from 'kysely';

/**
 * What a finding measured, in one line (for `phi-cleartext`: the protocol, how many messages and
 * which element names). Nullable: most findings need none.
 */
export const findingDetailMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('device_findings').addColumn('detail', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('device_findings').dropColumn('detail').execute();
  },
};
