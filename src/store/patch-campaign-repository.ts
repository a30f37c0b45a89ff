import type { Kysely } from 'kysely';
import type { PatchCampaignTable, VigilDatabase } from './schema.js';

/** Patch campaigns as planned; their progress is read from the devices' patch status, never stored. */
export class PatchCampaignRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  async create(campaign: PatchCampaignTable): Promise<void> {
    await this.db.insertInto('patch_campaigns').values(campaign).execute();
  }

  async get(id: string): Promise<PatchCampaignTable | undefined> {
    return this.db.selectFrom('patch_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(): Promise<PatchCampaignTable[]> {
    return this.db.selectFrom('patch_campaigns').selectAll().orderBy('created_at').orderBy('id').execute();
  }

  async close(id: string, at: string): Promise<void> {
    await this.db.updateTable('patch_campaigns').set({ closed_at: at }).where('id', '=', id).execute();
  }

  /** The vulnerabilities an advisory (a CSAF document's tracking id) covers. */
  async vulnerabilitiesOfAdvisory(advisory: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('vulnerability_sources')
      .select('vulnerability_id')
      .distinct()
      .where('origin', '=', `csaf:${advisory}`)
      .execute();
    return rows.map((row) => row.vulnerability_id).sort();
  }

  /** Each device matched to any of the vulnerabilities, with its status for each (null: none set). */
  async devicesOf(
    vulnerabilityIds: readonly string[],
  ): Promise<{ deviceId: string; vulnerabilityId: string; status: string | null }[]> {
    if (vulnerabilityIds.length === 0) return [];
    return (
      await this.db
        .selectFrom('vulnerability_matches as match')
        .leftJoin('vulnerability_status as status', (join) =>
          join
            .onRef('status.device_id', '=', 'match.device_id')
            .onRef('status.vulnerability_id', '=', 'match.vulnerability_id'),
        )
        .select(['match.device_id', 'match.vulnerability_id', 'status.status'])
        .where('match.vulnerability_id', 'in', vulnerabilityIds)
        .orderBy('match.device_id')
        .execute()
    ).map((row) => ({ deviceId: row.device_id, vulnerabilityId: row.vulnerability_id, status: row.status }));
  }
}
