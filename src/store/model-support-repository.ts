import type { Kysely } from 'kysely';
import type { ModelSupport } from '../govern/lifecycle/support-dates.js';
import { modelKey } from '../govern/model-devices.js';
import type { ModelSupportTable, VigilDatabase } from './schema.js';

/**
 * Support dates by model: one row per manufacturer and model (found without case), replaced
 * whole by an import or a change.
 */
export class ModelSupportRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  async save(support: ModelSupport): Promise<void> {
    const row = {
      model_key: modelKey(support.manufacturer, support.model),
      manufacturer: support.manufacturer,
      model: support.model,
      end_of_sale: support.endOfSale,
      end_of_support: support.endOfSupport,
      end_of_security_patches: support.endOfSecurityPatches,
      source: support.source,
      updated_at: support.updatedAt,
      updated_by: support.updatedBy,
    };
    const { model_key: _key, ...changes } = row;
    await this.db
      .insertInto('model_support')
      .values(row)
      .onConflict((conflict) => conflict.column('model_key').doUpdateSet(changes))
      .execute();
  }

  async get(manufacturer: string, model: string): Promise<ModelSupport | undefined> {
    const row = await this.db
      .selectFrom('model_support')
      .selectAll()
      .where('model_key', '=', modelKey(manufacturer, model))
      .executeTakeFirst();
    return row === undefined ? undefined : supportOf(row);
  }

  async list(): Promise<ModelSupport[]> {
    return (await this.db.selectFrom('model_support').selectAll().orderBy('model_key').execute()).map(
      supportOf,
    );
  }
}

function supportOf(row: ModelSupportTable): ModelSupport {
  return {
    manufacturer: row.manufacturer,
    model: row.model,
    endOfSale: row.end_of_sale,
    endOfSupport: row.end_of_support,
    endOfSecurityPatches: row.end_of_security_patches,
    source: row.source,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}
