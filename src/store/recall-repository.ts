import type { Kysely } from 'kysely';
import type { KeyedRecall, Recall } from '../intel/recalls/parse-recalls.js';
import { chunks } from './chunks.js';
import type { VigilDatabase } from './schema.js';

const rowsPerStatement = 100;

/**
 * Device recalls by manufacturer (key) and recall number; a newer list updates a recall in place.
 *
 * @example
 * await store.recalls.upsert(recalls, sha256);
 */
export class RecallRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  async upsert(recalls: readonly KeyedRecall[], documentSha256: string): Promise<void> {
    await this.db.transaction().execute(async (transaction) => {
      for (const batch of chunks(recalls, rowsPerStatement)) {
        await transaction
          .insertInto('recalls')
          .values(
            batch.map((recall) => ({
              id: recall.id,
              manufacturer: recall.manufacturer,
              manufacturer_key: recall.manufacturerKey,
              product: recall.product,
              model: recall.model,
              recall_number: recall.recallNumber,
              recall_class: recall.recallClass,
              date: recall.date,
              reason: recall.reason,
              document_sha256: documentSha256,
            })),
          )
          .onConflict((conflict) =>
            conflict.column('id').doUpdateSet((update) => ({
              manufacturer: update.ref('excluded.manufacturer'),
              product: update.ref('excluded.product'),
              model: update.ref('excluded.model'),
              recall_class: update.ref('excluded.recall_class'),
              date: update.ref('excluded.date'),
              reason: update.ref('excluded.reason'),
              document_sha256: update.ref('excluded.document_sha256'),
            })),
          )
          .execute();
      }
    });
  }

  async list(): Promise<KeyedRecall[]> {
    const rows = await this.db
      .selectFrom('recalls')
      .selectAll()
      .orderBy('date', 'desc')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      manufacturer: row.manufacturer,
      manufacturerKey: row.manufacturer_key,
      product: row.product,
      model: row.model,
      recallNumber: row.recall_number,
      recallClass: row.recall_class as Recall['recallClass'],
      date: row.date,
      reason: row.reason,
    }));
  }
}
