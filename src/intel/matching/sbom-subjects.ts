import { parseCpe } from '../cpe-name.js';
import type { AttachedSbom } from '../sbom/sbom.js';
import { rangeVerdict } from '../version/version-range.js';
import type { MatchSubject } from './device-matcher.js';
import { matchProduct, productWords } from './product-match.js';

/** How far an SBOM component's own name identifies it against NVD's: a CPE is meant for it, a package name is not. */
const componentFromCpe = 0.95;
const componentFromName = 0.8;

/**
 * The components of every SBOM attached to a device's vendor and model (and, when the SBOM names
 * versions, its firmware), as subjects for the matcher: a component with a CPE is looked up under
 * that CPE's vendor and product, one with only a package URL or name by its product name alone.
 */
export function sbomSubjects(
  subjects: readonly MatchSubject[],
  sboms: readonly AttachedSbom[],
  vendorKeyOf: (name: string) => string,
): MatchSubject[] {
  const found: MatchSubject[] = [];
  for (const sbom of sboms) {
    const owner = subjects.find((subject) => subject.vendorKey === sbom.vendorKey && subject.via === null);
    if (owner === undefined) continue;
    const attached = matchProduct(owner.modelWords, productWords(sbom.model, sbom.vendorKey));
    if (attached === null || rangeVerdict(sbom.range, owner.version) === 'outside') continue;
    const attachConfidence = owner.vendorConfidence * attached.confidence;
    for (const component of sbom.components) {
      const cpe = component.cpe === null ? null : parseCpe(component.cpe);
      const name =
        cpe?.product ?? packageName(component.purl) ?? component.name.split('/').pop() ?? component.name;
      const version =
        cpe !== null && cpe.version !== '*' && cpe.version !== '-' ? cpe.version : component.version;
      const vendorKey = cpe === null ? '' : vendorKeyOf(cpe.vendor.replaceAll('_', ' '));
      found.push({
        vendorKey,
        vendorName: cpe?.vendor ?? component.supplier ?? '(package name only)',
        vendorConfidence: attachConfidence * (cpe === null ? componentFromName : componentFromCpe),
        vendorBasis: `SBOM "${sbom.name}" for ${sbom.vendor} ${sbom.model}`,
        modelWords: productWords(name.replaceAll('_', ' '), vendorKey),
        model: name,
        version,
        via: `${component.name}${component.version === null ? '' : ` ${component.version}`}`,
        condition: null,
      });
    }
  }
  return found;
}

/** `pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4?type=jar` → `jackson-databind`. */
function packageName(purl: string | null): string | null {
  if (purl === null || !purl.startsWith('pkg:')) return null;
  const path = purl.slice(4).split(/[?#]/)[0] as string;
  const name = path.split('@')[0]?.split('/').pop();
  return name === undefined || name === '' ? null : decodeURIComponent(name);
}
