import { type Kysely, type Migration, sql } from 'kysely';

/**
 * When a commit last changed what a device is, beside when one last wrote it (migration 0029).
 * Most commits of a live sensor only see devices again: their last sighting moves and nothing
 * else. `devices.changed_at` is stamped only when a commit brings a device in, gives it an
 * attribute, finding or protocol it did not hold, raises an attribute's confidence or changes a
 * finding's measure; the rows of its attributes, findings and protocols carry the commit that
 * brought them (`changed_at`), which is how the commit tells. A live server then moves the last
 * sighting of a device only seen again straight into its inventory row, and rebuilds the rows of
 * changed devices alone. Existing devices count as changed when they were last committed.
 *
 * A device's risk also counts the addresses it talks with: `address_pairs` holds each pair of
 * addresses the flows have joined once, so that a flow joining two addresses for the first time
 * stamps their devices as changed (see `FlowRepository.insert`).
 */
export const changeTimesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('devices').addColumn('changed_at', 'text').execute();
    for (const table of ['device_attributes', 'device_findings', 'device_protocols'])
      await db.schema.alterTable(table).addColumn('changed_at', 'text').execute();
    await sql`update devices set changed_at = committed_at`.execute(db);
    // A look at commits reads the stamps within its look-back again: from the index alone.
    await db.schema.dropIndex('devices_committed_at').execute();
    await db.schema
      .createIndex('devices_committed_at_id')
      .on('devices')
      .columns(['committed_at', 'id'])
      .execute();
    await db.schema
      .createTable('address_pairs')
      .addColumn('initiator_address', 'text', (column) => column.notNull())
      .addColumn('responder_address', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('address_pairs_key', ['initiator_address', 'responder_address'])
      .execute();
    await db.schema
      .createIndex('address_pairs_by_responder')
      .on('address_pairs')
      .column('responder_address')
      .execute();
    await sql`insert into address_pairs (initiator_address, responder_address)
      select distinct initiator_address, responder_address from flows`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('address_pairs').execute();
    await db.schema.dropIndex('devices_committed_at_id').execute();
    await db.schema.createIndex('devices_committed_at').on('devices').column('committed_at').execute();
    for (const table of ['device_protocols', 'device_findings', 'device_attributes', 'devices'])
      await db.schema.alterTable(table).dropColumn('changed_at').execute();
  },
};
