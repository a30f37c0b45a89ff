import type { VersionRange } from '../version/version-range.js';

/** One component a device's software bill of materials lists. */
export interface SbomComponent {
  name: string;
  version: string | null;
  /** Package URL (`pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1`), or null. */
  purl: string | null;
  /** CPE 2.3 or 2.2 name, or null. */
  cpe: string | null;
  supplier: string | null;
}

/** What the SBOM says it describes, when it says (CycloneDX `metadata.component`, SPDX's described package). */
export interface SbomSubject {
  vendor: string | null;
  model: string | null;
  version: string | null;
}

/** An SBOM attached to a vendor (by key), a model and the versions it describes, as stored. */
export interface AttachedSbom {
  id: string;
  name: string;
  format: string;
  vendor: string;
  vendorKey: string;
  model: string;
  range: VersionRange;
  components: SbomComponent[];
}

/** An SBOM read from CycloneDX or SPDX JSON. */
export interface Sbom {
  format: 'cyclonedx' | 'spdx';
  specVersion: string;
  subject: SbomSubject;
  components: SbomComponent[];
}
