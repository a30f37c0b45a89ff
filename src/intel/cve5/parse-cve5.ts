import type {
  ApplicabilityRule,
  CvssScore,
  FeedProblem,
  Remediation,
  RuleStatus,
  VulnerabilityRecord,
} from '../advisory.js';
import { parseCpe } from '../cpe-name.js';
import { objectsIn, stringsIn } from '../json-shape.js';
import { allVersions, rangeFromBounds, type VersionRange } from '../version/version-range.js';

type Json = Record<string, unknown>;

/** A CVE JSON 5 record read, or why not; a REJECTED record is withdrawn, not a problem. */
export type Cve5Result =
  | { kind: 'record'; record: VulnerabilityRecord }
  | { kind: 'withdrawn'; id: string }
  | { kind: 'problem'; problem: FeedProblem };

/**
 * Reads one CVE JSON 5 record (the CVE List's format, `dataType: CVE_RECORD`): the CNA's
 * description, CVSS metrics (CNA and ADP), CWEs, and per `affected` product its versions
 * (`version` with `lessThan`/`lessThanOrEqual`, each with a status; `defaultStatus` for the rest),
 * its CPEs, solutions and workarounds.
 */
export function parseCve5(document: Json, name: string): Cve5Result {
  const metadata = document.cveMetadata as Json | undefined;
  const id = metadata?.cveId;
  if (document.dataType !== 'CVE_RECORD' || typeof id !== 'string' || !/^CVE-\d{4}-\d{4,}$/.test(id)) {
    return {
      kind: 'problem',
      problem: {
        name,
        location: '/cveMetadata/cveId',
        message: 'expected a CVE_RECORD with cveMetadata.cveId',
      },
    };
  }
  if (metadata?.state === 'REJECTED') return { kind: 'withdrawn', id };
  const containers = (document.containers ?? {}) as Json;
  const cna = (containers.cna ?? {}) as Json;
  const adp = objectsIn(containers.adp);
  const remediations: Remediation[] = [
    ...textsOf(cna.solutions).map((details) => ({ category: 'vendor_fix', details, url: null })),
    ...textsOf(cna.workarounds).map((details) => ({ category: 'workaround', details, url: null })),
  ];
  const rules: ApplicabilityRule[] = [];
  for (const affected of objectsIn(cna.affected)) rules.push(...rulesOf(affected, remediations));
  return {
    kind: 'record',
    record: {
      id,
      origin: `cve5:${id}`,
      source: 'cve5',
      title: typeof cna.title === 'string' ? cna.title : null,
      description: textsOf(cna.descriptions)[0] ?? null,
      published: typeof metadata?.datePublished === 'string' ? metadata.datePublished : null,
      modified: typeof metadata?.dateUpdated === 'string' ? metadata.dateUpdated : null,
      cwes: [cna, ...adp].flatMap((container) => cwesOf(container.problemTypes)),
      scores: [cna, ...adp].flatMap((container) =>
        scoresOf(container.metrics, container === cna ? 'cna' : 'adp'),
      ),
      rules,
    },
  };
}

function textsOf(entries: unknown): string[] {
  if (!Array.isArray(entries)) return [];
  const sorted = [...objectsIn(entries)].sort((a, b) => Number(b?.lang === 'en') - Number(a?.lang === 'en'));
  return sorted.map((entry) => entry?.value).filter((value): value is string => typeof value === 'string');
}

function cwesOf(problemTypes: unknown): string[] {
  if (!Array.isArray(problemTypes)) return [];
  return objectsIn(problemTypes)
    .flatMap((problemType) => objectsIn(problemType?.descriptions))
    .map((description) => description?.cweId)
    .filter((cwe): cwe is string => typeof cwe === 'string');
}

const metricKeys: [key: string, version: string][] = [
  ['cvssV4_0', '4.0'],
  ['cvssV3_1', '3.1'],
  ['cvssV3_0', '3.0'],
  ['cvssV2_0', '2.0'],
];

function scoresOf(metrics: unknown, source: string): CvssScore[] {
  if (!Array.isArray(metrics)) return [];
  const scores: CvssScore[] = [];
  for (const metric of objectsIn(metrics)) {
    for (const [key, version] of metricKeys) {
      const data = metric?.[key] as Json | undefined;
      if (typeof data?.baseScore === 'number' && typeof data.vectorString === 'string') {
        scores.push({ version, baseScore: data.baseScore, vector: data.vectorString, source });
      }
    }
  }
  return scores;
}

function statusOf(status: unknown): RuleStatus {
  if (status === 'affected') return 'affected';
  if (status === 'unaffected') return 'not-affected';
  return 'under-investigation';
}

/**
 * CVE 5 §versions: an entry with `lessThan` or `lessThanOrEqual` is a range starting at
 * `version` (`0` meaning from the first); without either it is that one version. A product with
 * no versions at all takes its default status for every version.
 */
function rulesOf(affected: Json, remediations: Remediation[]): ApplicabilityRule[] {
  const vendor = typeof affected?.vendor === 'string' ? affected.vendor : '';
  const cpes = stringsIn(affected?.cpes);
  const product =
    typeof affected?.product === 'string' ? affected.product : (parseCpe(cpes[0] ?? '')?.product ?? '');
  if (product === '' || product === 'n/a') return [];
  const base = { vendor, product, cpe: cpes[0] ?? null, productId: null, remediations, condition: null };
  const versions = objectsIn(affected.versions);
  if (versions.length === 0) {
    return [{ ...base, range: allVersions, status: statusOf(affected.defaultStatus ?? 'unknown') }];
  }
  return versions
    .filter((entry) => typeof entry?.version === 'string')
    .map((entry) => {
      const start = entry.version as string;
      if (
        /^(unspecified|n\/a|unknown)$/i.test(start) &&
        entry.lessThan === undefined &&
        entry.lessThanOrEqual === undefined
      ) {
        const range: VersionRange = { kind: 'unknown', text: start, reason: 'the record gives no version' };
        return { ...base, range, status: statusOf(entry.status) };
      }
      const isRange = typeof entry.lessThan === 'string' || typeof entry.lessThanOrEqual === 'string';
      const range = isRange
        ? rangeFromBounds({
            startIncluding: start,
            endExcluding: typeof entry.lessThan === 'string' ? entry.lessThan : null,
            endIncluding: typeof entry.lessThanOrEqual === 'string' ? entry.lessThanOrEqual : null,
          })
        : rangeFromBounds({ exact: start });
      return { ...base, range, status: statusOf(entry.status) };
    });
}
