import type { Kysely } from 'kysely';
import type { Mds2Answer, Mds2Form } from '../govern/mds2/mds2-form.js';
import { modelKey } from '../govern/model-devices.js';
import type { Mds2FormTable, VigilDatabase } from './schema.js';
import { stableId } from './stable-id.js';

/**
 * MDS2 forms by model. Importing a form for a model and versions it already has replaces that
 * form; forms for other versions of the model stay.
 *
 * @example
 * await store.mds2.save(form);
 * await store.mds2.forModel('Acme Medical', 'InfuseRx 3'); // its forms, newest first
 */
export class Mds2Repository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  async save(form: Mds2Form): Promise<string> {
    const versions = [...form.versions].sort();
    const id = stableId('mds2', `${modelKey(form.manufacturer, form.model)}\u0000${versions.join('\u0000')}`);
    const row = {
      id,
      manufacturer: form.manufacturer,
      model: form.model,
      model_key: modelKey(form.manufacturer, form.model),
      versions: JSON.stringify(versions),
      file: form.file,
      format: form.format,
      sheet: form.sheet,
      imported_at: form.importedAt,
      imported_by: form.importedBy,
      answers: JSON.stringify(form.answers),
      warnings: JSON.stringify(form.warnings),
    };
    await this.db.transaction().execute(async (transaction) => {
      await transaction.deleteFrom('mds2_forms').where('id', '=', id).execute();
      await transaction.insertInto('mds2_forms').values(row).execute();
    });
    return id;
  }

  /** Every form, by manufacturer and model. */
  async list(): Promise<(Mds2Form & { id: string })[]> {
    const rows = await this.db
      .selectFrom('mds2_forms')
      .selectAll()
      .orderBy('model_key')
      .orderBy('imported_at', 'desc')
      .execute();
    return rows.map(formOf);
  }

  /** A model's forms, newest first. */
  async forModel(manufacturer: string, model: string): Promise<(Mds2Form & { id: string })[]> {
    const rows = await this.db
      .selectFrom('mds2_forms')
      .selectAll()
      .where('model_key', '=', modelKey(manufacturer, model))
      .orderBy('imported_at', 'desc')
      .execute();
    return rows.map(formOf);
  }
}

function formOf(row: Mds2FormTable): Mds2Form & { id: string } {
  return {
    id: row.id,
    manufacturer: row.manufacturer,
    model: row.model,
    versions: JSON.parse(row.versions) as string[],
    file: row.file,
    format: row.format as Mds2Form['format'],
    sheet: row.sheet,
    importedAt: row.imported_at,
    importedBy: row.imported_by,
    answers: JSON.parse(row.answers) as Mds2Answer[],
    warnings: JSON.parse(row.warnings) as string[],
  };
}
