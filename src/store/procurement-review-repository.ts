import type { Kysely } from 'kysely';
import { modelKey } from '../govern/model-devices.js';
import type { ProcurementReviewTable, VigilDatabase } from './schema.js';

/** Pre-purchase reviews, kept as they were written: a later review of the model is a new row. */
export class ProcurementReviewRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  async save(row: ProcurementReviewTable): Promise<void> {
    await this.db.insertInto('procurement_reviews').values(row).execute();
  }

  async get(id: string): Promise<ProcurementReviewTable | undefined> {
    return this.db.selectFrom('procurement_reviews').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every review, newest first; only the model's when given. */
  async list(manufacturer?: string, model?: string): Promise<Omit<ProcurementReviewTable, 'review'>[]> {
    let query = this.db
      .selectFrom('procurement_reviews')
      .select(['id', 'model_key', 'manufacturer', 'model', 'created_by', 'created_at']);
    if (manufacturer !== undefined && model !== undefined)
      query = query.where('model_key', '=', modelKey(manufacturer, model));
    return query.orderBy('created_at', 'desc').orderBy('id').execute();
  }
}
