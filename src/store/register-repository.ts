import type { Kysely } from 'kysely';
import type { RegisterEntry, RegisterFields } from '../risk/register-entry.js';
import type { RiskRegisterTable, VigilDatabase } from './schema.js';
import { stableId } from './stable-id.js';

/** One change of a registered risk. */
export interface RegisterEvent {
  at: string;
  actor: string;
  field: string;
  before: string | null;
  after: string | null;
}

const fieldColumns: Record<keyof RegisterFields, keyof RiskRegisterTable> = {
  title: 'title',
  owner: 'owner',
  treatment: 'treatment',
  dueDate: 'due_date',
  justification: 'justification',
  acceptedUntil: 'accepted_until',
  status: 'status',
};

/**
 * The risk register: entries and, for each, every change with who made it. Nothing is deleted;
 * a risk is closed.
 *
 * @example
 * const id = await store.register.add('type', 'infusion pump', fields, 'j.ortiz', new Date().toISOString());
 */
export class RegisterRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  async add(
    scope: RegisterEntry['scope'],
    subject: string,
    fields: RegisterFields,
    actor: string,
    at: string,
  ): Promise<string> {
    const id = stableId('risk', `${scope}\u0000${subject}\u0000${fields.title}\u0000${at}`);
    await this.db.transaction().execute(async (transaction) => {
      await transaction
        .insertInto('risk_register')
        .values({
          id,
          scope,
          subject,
          ...columnsOf(fields),
          created_at: at,
          created_by: actor,
          updated_at: at,
        })
        .execute();
      await transaction
        .insertInto('risk_register_events')
        .values({
          id: stableId('rre', `${id}\u0000${at}\u0000created`),
          risk_id: id,
          at,
          actor,
          field: 'created',
          before: null,
          after: fields.title,
        })
        .execute();
    });
    return id;
  }

  /** Applies the changed fields, one event per field that changed; returns each change with its values before and after. */
  async update(
    id: string,
    changes: Partial<RegisterFields>,
    actor: string,
    at: string,
    check: (fields: RegisterFields) => string | null,
  ): Promise<{ field: string; before: string | null; after: string | null }[]> {
    return this.db.transaction().execute(async (transaction) => {
      const row = await transaction
        .selectFrom('risk_register')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (row === undefined) throw new Error(`no registered risk "${id}"`);
      const current = entryOf(row);
      const next: RegisterFields = { ...fieldsOf(current), ...changes };
      const problem = check(next);
      if (problem !== null) throw new Error(problem);
      const changed = (Object.keys(fieldColumns) as (keyof RegisterFields)[]).filter(
        (field) => next[field] !== current[field],
      );
      if (changed.length === 0) return [];
      await transaction
        .updateTable('risk_register')
        .set({ ...columnsOf(next), updated_at: at })
        .where('id', '=', id)
        .execute();
      await transaction
        .insertInto('risk_register_events')
        .values(
          changed.map((field) => ({
            id: stableId('rre', `${id}\u0000${at}\u0000${field}`),
            risk_id: id,
            at,
            actor,
            field,
            before: current[field],
            after: next[field],
          })),
        )
        .execute();
      return changed.map((field) => ({ field, before: current[field], after: next[field] }));
    });
  }

  async list(): Promise<RegisterEntry[]> {
    const rows = await this.db
      .selectFrom('risk_register')
      .selectAll()
      .orderBy('due_date')
      .orderBy('id')
      .execute();
    return rows.map(entryOf);
  }

  async history(id: string): Promise<RegisterEvent[]> {
    const rows = await this.db
      .selectFrom('risk_register_events')
      .select(['at', 'actor', 'field', 'before', 'after'])
      .where('risk_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows;
  }
}

function columnsOf(fields: RegisterFields) {
  return {
    title: fields.title,
    owner: fields.owner,
    treatment: fields.treatment,
    due_date: fields.dueDate,
    justification: fields.justification,
    accepted_until: fields.acceptedUntil,
    status: fields.status,
  };
}

function fieldsOf(entry: RegisterEntry): RegisterFields {
  const { title, owner, treatment, dueDate, justification, acceptedUntil, status } = entry;
  return { title, owner, treatment, dueDate, justification, acceptedUntil, status };
}

function entryOf(row: RiskRegisterTable): RegisterEntry {
  return {
    id: row.id,
    scope: row.scope as RegisterEntry['scope'],
    subject: row.subject,
    title: row.title,
    owner: row.owner,
    treatment: row.treatment as RegisterEntry['treatment'],
    dueDate: row.due_date,
    justification: row.justification,
    acceptedUntil: row.accepted_until,
    status: row.status as RegisterEntry['status'],
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
  };
}
