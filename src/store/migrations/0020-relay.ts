import type { Kysely, Migration } from 'kysely';

/**
 * The relay between sensors and a central store (migration 0020). On a sensor: the outbox of
 * messages not yet acknowledged by NATS JetStream (written in the same transaction as the commit
 * they describe, so a killed sensor neither loses nor repeats them) and its own state (instance
 * id, what a full outbox dropped). On the collector: the messages it has applied (their ids make
 * a redelivered message a no-op), the sensors it has heard, and which sensor saw which device.
 */
export const relayMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('relay_outbox')
      .addColumn('seq', 'bigint', (column) => column.primaryKey())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('payload', 'text', (column) => column.notNull())
      .addColumn('bytes', 'bigint', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('relay_state')
      .addColumn('name', 'text', (column) => column.primaryKey())
      .addColumn('value', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('relay_applied')
      .addColumn('message_id', 'text', (column) => column.primaryKey())
      .addColumn('sensor_id', 'text', (column) => column.notNull())
      .addColumn('applied_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('sensors')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('site', 'text', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('first_heard', 'text', (column) => column.notNull())
      .addColumn('last_heard', 'text', (column) => column.notNull())
      .addColumn('messages', 'bigint', (column) => column.notNull())
      .addColumn('health', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('device_sightings')
      .addColumn('device_id', 'text', (column) => column.notNull())
      .addColumn('sensor_id', 'text', (column) => column.notNull())
      .addColumn('site', 'text', (column) => column.notNull())
      .addColumn('first_heard', 'text', (column) => column.notNull())
      .addColumn('last_heard', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('device_sightings_pk', ['device_id', 'sensor_id'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['device_sightings', 'sensors', 'relay_applied', 'relay_state', 'relay_outbox'])
      await db.schema.dropTable(table).execute();
  },
};
