import type { Kysely, Migration } from 'kysely';

/**
 * Incident cases (migration 0024): a case, the alerts and devices it holds, the notes written on
 * it, the playbook steps done, its breach assessment and the chain of custody of its evidence
 * exports. Changes to a case are also in the audit log, whose rows its timeline shows.
 */
export const incidentCasesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('cases')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('number', 'integer', (column) => column.notNull().unique())
      .addColumn('title', 'text', (column) => column.notNull())
      .addColumn('severity', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('owner', 'text')
      .addColumn('opened_by', 'text', (column) => column.notNull())
      .addColumn('opened_at', 'text', (column) => column.notNull())
      .addColumn('due_at', 'text')
      .addColumn('closed_at', 'text')
      .addColumn('discovered_on', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('case_members')
      .addColumn('case_id', 'text', (column) => column.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('member_id', 'text', (column) => column.notNull())
      .addColumn('added_at', 'text', (column) => column.notNull())
      .addColumn('added_by', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('case_members_pk', ['case_id', 'kind', 'member_id'])
      .execute();
    // Which cases hold an alert or a device: the alert and device pages link to them.
    await db.schema.createIndex('case_members_by_member').on('case_members').columns(['member_id']).execute();
    await db.schema
      .createTable('case_notes')
      .addColumn('case_id', 'text', (column) => column.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (column) => column.notNull())
      .addColumn('at', 'text', (column) => column.notNull())
      .addColumn('by', 'text', (column) => column.notNull())
      .addColumn('text', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('case_notes_pk', ['case_id', 'seq'])
      .execute();
    // Playbook steps done, with who and when.
    await db.schema
      .createTable('case_steps')
      .addColumn('case_id', 'text', (column) => column.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('playbook_id', 'text', (column) => column.notNull())
      .addColumn('step_id', 'text', (column) => column.notNull())
      .addColumn('done_at', 'text', (column) => column.notNull())
      .addColumn('done_by', 'text', (column) => column.notNull())
      .addColumn('note', 'text')
      .addPrimaryKeyConstraint('case_steps_pk', ['case_id', 'playbook_id', 'step_id'])
      .execute();
    // The breach risk assessment of a case (45 CFR 164.402(2)): its four factors and conclusion.
    await db.schema
      .createTable('case_breach_assessments')
      .addColumn('case_id', 'text', (column) =>
        column.primaryKey().references('cases.id').onDelete('cascade'),
      )
      .addColumn('nature', 'text', (column) => column.notNull())
      .addColumn('recipient', 'text', (column) => column.notNull())
      .addColumn('acquired', 'text', (column) => column.notNull())
      .addColumn('mitigation', 'text', (column) => column.notNull())
      .addColumn('individuals', 'integer')
      .addColumn('most_in_one_state', 'integer')
      .addColumn('conclusion', 'text', (column) => column.notNull())
      .addColumn('reasoning', 'text', (column) => column.notNull())
      .addColumn('assessed_at', 'text', (column) => column.notNull())
      .addColumn('assessed_by', 'text', (column) => column.notNull())
      .execute();
    // The chain of custody of each evidence export: who, when, why, where to, and its SHA-256.
    await db.schema
      .createTable('case_evidence')
      .addColumn('case_id', 'text', (column) => column.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (column) => column.notNull())
      .addColumn('file', 'text', (column) => column.notNull())
      .addColumn('sha256', 'text', (column) => column.notNull())
      .addColumn('bytes', 'bigint', (column) => column.notNull())
      .addColumn('packets', 'integer', (column) => column.notNull())
      .addColumn('at', 'text', (column) => column.notNull())
      .addColumn('by', 'text', (column) => column.notNull())
      .addColumn('reason', 'text', (column) => column.notNull())
      .addColumn('destination', 'text')
      .addColumn('window_from', 'text', (column) => column.notNull())
      .addColumn('window_to', 'text', (column) => column.notNull())
      .addColumn('hosts', 'text', (column) => column.notNull())
      .addColumn('sources', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('case_evidence_pk', ['case_id', 'seq'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('case_evidence').execute();
    await db.schema.dropTable('case_steps').execute();
    await db.schema.dropTable('case_breach_assessments').execute();
    await db.schema.dropTable('case_notes').execute();
    await db.schema.dropTable('case_members').execute();
    await db.schema.dropTable('cases').execute();
  },
};
