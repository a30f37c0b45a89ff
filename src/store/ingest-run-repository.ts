import type { Kysely } from 'kysely';
import type { IngestCheckpointTable, IngestRunTable, VigilDatabase } from './schema.js';

/**
 * One row per distinct capture content. The first ingest of a capture records it; ingesting the
 * same bytes again leaves the row as it was, so a repeated ingest changes nothing.
 */
export class IngestRunRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  async record(run: IngestRunTable): Promise<void> {
    await this.db
      .insertInto('ingest_runs')
      .values(run)
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute();
  }

  async list(): Promise<IngestRunTable[]> {
    return this.db.selectFrom('ingest_runs').selectAll().orderBy('ingested_at').execute();
  }

  /** The checkpoint an interrupted ingest of `source` left, if any. */
  async checkpointOf(source: string): Promise<IngestCheckpointTable | undefined> {
    const row = await this.db
      .selectFrom('ingest_checkpoints')
      .selectAll()
      .where('source', '=', source)
      .executeTakeFirst();
    // PostgreSQL returns bigint columns as text.
    return row && { ...row, size_bytes: Number(row.size_bytes), packets: Number(row.packets) };
  }

  async saveCheckpoint(checkpoint: IngestCheckpointTable): Promise<void> {
    await this.db
      .insertInto('ingest_checkpoints')
      .values(checkpoint)
      .onConflict((conflict) =>
        conflict.column('source').doUpdateSet({
          size_bytes: checkpoint.size_bytes,
          modified_at: checkpoint.modified_at,
          packets: checkpoint.packets,
          committed_at: checkpoint.committed_at,
        }),
      )
      .execute();
  }

  async clearCheckpoint(source: string): Promise<void> {
    await this.db.deleteFrom('ingest_checkpoints').where('source', '=', source).execute();
  }
}
