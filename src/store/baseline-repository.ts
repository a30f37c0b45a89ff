import type { Kysely } from 'kysely';
import type { Baseline } from '../baseline/baseline.js';
import { chunks } from './chunks.js';
import type { BaselineTable, VigilDatabase } from './schema.js';

/**
 * Learned baselines, each subject's versions kept apart. Learning itself lives in
 * `src/baseline/`; this stores what it is given and keeps the latest `maxVersions` of each.
 *
 * @example
 * const current = await store.baselines.latest(['device:dev_…', 'site']);
 */
export class BaselineRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  /** The latest version of each subject that has one. */
  async latest(subjects: readonly string[]): Promise<Map<string, Baseline>> {
    const found = new Map<string, Baseline>();
    for (const batch of chunks([...new Set(subjects)], 500)) {
      const rows = await this.db
        .selectFrom('baselines as current')
        .selectAll('current')
        .where('current.subject', 'in', batch)
        .where(({ eb, selectFrom }) =>
          eb(
            'current.version',
            '=',
            selectFrom('baselines as newer')
              .select(({ fn }) => fn.max('newer.version').as('version'))
              .whereRef('newer.subject', '=', 'current.subject'),
          ),
        )
        .execute();
      for (const row of rows) found.set(row.subject, baselineOf(row));
    }
    return found;
  }

  /** Every version of one subject kept, newest first. */
  async versions(subject: string): Promise<Baseline[]> {
    const rows = await this.db
      .selectFrom('baselines')
      .selectAll()
      .where('subject', '=', subject)
      .orderBy('version', 'desc')
      .execute();
    return rows.map(baselineOf);
  }

  /** Writes new versions (each one more than the subject's latest) and drops the oldest beyond `maxVersions`. */
  async add(baselines: readonly Baseline[], maxVersions: number): Promise<void> {
    for (const batch of chunks([...baselines], 200)) {
      await this.db.transaction().execute(async (transaction) => {
        await transaction.insertInto('baselines').values(batch.map(rowOf)).execute();
        for (const baseline of batch) {
          if (baseline.version <= maxVersions) continue;
          await transaction
            .deleteFrom('baselines')
            .where('subject', '=', baseline.subject)
            .where('version', '<=', baseline.version - maxVersions)
            .execute();
        }
      });
    }
  }
}

function rowOf(baseline: Baseline): BaselineTable {
  return {
    subject: baseline.subject,
    version: baseline.version,
    learned_at: baseline.learnedAt,
    learning_until: baseline.learningUntil,
    captures: JSON.stringify(baseline.captures),
    profile: JSON.stringify(baseline.profile),
  };
}

function baselineOf(row: BaselineTable): Baseline {
  return {
    subject: row.subject,
    version: Number(row.version),
    learnedAt: row.learned_at,
    learningUntil: row.learning_until,
    captures: JSON.parse(row.captures) as string[],
    profile: JSON.parse(row.profile) as Baseline['profile'],
  };
}
