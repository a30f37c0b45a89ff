import type { FeedProblem } from '../advisory.js';
import { objectsIn, textOf } from '../json-shape.js';

/** One entry of CISA's Known Exploited Vulnerabilities catalogue. */
export interface KevEntry {
  cveId: string;
  vendor: string;
  product: string;
  name: string;
  dateAdded: string;
  dueDate: string;
  requiredAction: string;
  /** `Known` when CISA knows of its use in ransomware campaigns, else `Unknown`. */
  ransomwareUse: string;
}

/** The catalogue read: its version and release date, its own count, the entries and any it rejected. */
export interface KevCatalogue {
  catalogVersion: string;
  dateReleased: string;
  /** The catalogue's own `count` field. */
  count: number;
  entries: KevEntry[];
  problems: FeedProblem[];
}

type Json = Record<string, unknown>;

/**
 * Reads the KEV catalogue JSON (cisagov/kev-data, `known_exploited_vulnerabilities.json`). An
 * entry without a CVE id or date added is reported by its index; a `count` that disagrees with
 * the entries is reported too.
 */
export function parseKev(document: Json, name: string): KevCatalogue {
  const entries: KevEntry[] = [];
  const problems: FeedProblem[] = [];
  const items = objectsIn(document.vulnerabilities);
  items.forEach((item, index) => {
    if (
      typeof item?.cveID !== 'string' ||
      !/^CVE-\d{4}-\d{4,}$/.test(item.cveID) ||
      typeof item.dateAdded !== 'string'
    ) {
      problems.push({ name, location: `/vulnerabilities/${index}`, message: 'expected cveID and dateAdded' });
      return;
    }
    const text = (key: string) => (typeof item[key] === 'string' ? (item[key] as string) : '');
    entries.push({
      cveId: item.cveID,
      vendor: text('vendorProject'),
      product: text('product'),
      name: text('vulnerabilityName'),
      dateAdded: item.dateAdded,
      dueDate: text('dueDate'),
      requiredAction: text('requiredAction'),
      ransomwareUse: text('knownRansomwareCampaignUse') || 'Unknown',
    });
  });
  const count = typeof document.count === 'number' ? document.count : items.length;
  if (count !== items.length) {
    problems.push({
      name,
      location: '/count',
      message: `count says ${count}, the catalogue lists ${items.length}`,
    });
  }
  return {
    catalogVersion: textOf(document.catalogVersion),
    dateReleased: textOf(document.dateReleased),
    count,
    entries,
    problems,
  };
}
