import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { containsText } from './like-pattern.js';
import type { AuditLogTable, VigilDatabase } from './schema.js';

/** What a change was: who did it, to what, and the value before and after (text or JSON). */
export interface AuditEntry {
  actor: string;
  /** `override-set`, `feed-imported`, `vulnerability-status-set`, … */
  action: string;
  /** What was changed: a device id, a device and vulnerability, a file. */
  target: string;
  before: string | null;
  after: string | null;
}

/** A row of the log as stored. */
export interface AuditRecord extends AuditEntry {
  seq: number;
  at: string;
  previousHash: string;
  hash: string;
}

/** Which rows to list: before a sequence number, by text, action, actor, and days (YYYY-MM-DD, inclusive). */
export interface AuditFilter {
  beforeSeq?: number | undefined;
  search?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface AuditFacet {
  value: string;
  count: number;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day.slice(0, 10)}T00:00:00.000Z`) + 86_400_000).toISOString();
}

/** Where the chain breaks, or null when it holds. */
export interface AuditBreak {
  seq: number;
  problem: string;
}

/** The hash a chain starts from. */
export const genesisHash = '0'.repeat(64);

/** SHA-256 over the previous hash and the row's fields, in a fixed order. */
export function auditHash(previousHash: string, record: Omit<AuditRecord, 'hash' | 'previousHash'>): string {
  const fields = [
    record.seq,
    record.at,
    record.actor,
    record.action,
    record.target,
    record.before,
    record.after,
  ];
  return createHash('sha256').update(previousHash).update('\n').update(JSON.stringify(fields)).digest('hex');
}

/**
 * The hash-chained audit log. Appending reads the last row and writes the next in one
 * transaction; when another writer took the sequence number first, it tries again.
 *
 * @example
 * await store.audit.append({ actor: 'j.ortiz', action: 'override-set', target: deviceId, before: null, after: 'infusion pump' });
 * const broken = await store.audit.verify(); // null when no row was changed, removed or inserted
 */
export class AuditRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  async append(entry: AuditEntry, at: string = new Date().toISOString()): Promise<AuditRecord> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.db.transaction().execute(async (transaction) => {
          const last = await transaction
            .selectFrom('audit_log')
            .select(['seq', 'hash'])
            .orderBy('seq', 'desc')
            .limit(1)
            .executeTakeFirst();
          const seq = (last?.seq ?? 0) + 1;
          const previousHash = last?.hash ?? genesisHash;
          const record = { seq, at, ...entry };
          const hash = auditHash(previousHash, record);
          await transaction
            .insertInto('audit_log')
            .values({ ...record, previous_hash: previousHash, hash })
            .execute();
          return { ...record, previousHash, hash };
        });
      } catch (error) {
        // Another writer appended the same sequence number first: read the new end and go on.
        if (attempt >= 5) throw error;
      }
    }
  }

  /**
   * The newest rows first, at most `limit`; `beforeSeq` pages back, `search` keeps rows whose
   * actor, action or target contains it.
   */
  async list(limit: number, filter: AuditFilter = {}): Promise<AuditRecord[]> {
    let query = this.db.selectFrom('audit_log').selectAll();
    if (filter.beforeSeq !== undefined) query = query.where('seq', '<', filter.beforeSeq);
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
    // Times are ISO text in UTC, so a day's rows are those from its start to the next day's.
    if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('at', '<', nextDay(filter.to));
    const search = filter.search?.trim().toLowerCase();
    if (search)
      query = query.where(containsText(sql`lower(actor || ' ' || action || ' ' || target)`, search));
    const rows = await query.orderBy('seq', 'desc').limit(limit).execute();
    return rows.map(recordOf);
  }

  /** The actions and actors the log holds, each with its number of rows: the filters' choices. */
  async facets(): Promise<{ actions: AuditFacet[]; actors: AuditFacet[] }> {
    const tally = async (column: 'action' | 'actor') =>
      (
        await this.db
          .selectFrom('audit_log')
          .select(({ fn }) => [column, fn.countAll<number>().as('count')])
          .groupBy(column)
          .orderBy(column)
          .execute()
      ).map((row) => ({ value: row[column] as string, count: Number(row.count) }));
    return { actions: await tally('action'), actors: await tally('actor') };
  }

  /**
   * Walks the chain from the first row: each row must follow the one before (no gap), name its
   * hash, and hash to what it says. Returns the first row where that fails, and why.
   */
  async verify(): Promise<{ rows: number; broken: AuditBreak | null }> {
    let previousHash = genesisHash;
    let expectedSeq = 1;
    let rows = 0;
    let after = 0;
    for (;;) {
      const batch = await this.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(1000)
        .execute();
      for (const row of batch) {
        rows += 1;
        const record = recordOf(row);
        if (record.seq !== expectedSeq)
          return { rows, broken: { seq: record.seq, problem: `row ${expectedSeq} is missing` } };
        if (record.previousHash !== previousHash)
          return {
            rows,
            broken: {
              seq: record.seq,
              problem: 'it does not follow the row before it (previous hash differs)',
            },
          };
        if (auditHash(previousHash, record) !== record.hash)
          return {
            rows,
            broken: {
              seq: record.seq,
              problem: 'its content does not match its hash (changed after it was written)',
            },
          };
        previousHash = record.hash;
        expectedSeq += 1;
      }
      if (batch.length < 1000) return { rows, broken: null };
      after = (batch[batch.length - 1] as AuditLogTable).seq;
    }
  }
}

function recordOf(row: AuditLogTable): AuditRecord {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    before: row.before,
    after: row.after,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}
