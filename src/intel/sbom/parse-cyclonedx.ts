import { Validation } from '@cyclonedx/cyclonedx-library';
import type { FeedProblem } from '../advisory.js';
import { objectsIn, textOf } from '../json-shape.js';
import type { Sbom, SbomComponent } from './sbom.js';

type Json = Record<string, unknown>;

/**
 * Validates a CycloneDX JSON BOM against its version's schema (1.2–1.6, strict, with the
 * CycloneDX library's validator) and reads its components, nested ones included, with their
 * purl, CPE and supplier. The subject is `metadata.component`, its maker taken from
 * `metadata.manufacturer` (1.6), the component's `manufacturer` or `supplier`.
 */
export async function parseCycloneDx(
  text: string,
  document: Json,
  name: string,
): Promise<{ sbom: Sbom } | { problems: FeedProblem[] }> {
  const specVersion = textOf(document.specVersion);
  let errors: unknown;
  try {
    errors = await new Validation.JsonStrictValidator(specVersion as never).validate(text);
  } catch (error) {
    return {
      problems: [
        {
          name,
          location: '/specVersion',
          message: `expected a CycloneDX version 1.2 to 1.6: ${(error as Error).message}`,
        },
      ],
    };
  }
  if (errors !== null && errors !== undefined) {
    const list = Array.isArray(errors) ? (errors as Json[]) : [errors as Json];
    return {
      problems: list.slice(0, 10).map((error) => ({
        name,
        location: String(error.instancePath ?? '/') || '/',
        message: `CycloneDX ${specVersion} schema: ${String(error.message ?? JSON.stringify(error))}`,
      })),
    };
  }
  const components: SbomComponent[] = [];
  const walk = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const component of objectsIn(list)) {
      components.push({
        name: [component.group, component.name]
          .filter((part) => typeof part === 'string' && part !== '')
          .join('/'),
        version: typeof component.version === 'string' ? component.version : null,
        purl: typeof component.purl === 'string' ? component.purl : null,
        cpe: typeof component.cpe === 'string' ? component.cpe : null,
        supplier: nameOf(component.supplier) ?? nameOf(component.manufacturer) ?? null,
      });
      walk(component.components);
    }
  };
  walk(document.components);
  const metadata = (document.metadata ?? {}) as Json;
  const subject = (metadata.component ?? {}) as Json;
  return {
    sbom: {
      format: 'cyclonedx',
      specVersion,
      subject: {
        vendor:
          nameOf(metadata.manufacturer) ??
          nameOf(subject.manufacturer) ??
          nameOf(subject.supplier) ??
          nameOf(metadata.supplier),
        model: typeof subject.name === 'string' ? subject.name : null,
        version: typeof subject.version === 'string' ? subject.version : null,
      },
      components,
    },
  };
}

function nameOf(party: unknown): string | null {
  const name = (party as Json | undefined)?.name;
  return typeof name === 'string' && name !== '' ? name : null;
}
