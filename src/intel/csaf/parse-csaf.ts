import type {
  ApplicabilityRule,
  CvssScore,
  Remediation,
  RuleStatus,
  VulnerabilityRecord,
} from '../advisory.js';
import { objectsIn, stringsIn, textOf } from '../json-shape.js';
import { productsOf } from './product-tree.js';

type Json = Record<string, unknown>;

/** A CSAF advisory read: its tracking data and one record per vulnerability it describes. */
export interface CsafAdvisory {
  trackingId: string;
  title: string;
  /** `tracking.current_release_date`: a re-import replaces the advisory only when this changes. */
  released: string;
  records: VulnerabilityRecord[];
}

/** CSAF 2.0 §3.2.3.9 product status groups, folded to what matching needs. */
const statusGroups: [group: string, status: RuleStatus][] = [
  ['known_affected', 'affected'],
  ['first_affected', 'affected'],
  ['last_affected', 'affected'],
  ['fixed', 'fixed'],
  ['first_fixed', 'fixed'],
  ['known_not_affected', 'not-affected'],
  ['under_investigation', 'under-investigation'],
];

/**
 * Reads a CSAF 2.0 security advisory that `validateCsaf` accepted: per vulnerability its CVE (or
 * the advisory's id and its position), CWE, CVSS v3/v2 scores, summary, and for every product in
 * a status group a rule with the product's vendor, name, version range and the remediations
 * that name it.
 */
export function parseCsaf(document: Json): CsafAdvisory {
  const header = document.document as Json;
  const tracking = header.tracking as Json;
  const trackingId = textOf(tracking.id);
  const title = textOf(header.title);
  const released = textOf(tracking.current_release_date);
  const products = productsOf(document.product_tree as Json | undefined);
  const vulnerabilities = objectsIn(document.vulnerabilities);
  const records = vulnerabilities.map((vulnerability, index): VulnerabilityRecord => {
    const id = typeof vulnerability.cve === 'string' ? vulnerability.cve : `${trackingId}#${index + 1}`;
    const remediations = objectsIn(vulnerability.remediations);
    const remediationsFor = (productId: string): Remediation[] =>
      remediations
        .filter((remediation) => stringsIn(remediation.product_ids).includes(productId))
        .map((remediation) => ({
          category: textOf(remediation.category),
          details: textOf(remediation.details),
          url: typeof remediation.url === 'string' ? remediation.url : null,
        }));
    const rules: ApplicabilityRule[] = [];
    const status = (vulnerability.product_status ?? {}) as Json;
    for (const [group, ruleStatus] of statusGroups) {
      for (const productId of stringsIn(status[group])) {
        const product = products.get(productId);
        if (product === undefined) continue;
        rules.push({
          vendor: product.vendor,
          product: product.product,
          cpe: product.cpe,
          productId,
          range: product.range,
          status: ruleStatus,
          remediations: remediationsFor(productId),
          condition: product.condition,
        });
      }
    }
    const cwe = vulnerability.cwe as Json | undefined;
    return {
      id,
      origin: `csaf:${trackingId}`,
      source: 'csaf',
      title: typeof vulnerability.title === 'string' ? vulnerability.title : title,
      description: summaryOf(vulnerability.notes),
      published:
        typeof vulnerability.release_date === 'string'
          ? vulnerability.release_date
          : textOf(tracking.initial_release_date),
      modified: released,
      cwes: typeof cwe?.id === 'string' ? [cwe.id] : [],
      scores: scoresOf(vulnerability.scores, trackingId),
      rules,
    };
  });
  return { trackingId, title, released, records };
}

function summaryOf(notes: unknown): string | null {
  if (!Array.isArray(notes)) return null;
  const note =
    objectsIn(notes).find((entry) => entry.category === 'summary') ??
    objectsIn(notes).find((entry) => entry.category === 'description');
  return typeof note?.text === 'string' ? note.text : null;
}

function scoresOf(scores: unknown, source: string): CvssScore[] {
  if (!Array.isArray(scores)) return [];
  const result: CvssScore[] = [];
  for (const score of objectsIn(scores)) {
    for (const key of ['cvss_v3', 'cvss_v2']) {
      const cvss = score[key] as Json | undefined;
      if (typeof cvss?.baseScore === 'number' && typeof cvss.vectorString === 'string') {
        result.push({
          version: textOf(cvss.version),
          baseScore: cvss.baseScore,
          vector: cvss.vectorString,
          source,
        });
      }
    }
  }
  return result;
}
