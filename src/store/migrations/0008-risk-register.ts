import type { Kysely, Migration } from 'kysely';

/**
 * The risk register (migration 0008), in the spirit of IEC 80001-1: risks per device or device
 * type with an owner, a treatment, a due date and, for accepted risks, a justification and an
 * expiry. Every change is an event row; rows are never deleted.
 */
export const riskRegisterMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('risk_register')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('scope', 'text', (column) => column.notNull())
      .addColumn('subject', 'text', (column) => column.notNull())
      .addColumn('title', 'text', (column) => column.notNull())
      .addColumn('owner', 'text', (column) => column.notNull())
      .addColumn('treatment', 'text', (column) => column.notNull())
      .addColumn('due_date', 'text', (column) => column.notNull())
      .addColumn('justification', 'text')
      .addColumn('accepted_until', 'text')
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('created_by', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('risk_register_events')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('risk_id', 'text', (column) =>
        column.notNull().references('risk_register.id').onDelete('cascade'),
      )
      .addColumn('at', 'text', (column) => column.notNull())
      .addColumn('actor', 'text', (column) => column.notNull())
      .addColumn('field', 'text', (column) => column.notNull())
      .addColumn('before', 'text')
      .addColumn('after', 'text')
      .execute();
    await db.schema
      .createIndex('risk_register_events_risk')
      .on('risk_register_events')
      .columns(['risk_id', 'at'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('risk_register_events').execute();
    await db.schema.dropTable('risk_register').execute();
  },
};
