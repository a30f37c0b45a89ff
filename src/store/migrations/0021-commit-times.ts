import type { Kysely, Migration } from 'kysely';

/**
 * When each device was last written by a commit (migration 0021): a live server follows new
 * commits by this column's index and rebuilds the inventory rows of those devices only, instead
 * of every row. Alerts are followed by `updated_at`, indexed here too, and `last_seen` is indexed
 * so that the newest sighting (what "online" is judged against) is read without a scan. Null for devices no commit
 * has written since (they were last changed before this migration, or by an analyst: the audit
 * log covers those).
 */
export const commitTimesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('devices').addColumn('committed_at', 'text').execute();
    await db.schema.createIndex('devices_committed_at').on('devices').column('committed_at').execute();
    await db.schema.createIndex('alerts_updated_at').on('alerts').column('updated_at').execute();
    await db.schema.createIndex('devices_last_seen').on('devices').column('last_seen').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('devices_last_seen').execute();
    await db.schema.dropIndex('alerts_updated_at').execute();
    await db.schema.dropIndex('devices_committed_at').execute();
    await db.schema.alterTable('devices').dropColumn('committed_at').execute();
  },
};
