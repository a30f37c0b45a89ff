import type { Kysely } from 'kysely';
import type { ApplicabilityRule, CvssScore, VulnerabilityRecord } from '../intel/advisory.js';
import type { EpssScore } from '../intel/epss/parse-epss.js';
import type { KevEntry } from '../intel/kev/parse-kev.js';
import type { IndexedRule } from '../intel/matching/rule-index.js';
import type { VersionRange } from '../intel/version/version-range.js';
import { chunks } from './chunks.js';
import type { FeedDocumentTable, VigilDatabase } from './schema.js';

/** What the feeds say of one vulnerability, all sources together. */
export interface VulnerabilityDetails {
  id: string;
  title: string | null;
  description: string | null;
  published: string | null;
  cwes: string[];
  scores: CvssScore[];
  origins: string[];
  kev: { dateAdded: string; dueDate: string; requiredAction: string; ransomwareUse: string } | null;
  epss: { score: number; percentile: number; scoreDate: string } | null;
}

const rowsPerStatement = 200;

/**
 * The imported feeds: documents by checksum, each source's vulnerabilities with their
 * applicability rules, KEV, EPSS, SBOMs and recalls. Re-importing a document already read is
 * a no-op (same SHA-256); a record is replaced only when its source's last-modified time changed.
 *
 * @example
 * if (await store.feeds.document(sha256) === undefined) await store.feeds.replaceVulnerabilities(records, sha256, keyOf);
 */
export class FeedRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  document(sha256: string): Promise<FeedDocumentTable | undefined> {
    return this.db.selectFrom('feed_documents').selectAll().where('sha256', '=', sha256).executeTakeFirst();
  }

  async recordDocument(row: FeedDocumentTable): Promise<void> {
    await this.db
      .insertInto('feed_documents')
      .values(row)
      .onConflict((conflict) => conflict.column('sha256').doNothing())
      .execute();
  }

  documents(): Promise<FeedDocumentTable[]> {
    return this.db.selectFrom('feed_documents').selectAll().orderBy('imported_at').orderBy('name').execute();
  }

  /**
   * Writes records whose source changed since they were last stored, replacing that source's
   * rules; returns how many were written and how many were already current.
   */
  async replaceVulnerabilities(
    records: readonly VulnerabilityRecord[],
    documentSha256: string,
    vendorKeyOf: (vendor: string) => string,
  ): Promise<{ written: number; unchanged: number }> {
    let written = 0;
    let unchanged = 0;
    for (const batch of chunks(records, rowsPerStatement)) {
      await this.db.transaction().execute(async (transaction) => {
        const stored = new Map<string, string | null>();
        for (const row of await transaction
          .selectFrom('vulnerability_sources')
          .select(['vulnerability_id', 'origin', 'modified'])
          .where(
            'vulnerability_id',
            'in',
            batch.map((record) => record.id),
          )
          .execute()) {
          stored.set(`${row.vulnerability_id}\u0000${row.origin}`, row.modified);
        }
        const changed = batch.filter((record) => {
          const key = `${record.id}\u0000${record.origin}`;
          return !stored.has(key) || stored.get(key) !== record.modified;
        });
        unchanged += batch.length - changed.length;
        written += changed.length;
        for (const record of changed) {
          await transaction
            .deleteFrom('vulnerability_rules')
            .where('vulnerability_id', '=', record.id)
            .where('origin', '=', record.origin)
            .execute();
        }
        const sources = changed.map((record) => ({
          vulnerability_id: record.id,
          origin: record.origin,
          source: record.source,
          document_sha256: documentSha256,
          title: record.title,
          description: record.description,
          published: record.published,
          modified: record.modified,
          cwes: JSON.stringify(record.cwes),
          scores: JSON.stringify(record.scores),
        }));
        for (const rows of chunks(sources, 50)) {
          await transaction
            .insertInto('vulnerability_sources')
            .values(rows)
            .onConflict((conflict) =>
              conflict.columns(['vulnerability_id', 'origin']).doUpdateSet((update) => ({
                source: update.ref('excluded.source'),
                document_sha256: update.ref('excluded.document_sha256'),
                title: update.ref('excluded.title'),
                description: update.ref('excluded.description'),
                published: update.ref('excluded.published'),
                modified: update.ref('excluded.modified'),
                cwes: update.ref('excluded.cwes'),
                scores: update.ref('excluded.scores'),
              })),
            )
            .execute();
        }
        const rules = changed.flatMap((record) =>
          record.rules.map((rule, position) => ({
            vulnerability_id: record.id,
            origin: record.origin,
            position,
            vendor: rule.vendor,
            vendor_key: vendorKeyOf(rule.vendor),
            product: rule.product,
            cpe: rule.cpe,
            product_id: rule.productId,
            version_range: JSON.stringify(rule.range),
            status: rule.status,
            remediations: JSON.stringify(rule.remediations),
            condition: rule.condition,
          })),
        );
        for (const rows of chunks(rules, 50))
          await transaction.insertInto('vulnerability_rules').values(rows).execute();
      });
    }
    return { written, unchanged };
  }

  /** Every applicability rule, for the matcher's index. */
  async *rules(): AsyncGenerator<IndexedRule> {
    let after = { id: '', origin: '', position: -1 };
    for (;;) {
      const rows = await this.db
        .selectFrom('vulnerability_rules')
        .selectAll()
        .where((where) =>
          where.or([
            where('vulnerability_id', '>', after.id),
            where.and([where('vulnerability_id', '=', after.id), where('origin', '>', after.origin)]),
            where.and([
              where('vulnerability_id', '=', after.id),
              where('origin', '=', after.origin),
              where('position', '>', after.position),
            ]),
          ]),
        )
        .orderBy('vulnerability_id')
        .orderBy('origin')
        .orderBy('position')
        .limit(5000)
        .execute();
      for (const row of rows) {
        const rule: ApplicabilityRule = {
          vendor: row.vendor,
          product: row.product,
          cpe: row.cpe,
          productId: row.product_id,
          range: JSON.parse(row.version_range) as VersionRange,
          status: row.status as ApplicabilityRule['status'],
          remediations: JSON.parse(row.remediations) as ApplicabilityRule['remediations'],
          condition: row.condition,
        };
        yield { vulnerabilityId: row.vulnerability_id, origin: row.origin, rule };
      }
      if (rows.length < 5000) return;
      const last = rows[rows.length - 1] as (typeof rows)[number];
      after = { id: last.vulnerability_id, origin: last.origin, position: last.position };
    }
  }

  async upsertKev(entries: readonly KevEntry[], catalogVersion: string): Promise<void> {
    await this.db.transaction().execute(async (transaction) => {
      for (const batch of chunks(entries, rowsPerStatement / 2)) {
        await transaction
          .insertInto('kev_entries')
          .values(
            batch.map((entry) => ({
              cve_id: entry.cveId,
              vendor: entry.vendor,
              product: entry.product,
              name: entry.name,
              date_added: entry.dateAdded,
              due_date: entry.dueDate,
              required_action: entry.requiredAction,
              ransomware_use: entry.ransomwareUse,
              catalog_version: catalogVersion,
            })),
          )
          .onConflict((conflict) =>
            conflict.column('cve_id').doUpdateSet((update) => ({
              vendor: update.ref('excluded.vendor'),
              product: update.ref('excluded.product'),
              name: update.ref('excluded.name'),
              date_added: update.ref('excluded.date_added'),
              due_date: update.ref('excluded.due_date'),
              required_action: update.ref('excluded.required_action'),
              ransomware_use: update.ref('excluded.ransomware_use'),
              catalog_version: update.ref('excluded.catalog_version'),
            })),
          )
          .execute();
      }
    });
  }

  /** Writes scores, keeping a stored score that is newer than the file's. */
  async upsertEpss(
    scores: readonly EpssScore[],
    scoreDate: string,
    modelVersion: string | null,
  ): Promise<void> {
    await this.db.transaction().execute(async (transaction) => {
      for (const batch of chunks(scores, rowsPerStatement)) {
        await transaction
          .insertInto('epss_scores')
          .values(
            batch.map((score) => ({
              cve_id: score.cveId,
              score: score.score,
              percentile: score.percentile,
              score_date: scoreDate,
              model_version: modelVersion,
            })),
          )
          .onConflict((conflict) =>
            conflict
              .column('cve_id')
              .doUpdateSet((update) => ({
                score: update.ref('excluded.score'),
                percentile: update.ref('excluded.percentile'),
                score_date: update.ref('excluded.score_date'),
                model_version: update.ref('excluded.model_version'),
              }))
              .where((where) => where('excluded.score_date', '>=', where.ref('epss_scores.score_date'))),
          )
          .execute();
      }
    });
  }

  /** Sources, KEV and EPSS for the given vulnerabilities; CVSS scores best source first (NVD, CVE 5, CSAF). */
  async details(ids: readonly string[]): Promise<Map<string, VulnerabilityDetails>> {
    const details = new Map<string, VulnerabilityDetails>();
    const sourceRank = (source: string) => ['nvd', 'cve5', 'csaf'].indexOf(source);
    for (const batch of chunks([...new Set(ids)], rowsPerStatement)) {
      const sources = await this.db
        .selectFrom('vulnerability_sources')
        .selectAll()
        .where('vulnerability_id', 'in', batch)
        .execute();
      sources.sort((a, b) => sourceRank(a.source) - sourceRank(b.source) || a.origin.localeCompare(b.origin));
      const kev = await this.db.selectFrom('kev_entries').selectAll().where('cve_id', 'in', batch).execute();
      const epss = await this.db.selectFrom('epss_scores').selectAll().where('cve_id', 'in', batch).execute();
      for (const id of batch) {
        const own = sources.filter((source) => source.vulnerability_id === id);
        const kevEntry = kev.find((entry) => entry.cve_id === id);
        const epssScore = epss.find((score) => score.cve_id === id);
        details.set(id, {
          id,
          title: own.find((source) => source.title !== null)?.title ?? kevEntry?.name ?? null,
          description: own.find((source) => source.description !== null)?.description ?? null,
          published: own.find((source) => source.published !== null)?.published ?? null,
          cwes: [...new Set(own.flatMap((source) => JSON.parse(source.cwes) as string[]))],
          scores: own.flatMap((source) => JSON.parse(source.scores) as CvssScore[]),
          origins: own.map((source) => source.origin),
          kev:
            kevEntry === undefined
              ? null
              : {
                  dateAdded: kevEntry.date_added,
                  dueDate: kevEntry.due_date,
                  requiredAction: kevEntry.required_action,
                  ransomwareUse: kevEntry.ransomware_use,
                },
          epss:
            epssScore === undefined
              ? null
              : { score: epssScore.score, percentile: epssScore.percentile, scoreDate: epssScore.score_date },
        });
      }
    }
    return details;
  }

  async counts(): Promise<Record<string, number>> {
    const count = async (
      table:
        | 'vulnerability_sources'
        | 'vulnerability_rules'
        | 'kev_entries'
        | 'epss_scores'
        | 'sboms'
        | 'recalls',
    ) =>
      Number(
        (
          await this.db
            .selectFrom(table)
            .select((select) => select.fn.countAll().as('count'))
            .executeTakeFirstOrThrow()
        ).count,
      );
    return {
      vulnerabilitySources: await count('vulnerability_sources'),
      rules: await count('vulnerability_rules'),
      kev: await count('kev_entries'),
      epss: await count('epss_scores'),
      sboms: await count('sboms'),
      recalls: await count('recalls'),
    };
  }
}
