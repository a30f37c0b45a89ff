import type { Kysely, Migration } from 'kysely';

/**
 * Sensors enrolled centrally (migration 0022): each with the public half of its NKey, which is
 * all NATS needs to check a sensor's signature. The secret seed is written once to the sensor's
 * credentials file and kept nowhere else; the store holds nothing that would let anyone act as it.
 */
export const sensorEnrolmentsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('sensor_enrolments')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('site', 'text', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('public_key', 'text', (column) => column.notNull().unique())
      .addColumn('enrolled_at', 'text', (column) => column.notNull())
      .addColumn('enrolled_by', 'text', (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('sensor_enrolments').execute();
  },
};
