import type { Kysely } from 'kysely';
import type { IngestRunTable, VigilDatabase } from './schema.js';

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
}
