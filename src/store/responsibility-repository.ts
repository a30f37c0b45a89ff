import type { Kysely } from 'kysely';
import { modelKey } from '../govern/model-devices.js';
import type { ResponsibilityAssignmentTable, VigilDatabase } from './schema.js';

/** The hospital's assignments of control areas per model: one row per model and area, replaced by each change. */
export class ResponsibilityRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  async save(row: Omit<ResponsibilityAssignmentTable, 'model_key'>): Promise<void> {
    const full = { ...row, model_key: modelKey(row.manufacturer, row.model) };
    const { model_key: _key, area: _area, ...changes } = full;
    await this.db
      .insertInto('responsibility_assignments')
      .values(full)
      .onConflict((conflict) => conflict.columns(['model_key', 'area']).doUpdateSet(changes))
      .execute();
  }

  async ofModel(manufacturer: string, model: string): Promise<ResponsibilityAssignmentTable[]> {
    return this.db
      .selectFrom('responsibility_assignments')
      .selectAll()
      .where('model_key', '=', modelKey(manufacturer, model))
      .orderBy('area')
      .execute();
  }
}
