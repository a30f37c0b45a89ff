import type { VersionRange } from './version/version-range.js';

/** The feeds `vigil feeds import` reads, each parsed by its own folder under `src/intel/`. */
export type FeedKind = 'nvd' | 'cve5' | 'csaf' | 'kev' | 'epss' | 'cyclonedx' | 'spdx' | 'recalls';

/** A CVSS score as a feed gives it. */
export interface CvssScore {
  /** `2.0`, `3.0`, `3.1` or `4.0`. */
  version: string;
  baseScore: number;
  vector: string;
  /** Who scored it (NVD, the CNA, the advisory's author). */
  source: string;
}

/** What an advisory says to do: CSAF 2.0 §3.2.3.12 remediation categories, as written there. */
export interface Remediation {
  /** `vendor_fix`, `mitigation`, `workaround`, `none_available` or `no_fix_planned`. */
  category: string;
  details: string;
  url: string | null;
}

/** Whether the rule's products are affected: CSAF product status groups and CVE 5 version status, folded. */
export type RuleStatus = 'affected' | 'fixed' | 'not-affected' | 'under-investigation';

/**
 * One product an advisory speaks of, and which of its versions: a CPE match of an NVD
 * configuration, a CVE 5 `affected` entry, or a CSAF product with its status.
 */
export interface ApplicabilityRule {
  /** The vendor as the feed writes it (a CPE's vendor field, a CSAF vendor branch). */
  vendor: string;
  /** The product as the feed writes it. */
  product: string;
  /** The CPE 2.3 name the rule came from, or null. */
  cpe: string | null;
  /** The CSAF product id (`CSAFPID-0001`), or null. */
  productId: string | null;
  range: VersionRange;
  status: RuleStatus;
  /** What the advisory says to do for these products. */
  remediations: Remediation[];
  /** What must also hold that Vigil does not check (an NVD platform, "installed on …"), or null. */
  condition: string | null;
}

/** One vulnerability as one source tells it. */
export interface VulnerabilityRecord {
  /** The CVE id, or the advisory's own id for a vulnerability without one. */
  id: string;
  /** Where it came from: `nvd:CVE-…`, `cve5:CVE-…`, `csaf:ICSMA-23-194-01`. Re-imports replace by origin. */
  origin: string;
  source: 'nvd' | 'cve5' | 'csaf';
  title: string | null;
  description: string | null;
  published: string | null;
  /** The source's own last-modified time; an import skips a record whose time has not changed. */
  modified: string | null;
  cwes: string[];
  scores: CvssScore[];
  rules: ApplicabilityRule[];
}

/** A document that could not be read, by name, with what was expected. */
export interface FeedProblem {
  name: string;
  /** Where in the document (a JSON pointer, a CSV line), when known. */
  location: string | null;
  message: string;
}
