import type { Kysely, Migration } from 'kysely';

/**
 * The inventory's rows say why each device scores as it does (migration 0012): the top-risk list
 * shows it beside the score. Filled when the summaries are next built.
 */
export const summaryRiskReasonMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('device_summaries')
      .addColumn('risk_reason', 'text', (column) => column.notNull().defaultTo(''))
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('device_summaries').dropColumn('risk_reason').execute();
  },
};
