import type { ApplicabilityRule, CvssScore, FeedProblem, VulnerabilityRecord } from '../advisory.js';
import { type CpeName, cpeFieldWords, parseCpe } from '../cpe-name.js';
import { objectsIn, textOf } from '../json-shape.js';
import { rangeFromBounds } from '../version/version-range.js';

/** What one NVD CVE API 2.0 response (or a file of one) holds. */
export interface NvdDocument {
  /** The response's own `totalResults`. */
  totalResults: number;
  timestamp: string | null;
  records: VulnerabilityRecord[];
  problems: FeedProblem[];
}

type Json = Record<string, unknown>;

/**
 * Reads an NVD CVE API 2.0 response (`format: NVD_CVE`, `version: 2.0`): per CVE its English
 * description, CVSS v2, v3.x and v4.0 metrics, CWEs and the vulnerable CPE matches of its
 * configurations with their version bounds. A record without a CVE id is reported by its index
 * and the rest are read.
 */
export function parseNvd(document: Json, name: string): NvdDocument {
  const records: VulnerabilityRecord[] = [];
  const problems: FeedProblem[] = [];
  const items = Array.isArray(document.vulnerabilities) ? document.vulnerabilities : [];
  items.forEach((item: unknown, index) => {
    const cve = (item as Json | null)?.cve as Json | undefined;
    const id = cve?.id;
    if (cve === undefined || typeof id !== 'string' || !/^CVE-\d{4}-\d{4,}$/.test(id)) {
      problems.push({
        name,
        location: `/vulnerabilities/${index}`,
        message: 'expected cve.id like CVE-2024-12345',
      });
      return;
    }
    records.push({
      id,
      origin: `nvd:${id}`,
      source: 'nvd',
      title: null,
      description: englishText(cve.descriptions),
      published: stringOrNull(cve.published),
      modified: stringOrNull(cve.lastModified),
      cwes: weaknessesOf(cve.weaknesses),
      scores: scoresOf(cve.metrics as Json | undefined),
      rules: rulesOf(cve.configurations),
    });
  });
  return {
    totalResults: typeof document.totalResults === 'number' ? document.totalResults : items.length,
    timestamp: stringOrNull(document.timestamp),
    records,
    problems,
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function englishText(descriptions: unknown): string | null {
  if (!Array.isArray(descriptions)) return null;
  const english = descriptions.find((entry: Json) => entry?.lang === 'en') ?? descriptions[0];
  return stringOrNull((english as Json | undefined)?.value);
}

function weaknessesOf(weaknesses: unknown): string[] {
  const cwes = new Set<string>();
  if (!Array.isArray(weaknesses)) return [];
  for (const weakness of objectsIn(weaknesses)) {
    for (const entry of objectsIn(weakness?.description)) {
      if (typeof entry?.value === 'string' && /^CWE-\d+$/.test(entry.value)) cwes.add(entry.value);
    }
  }
  return [...cwes];
}

const metricKeys = ['cvssMetricV40', 'cvssMetricV31', 'cvssMetricV30', 'cvssMetricV2'];

function scoresOf(metrics: Json | undefined): CvssScore[] {
  const scores: CvssScore[] = [];
  for (const key of metricKeys) {
    const entries = metrics?.[key];
    if (!Array.isArray(entries)) continue;
    for (const entry of objectsIn(entries)) {
      const data = entry?.cvssData as Json | undefined;
      if (typeof data?.baseScore !== 'number' || typeof data.vectorString !== 'string') continue;
      scores.push({
        version: textOf(data.version, key.replace('cvssMetricV', '')),
        baseScore: data.baseScore,
        vector: data.vectorString,
        source: textOf(entry.source, 'nvd'),
      });
    }
  }
  return scores;
}

/**
 * Each vulnerable CPE match becomes a rule. In a configuration whose nodes are joined by AND,
 * the non-vulnerable matches are the platform it must run on. When the vulnerable part is
 * firmware (`o`) and every platform is hardware (`h`), NVD is naming a device: the rule then
 * applies to each hardware product, with the firmware's versions (that is how a device's model
 * and firmware are compared). Otherwise the platform is kept as the rule's condition.
 */
function rulesOf(configurations: unknown): ApplicabilityRule[] {
  const rules: ApplicabilityRule[] = [];
  if (!Array.isArray(configurations)) return rules;
  for (const configuration of objectsIn(configurations)) {
    const nodes = objectsIn(configuration.nodes);
    const platforms: string[] = [];
    const vulnerable: Json[] = [];
    for (const node of nodes) {
      if (node?.negate === true) continue;
      for (const match of objectsIn(node?.cpeMatch)) {
        if (typeof match?.criteria !== 'string') continue;
        if (match.vulnerable === true) vulnerable.push(match);
        else platforms.push(match.criteria);
      }
    }
    const isAnd = configuration?.operator === 'AND' && platforms.length > 0;
    const hardware = platforms.map(parseCpe).filter((cpe): cpe is CpeName => cpe?.part === 'h');
    const condition = isAnd ? `on ${platforms.join(' or ')}` : null;
    for (const match of vulnerable) {
      const cpe = parseCpe(match.criteria as string);
      if (cpe === null) continue;
      const range = rangeFromBounds({
        // The update field belongs to the version: `9.3` + `p1` is OpenSSH 9.3p1.
        exact:
          cpe.update === '*' || cpe.update === '-' || cpe.version === '*'
            ? cpe.version
            : `${cpe.version}${cpe.update}`,
        startIncluding: stringOrNull(match.versionStartIncluding),
        startExcluding: stringOrNull(match.versionStartExcluding),
        endIncluding: stringOrNull(match.versionEndIncluding),
        endExcluding: stringOrNull(match.versionEndExcluding),
      });
      const base = {
        cpe: match.criteria as string,
        productId: null,
        range,
        status: 'affected' as const,
        remediations: [],
      };
      if (isAnd && cpe.part === 'o' && hardware.length === platforms.length) {
        for (const device of hardware) {
          rules.push({
            ...base,
            vendor: cpeFieldWords(device.vendor),
            product: cpeFieldWords(device.product),
            condition: null,
          });
        }
        continue;
      }
      rules.push({
        ...base,
        vendor: cpeFieldWords(cpe.vendor),
        product: cpeFieldWords(cpe.product),
        condition,
      });
    }
  }
  return rules;
}
