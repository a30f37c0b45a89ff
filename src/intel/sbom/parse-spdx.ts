import type { FeedProblem } from '../advisory.js';
import { objectsIn, stringsIn, textOf } from '../json-shape.js';
import type { Sbom, SbomComponent } from './sbom.js';

type Json = Record<string, unknown>;

/**
 * Reads an SPDX 2.2 or 2.3 JSON document: its packages with version, supplier and the external
 * references of category PACKAGE-MANAGER (`purl`) and SECURITY (`cpe23Type`, `cpe22Type`). The
 * subject is the package the document describes (`documentDescribes` or a DESCRIBES
 * relationship). A document missing `spdxVersion`, `SPDXID` or a package list is reported.
 */
export function parseSpdx(document: Json, name: string): { sbom: Sbom } | { problems: FeedProblem[] } {
  const specVersion = textOf(document.spdxVersion);
  const problem = (location: string, message: string) => ({ problems: [{ name, location, message }] });
  if (!/^SPDX-2\.[23]$/.test(specVersion)) return problem('/spdxVersion', 'expected SPDX-2.2 or SPDX-2.3');
  if (document.SPDXID !== 'SPDXRef-DOCUMENT') return problem('/SPDXID', 'expected SPDXRef-DOCUMENT');
  if (!Array.isArray(document.packages)) return problem('/packages', 'expected a list of packages');
  const packages = objectsIn(document.packages);
  const components: SbomComponent[] = [];
  for (const [index, item] of packages.entries()) {
    if (typeof item?.name !== 'string' || typeof item.SPDXID !== 'string') {
      return problem(`/packages/${index}`, 'expected a package with name and SPDXID');
    }
    const references = objectsIn(item.externalRefs);
    const locator = (...types: string[]) =>
      references.find((reference) => types.includes(textOf(reference.referenceType)))?.referenceLocator;
    const purl = locator('purl');
    const cpe = locator('cpe23Type', 'cpe22Type');
    components.push({
      name: item.name,
      version: typeof item.versionInfo === 'string' ? item.versionInfo : null,
      purl: typeof purl === 'string' ? purl : null,
      cpe: typeof cpe === 'string' ? cpe : null,
      supplier: supplierName(item.supplier),
    });
  }
  const describedIds = [
    ...stringsIn(document.documentDescribes),
    ...objectsIn(document.relationships)
      .filter(
        (relationship) =>
          relationship.relationshipType === 'DESCRIBES' && relationship.spdxElementId === 'SPDXRef-DOCUMENT',
      )
      .map((relationship) => textOf(relationship.relatedSpdxElement)),
  ];
  const described = packages.find((item) => describedIds.includes(textOf(item.SPDXID)));
  return {
    sbom: {
      format: 'spdx',
      specVersion,
      subject: {
        vendor: supplierName(described?.supplier) ?? supplierName(described?.originator),
        model: typeof described?.name === 'string' ? described.name : null,
        version: typeof described?.versionInfo === 'string' ? described.versionInfo : null,
      },
      components,
    },
  };
}

/** `Organization: Acme Inc. (contact@acme.example)` → `Acme Inc.`; NOASSERTION → null. */
function supplierName(value: unknown): string | null {
  if (typeof value !== 'string' || value === 'NOASSERTION') return null;
  return value.replace(/^(Organization|Person):\s*/, '').replace(/\s*\([^)]*\)\s*$/, '') || null;
}
