import type { Kysely } from 'kysely';
import type { AttachedSbom } from '../intel/sbom/sbom.js';
import type { VersionRange } from '../intel/version/version-range.js';
import { chunks } from './chunks.js';
import type { VigilDatabase } from './schema.js';

const rowsPerStatement = 100;

/**
 * SBOMs attached to a vendor, model and version range, with their components.
 *
 * @example
 * for (const sbom of await store.sboms.list()) console.log(sbom.model, sbom.components.length);
 */
export class SbomRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  /** Stores an SBOM and its components, replacing an earlier one of the same id. */
  async replace(sbom: AttachedSbom, documentSha256: string, specVersion: string): Promise<void> {
    await this.db.transaction().execute(async (transaction) => {
      await transaction.deleteFrom('sbom_components').where('sbom_id', '=', sbom.id).execute();
      await transaction.deleteFrom('sboms').where('id', '=', sbom.id).execute();
      await transaction
        .insertInto('sboms')
        .values({
          id: sbom.id,
          document_sha256: documentSha256,
          name: sbom.name,
          format: sbom.format,
          spec_version: specVersion,
          vendor: sbom.vendor,
          vendor_key: sbom.vendorKey,
          model: sbom.model,
          version_range: JSON.stringify(sbom.range),
          component_count: sbom.components.length,
        })
        .execute();
      const rows = sbom.components.map((component, position) => ({
        sbom_id: sbom.id,
        position,
        ...component,
      }));
      for (const batch of chunks(rows, rowsPerStatement))
        await transaction.insertInto('sbom_components').values(batch).execute();
    });
  }

  async list(): Promise<AttachedSbom[]> {
    const sboms = await this.db.selectFrom('sboms').selectAll().orderBy('id').execute();
    const components = await this.db
      .selectFrom('sbom_components')
      .selectAll()
      .orderBy('sbom_id')
      .orderBy('position')
      .execute();
    return sboms.map((row) => ({
      id: row.id,
      name: row.name,
      format: row.format,
      vendor: row.vendor,
      vendorKey: row.vendor_key,
      model: row.model,
      range: JSON.parse(row.version_range) as VersionRange,
      components: components
        .filter((component) => component.sbom_id === row.id)
        .map(({ name, version, purl, cpe, supplier }) => ({ name, version, purl, cpe, supplier })),
    }));
  }
}
