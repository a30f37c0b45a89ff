import type { Kysely, Migration } from 'kysely';

/**
 * The isolations of a case (migration 0025): which devices, the rules and what they stop, and
 * who proposed, approved, applied and lifted each, when. Every change is also in the audit log.
 */
export const caseIsolationsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('case_isolations')
      .addColumn('case_id', 'text', (column) => column.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('devices', 'text', (column) => column.notNull())
      .addColumn('keep_clinical', 'integer', (column) => column.notNull())
      .addColumn('approval_needed', 'text')
      .addColumn('policy', 'text', (column) => column.notNull())
      .addColumn('impact', 'text', (column) => column.notNull())
      .addColumn('proposed_by', 'text', (column) => column.notNull())
      .addColumn('proposed_at', 'text', (column) => column.notNull())
      .addColumn('approved_by', 'text')
      .addColumn('approved_at', 'text')
      .addColumn('applied_by', 'text')
      .addColumn('applied_at', 'text')
      .addColumn('lifted_by', 'text')
      .addColumn('lifted_at', 'text')
      .addPrimaryKeyConstraint('case_isolations_pk', ['case_id', 'seq'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('case_isolations').execute();
  },
};
