import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { FeedKind, FeedProblem, VulnerabilityRecord } from './advisory.js';
import { parseCsaf } from './csaf/parse-csaf.js';
import { validateCsaf } from './csaf/validate-csaf.js';
import { parseCve5 } from './cve5/parse-cve5.js';
import { type EpssFile, parseEpss } from './epss/parse-epss.js';
import { type KevCatalogue, parseKev } from './kev/parse-kev.js';
import { parseNvd } from './nvd/parse-nvd.js';
import { parseRecalls, type Recall } from './recalls/parse-recalls.js';
import { parseCycloneDx } from './sbom/parse-cyclonedx.js';
import { parseSpdx } from './sbom/parse-spdx.js';
import type { Sbom } from './sbom/sbom.js';

/** What a feed file held, by kind. */
export type FeedContent =
  | {
      kind: 'nvd' | 'cve5' | 'csaf';
      records: VulnerabilityRecord[];
      documentDate: string | null;
      withdrawn: number;
    }
  | { kind: 'kev'; catalogue: KevCatalogue }
  | { kind: 'epss'; file: EpssFile }
  | { kind: 'cyclonedx' | 'spdx'; sbom: Sbom }
  | { kind: 'recalls'; recalls: Recall[] };

/** A feed file read: its identity (SHA-256 of the bytes), its content (null when rejected whole) and problems. */
export interface FeedFile {
  path: string;
  name: string;
  sha256: string;
  kind: FeedKind | null;
  content: FeedContent | null;
  problems: FeedProblem[];
  /** Why a file that is no feed was passed over without complaint (a JSON Schema beside the feed), or null. */
  skippedBecause: string | null;
}

type Json = Record<string, unknown>;

const expectedKinds =
  'expected NVD CVE API 2.0 JSON, a CVE JSON 5 record, a CSAF 2.0 advisory, the CISA KEV catalogue, a CycloneDX or SPDX JSON SBOM, an EPSS CSV or a recall CSV';

/**
 * Reads one feed file, recognising its kind by content: JSON by its format's own markers
 * (`format: NVD_CVE`, `dataType: CVE_RECORD`, `document.csaf_version`, `catalogVersion`,
 * `bomFormat`/`specVersion`, `spdxVersion`), CSV by its first lines (EPSS's `#model_version`
 * or `cve,epss,percentile` header, a recall list's `recall_number` column).
 */
export async function readFeedFile(path: string): Promise<FeedFile> {
  return readFeedBytes(readFileSync(path), path);
}

/** `readFeedFile` on bytes already read; `path` names them in reports. */
export async function readFeedBytes(bytes: Buffer, path: string): Promise<FeedFile> {
  const name = basename(path);
  const file: FeedFile = {
    path,
    name,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    kind: null,
    content: null,
    problems: [],
    skippedBecause: null,
  };
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const reject = (location: string | null, message: string) => {
    file.problems.push({ name, location, message });
    return file;
  };
  if (!text.trimStart().startsWith('{')) {
    const head = text.slice(0, 4096).toLowerCase();
    if (head.startsWith('#model_version') || /^cve,epss,percentile/m.test(head)) {
      const epss = parseEpss(text, name);
      file.kind = 'epss';
      file.content = { kind: 'epss', file: epss };
      file.problems.push(...epss.problems);
      return file;
    }
    if (/^[^\n]*recall[ _]number/.test(head)) {
      const { recalls, problems } = parseRecalls(text, name);
      file.kind = 'recalls';
      file.problems.push(...problems);
      file.content = recalls.length === 0 && problems.length > 0 ? null : { kind: 'recalls', recalls };
      return file;
    }
    return reject(null, expectedKinds);
  }
  let document: Json;
  try {
    document = JSON.parse(text) as Json;
  } catch (error) {
    return reject(null, `not JSON: ${(error as Error).message}`);
  }
  if (
    typeof document.$schema === 'string' &&
    /json-schema\.org/.test(document.$schema) &&
    ('properties' in document || 'definitions' in document || '$defs' in document)
  ) {
    // Feeds ship with their schemas (KEV's, CycloneDX's): a folder import passes over them.
    file.skippedBecause = 'a JSON Schema, not a feed';
    return file;
  }
  if (
    document.format === 'NVD_CVE' ||
    (Array.isArray(document.vulnerabilities) && 'resultsPerPage' in document)
  ) {
    const nvd = parseNvd(document, name);
    file.kind = 'nvd';
    file.problems.push(...nvd.problems);
    file.content = { kind: 'nvd', records: nvd.records, documentDate: nvd.timestamp, withdrawn: 0 };
    return file;
  }
  if (document.dataType === 'CVE_RECORD' || 'cveMetadata' in document) {
    file.kind = 'cve5';
    const result = parseCve5(document, name);
    if (result.kind === 'problem') return reject(result.problem.location, result.problem.message);
    file.content =
      result.kind === 'withdrawn'
        ? { kind: 'cve5', records: [], documentDate: null, withdrawn: 1 }
        : { kind: 'cve5', records: [result.record], documentDate: result.record.modified, withdrawn: 0 };
    return file;
  }
  if (typeof (document.document as Json | undefined)?.csaf_version === 'string') {
    file.kind = 'csaf';
    const problems = await validateCsaf(document, name);
    if (problems.length > 0) {
      file.problems.push(...problems);
      return file;
    }
    const advisory = parseCsaf(document);
    file.content = { kind: 'csaf', records: advisory.records, documentDate: advisory.released, withdrawn: 0 };
    return file;
  }
  if (typeof document.catalogVersion === 'string' && Array.isArray(document.vulnerabilities)) {
    const catalogue = parseKev(document, name);
    file.kind = 'kev';
    file.problems.push(...catalogue.problems);
    file.content = { kind: 'kev', catalogue };
    return file;
  }
  if ('bomFormat' in document || (typeof document.specVersion === 'string' && '$schema' in document)) {
    file.kind = 'cyclonedx';
    const result = await parseCycloneDx(text, document, name);
    if ('problems' in result) file.problems.push(...result.problems);
    else file.content = { kind: 'cyclonedx', sbom: result.sbom };
    return file;
  }
  if ('spdxVersion' in document) {
    file.kind = 'spdx';
    const result = parseSpdx(document, name);
    if ('problems' in result) file.problems.push(...result.problems);
    else file.content = { kind: 'spdx', sbom: result.sbom };
    return file;
  }
  return reject('/', expectedKinds);
}
