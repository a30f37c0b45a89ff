import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { type AuditCheckpoint, AuditCheckpointFile } from './keys/audit-checkpoint.js';
import type { StoreKeys } from './keys/store-keys.js';
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
  /** `<key id>:<HMAC>` under the audit key; null on rows written before rows were signed. */
  signature: string | null;
}

/** Which rows to list: before a sequence number, by text, action, actor, and days (YYYY-MM-DD, inclusive). */
export interface AuditFilter {
  beforeSeq?: number | undefined;
  search?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  /** Rows about exactly this target (a device id, a case id). */
  target?: string | undefined;
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

/** What `verify` found: rows read, the first break, and what the key and checkpoint covered. */
export interface AuditVerification {
  rows: number;
  broken: AuditBreak | null;
  signedRows: number;
  /** The checkpoint checked against, and where it lives; null when the store keeps none. */
  checkpoint: (AuditCheckpoint & { path: string }) | null;
}

/** The hash a chain starts from. */
export const genesisHash = '0'.repeat(64);

/** SHA-256 over the previous hash and the row's fields, in a fixed order. */
export function auditHash(
  previousHash: string,
  record: Omit<AuditRecord, 'hash' | 'previousHash' | 'signature'>,
): string {
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
 * The plain chain shows a changed row only to someone who cannot recompute it, and nothing of
 * rows cut from the end. So each row is also signed with a key outside the database, and every
 * append moves a checkpoint (newest row and hash) in the key folder: an edited row fails its
 * signature, a shortened log falls short of the checkpoint.
 *
 * @example
 * await store.audit.append({ actor: 'j.ortiz', action: 'override-set', target: deviceId, before: null, after: 'infusion pump' });
 * const broken = await store.audit.verify(); // null when no row was changed, removed or inserted
 */
export class AuditRepository {
  readonly #checkpoint: AuditCheckpointFile | null;

  constructor(
    readonly db: Kysely<VigilDatabase>,
    private readonly keys: StoreKeys,
  ) {
    this.#checkpoint = keys.directory === null ? null : new AuditCheckpointFile(keys.directory);
  }

  #sign(hash: string): string {
    return `${this.keys.audit.id}:${createHmac('sha256', this.keys.audit.bytes).update(hash).digest('hex')}`;
  }

  async append(entry: AuditEntry, at: string = new Date().toISOString()): Promise<AuditRecord> {
    const record = await this.#insert(entry, at);
    try {
      this.#checkpoint?.advance(record.seq, record.hash, record.at);
    } catch (error) {
      // The change itself is stored; only the evidence against truncation lags, and says so.
      process.stderr.write(
        `vigil: the audit checkpoint ${this.#checkpoint?.path} was not moved to row ${record.seq}: ${(error as Error).message}\n`,
      );
    }
    return record;
  }

  async #insert(entry: AuditEntry, at: string): Promise<AuditRecord> {
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
          const signature = this.#sign(hash);
          await transaction
            .insertInto('audit_log')
            .values({ ...record, previous_hash: previousHash, hash, signature })
            .execute();
          return { ...record, previousHash, hash, signature };
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
    if (filter.target !== undefined) query = query.where('target', '=', filter.target);
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
   * hash, hash to what it says and, once rows are signed, carry a signature the audit key
   * confirms; then the log must reach the checkpoint's row with the checkpoint's hash. Returns
   * the first place where that fails, and why.
   */
  async verify(): Promise<AuditVerification> {
    const checkpoint = this.#checkpoint?.read() ?? null;
    const path = this.#checkpoint?.path ?? '';
    const result = (broken: AuditBreak | null): AuditVerification => ({
      rows,
      broken,
      signedRows,
      checkpoint: checkpoint && { ...checkpoint, path },
    });
    let previousHash = genesisHash;
    let expectedSeq = 1;
    let rows = 0;
    let signedRows = 0;
    let signedFrom: number | null = checkpoint?.firstSignedSeq ?? null;
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
        const problem =
          this.#chainProblem(record, expectedSeq, previousHash) ??
          this.#signatureProblem(record, signedFrom) ??
          (checkpoint !== null && record.seq === checkpoint.seq && record.hash !== checkpoint.hash
            ? `its hash differs from the one the checkpoint ${path} recorded for it: the chain was rewritten`
            : null);
        if (problem !== null) return result({ seq: record.seq, problem });
        if (record.signature !== null) {
          signedRows += 1;
          signedFrom ??= record.seq;
        }
        previousHash = record.hash;
        expectedSeq += 1;
      }
      if (batch.length < 1000) break;
      after = (batch[batch.length - 1] as AuditLogTable).seq;
    }
    const last = expectedSeq - 1;
    if (checkpoint !== null && last < checkpoint.seq)
      return result({
        seq: last + 1,
        problem: `rows ${last + 1} to ${checkpoint.seq} were removed: the checkpoint ${path} records ${checkpoint.seq} rows (written ${checkpoint.at}), the log ends ${last === 0 ? 'empty' : `at row ${last}`}`,
      });
    if (checkpoint === null && signedFrom !== null && this.#checkpoint !== null)
      return result({
        seq: signedFrom,
        problem: `the checkpoint ${path} is missing although rows are signed: rows cut from the end could not be told`,
      });
    return result(null);
  }

  #chainProblem(record: AuditRecord, expectedSeq: number, previousHash: string): string | null {
    if (record.seq !== expectedSeq) return `row ${expectedSeq} is missing`;
    if (record.previousHash !== previousHash)
      return 'it does not follow the row before it (previous hash differs)';
    if (auditHash(previousHash, record) !== record.hash)
      return 'its content does not match its hash (changed after it was written)';
    return null;
  }

  #signatureProblem(record: AuditRecord, signedFrom: number | null): string | null {
    if (record.signature === null)
      return signedFrom !== null && record.seq >= signedFrom
        ? `it is not signed, though rows from ${signedFrom} on are: written or rewritten without the audit key`
        : null;
    const keyId = record.signature.split(':', 1)[0];
    if (keyId !== this.keys.audit.id)
      return `it was signed with audit key ${keyId}, but ${this.keys.directory ?? 'this store'} holds key ${this.keys.audit.id} (is VIGIL_KEYS this store's?)`;
    const expected = Buffer.from(this.#sign(record.hash));
    const found = Buffer.from(record.signature);
    if (expected.length !== found.length || !timingSafeEqual(expected, found))
      return 'its signature does not match its hash: changed, and the chain recomputed, by someone without the audit key';
    return null;
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
    signature: row.signature ?? null,
  };
}
