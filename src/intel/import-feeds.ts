import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/open-store.js';
import { stableId } from '../store/stable-id.js';
import type { FeedKind, FeedProblem } from './advisory.js';
import type { VendorNames } from './matching/names.js';
import { productWords } from './matching/product-match.js';
import { type FeedFile, readFeedFile } from './read-feed.js';
import { parseRangeText } from './version/range-text.js';
import { allVersions, rangeFromBounds } from './version/version-range.js';

/** Which device model an SBOM describes, when the command line says (else the SBOM's own subject). */
export interface SbomAttachment {
  vendor?: string;
  model?: string;
  /** Version range text, e.g. `<= 12.3`. */
  versions?: string;
}

/** What importing one file did. */
export interface FeedFileReport {
  path: string;
  name: string;
  kind: FeedKind | null;
  /** `unchanged`: the same bytes were imported before. `rejected`: nothing of it was stored. `skipped`: not a feed (a schema). */
  outcome: 'imported' | 'unchanged' | 'rejected' | 'skipped';
  /** Records the document holds (vulnerabilities, KEV entries, scores, components, recalls). */
  records: number;
  /** Of those, written because new or changed since their source last said. */
  written: number;
  problems: FeedProblem[];
}

/** Feed files under `path`: the file itself, or every .json and .csv file below a folder, in name order. */
export function feedFilesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return feedFilesUnder(child);
      return /\.(json|csv)$/i.test(entry.name) ? [child] : [];
    });
}

/**
 * Imports feed files into the store, each kept with its name, path, date and SHA-256. A file
 * imported before is skipped whole; a record is rewritten only when its source's modified time
 * changed, so importing the same or a newer feed again is cheap and changes only what changed.
 * A rejected file (or record) is reported by name and location; the others still import.
 *
 * @example
 * const reports = await importFeeds(store, ['feeds/'], VendorNames.load());
 */
export async function importFeeds(
  store: Store,
  paths: readonly string[],
  vendors: VendorNames,
  attachment: SbomAttachment = {},
  now: () => string = () => new Date().toISOString(),
): Promise<FeedFileReport[]> {
  const reports: FeedFileReport[] = [];
  for (const path of paths.flatMap(feedFilesUnder)) {
    const file = await readFeedFile(path);
    const report: FeedFileReport = {
      path,
      name: file.name,
      kind: file.kind,
      outcome: 'rejected',
      records: 0,
      written: 0,
      problems: file.problems,
    };
    reports.push(report);
    if (file.skippedBecause !== null) report.outcome = 'skipped';
    if (file.content === null) continue;
    if ((await store.feeds.document(file.sha256)) !== undefined) {
      report.outcome = 'unchanged';
      continue;
    }
    const stored = await storeContent(store, file, vendors, attachment);
    if ('problem' in stored) {
      report.problems.push(stored.problem);
      continue;
    }
    Object.assign(report, { outcome: 'imported', records: stored.records, written: stored.written });
    await store.feeds.recordDocument({
      sha256: file.sha256,
      kind: file.kind as FeedKind,
      name: file.name,
      path,
      document_date: stored.documentDate,
      imported_at: now(),
      records: stored.records,
      rejected: report.problems.length,
    });
  }
  return reports;
}

async function storeContent(
  store: Store,
  file: FeedFile,
  vendors: VendorNames,
  attachment: SbomAttachment,
): Promise<{ records: number; written: number; documentDate: string | null } | { problem: FeedProblem }> {
  const content = file.content as NonNullable<FeedFile['content']>;
  const keyOf = (name: string) => vendors.keyOf(name);
  switch (content.kind) {
    case 'nvd':
    case 'cve5':
    case 'csaf': {
      const { written } = await store.feeds.replaceVulnerabilities(content.records, file.sha256, keyOf);
      return { records: content.records.length, written, documentDate: content.documentDate };
    }
    case 'kev': {
      const { catalogue } = content;
      await store.feeds.upsertKev(catalogue.entries, catalogue.catalogVersion);
      return {
        records: catalogue.entries.length,
        written: catalogue.entries.length,
        documentDate: catalogue.dateReleased,
      };
    }
    case 'epss': {
      const epss = content.file;
      const scoreDate = epss.scoreDate ?? new Date().toISOString();
      await store.feeds.upsertEpss(epss.scores, scoreDate, epss.modelVersion);
      return { records: epss.scores.length, written: epss.scores.length, documentDate: epss.scoreDate };
    }
    case 'recalls': {
      const keyed = content.recalls.map((recall) => {
        const manufacturerKey = keyOf(recall.manufacturer);
        return {
          ...recall,
          manufacturerKey,
          id: stableId('recall', `${manufacturerKey}\u0000${recall.recallNumber}`),
        };
      });
      await store.recalls.upsert(keyed, file.sha256);
      return { records: keyed.length, written: keyed.length, documentDate: null };
    }
    case 'cyclonedx':
    case 'spdx': {
      const { sbom } = content;
      const vendor = attachment.vendor ?? sbom.subject.vendor;
      const model = attachment.model ?? sbom.subject.model;
      if (vendor === null || vendor === undefined || model === null || model === undefined) {
        return {
          problem: {
            name: file.name,
            location: null,
            message:
              'the SBOM names no manufacturer and model: give the device model it belongs to with --vendor and --model',
          },
        };
      }
      const vendorKey = keyOf(vendor);
      if (productWords(model, vendorKey).length === 0) {
        return {
          problem: {
            name: file.name,
            location: null,
            message: `model "${model}" has no words to match devices by`,
          },
        };
      }
      const range =
        attachment.versions !== undefined
          ? parseRangeText(attachment.versions)
          : sbom.subject.version === null || attachment.model !== undefined
            ? allVersions
            : rangeFromBounds({ exact: sbom.subject.version });
      await store.sboms.replace(
        {
          id: stableId('sbom', `${vendorKey}\u0000${model}\u0000${file.sha256}`),
          name: file.name,
          format: sbom.format,
          vendor,
          vendorKey,
          model,
          range,
          components: sbom.components,
        },
        file.sha256,
        sbom.specVersion,
      );
      return { records: sbom.components.length, written: sbom.components.length, documentDate: null };
    }
  }
}
