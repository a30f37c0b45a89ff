import { fhirResourceTypes } from './resource-types.js';

/** What a FHIR message body shows, with no element value of a patient's kept. */
export interface FhirBodyFacts {
  format: 'json' | 'xml';
  /** Every resource in the body by type (the body's own, Bundle entries, contained ones), counted. */
  resourceTypes: Map<string, number>;
  /** Bundle.type of a Bundle body (`transaction`, `batch`, `searchset`, …). */
  bundleType: string | undefined;
  /** From a CapabilityStatement (or DSTU2 Conformance): the server software and FHIR version. */
  softwareName: string | undefined;
  softwareVersion: string | undefined;
  fhirVersion: string | undefined;
}

const jsonResourceType = /"resourceType"\s*:\s*"([A-Za-z]{1,64})"/g;
const jsonBundleType =
  /"type"\s*:\s*"(document|message|transaction|transaction-response|batch|batch-response|history|searchset|collection)"/;
const jsonSoftware = /"software"\s*:\s*\{([^{}]{0,2000})\}/;
const jsonName = /"name"\s*:\s*"((?:[^"\\]|\\.){1,200})"/;
const jsonVersion = /"version"\s*:\s*"((?:[^"\\]|\\.){1,100})"/;
const jsonFhirVersion = /"fhirVersion"\s*:\s*"([0-9A-Za-z.-]{1,32})"/;

/** A resource in FHIR XML is an element of that name in the FHIR namespace, at the root or inside `resource`/`contained`. */
const xmlRootResource = /<([A-Za-z]{1,64})\s[^>]*xmlns\s*=\s*"http:\/\/hl7\.org\/fhir"/;
const xmlNestedResource = /<(?:resource|contained)>\s*<([A-Za-z]{1,64})[\s>/]/g;
const xmlBundleType =
  /<type\s+value="(document|message|transaction|transaction-response|batch|batch-response|history|searchset|collection)"/;
const xmlSoftware = /<software>([\s\S]{0,2000}?)<\/software>/;
const xmlName = /<name\s+value="([^"]{1,200})"/;
const xmlVersion = /<version\s+value="([^"]{1,100})"/;
const xmlFhirVersion = /<fhirVersion\s+value="([0-9A-Za-z.-]{1,32})"/;

/**
 * Reads a FHIR body, JSON or XML (http://hl7.org/fhir/R4/formats.html), by pattern rather than
 * by parsing, so that a body cut short by the capture limit still gives its resource types and
 * no patient's values are ever turned into objects. Undefined when the body is neither.
 */
export function readFhirBody(body: Buffer): FhirBodyFacts | undefined {
  const text = body.toString('utf8');
  const start = text.trimStart()[0];
  if (start === '{') return readJson(text);
  if (start === '<') return readXml(text);
  return undefined;
}

function readJson(text: string): FhirBodyFacts {
  const resourceTypes = new Map<string, number>();
  for (const match of text.matchAll(jsonResourceType)) count(resourceTypes, match[1]!);
  const software = jsonSoftware.exec(text)?.[1];
  return {
    format: 'json',
    resourceTypes,
    bundleType: resourceTypes.has('Bundle') ? jsonBundleType.exec(text)?.[1] : undefined,
    ...capability(
      resourceTypes,
      software,
      jsonName,
      jsonVersion,
      () => jsonFhirVersion.exec(text)?.[1],
      true,
    ),
  };
}

function readXml(text: string): FhirBodyFacts {
  const resourceTypes = new Map<string, number>();
  const root = xmlRootResource.exec(text)?.[1];
  if (root !== undefined) count(resourceTypes, root);
  for (const match of text.matchAll(xmlNestedResource)) count(resourceTypes, match[1]!);
  const software = xmlSoftware.exec(text)?.[1];
  return {
    format: 'xml',
    resourceTypes,
    bundleType: root === 'Bundle' ? xmlBundleType.exec(text)?.[1] : undefined,
    ...capability(resourceTypes, software, xmlName, xmlVersion, () => xmlFhirVersion.exec(text)?.[1], false),
  };
}

function capability(
  resourceTypes: ReadonlyMap<string, number>,
  software: string | undefined,
  name: RegExp,
  version: RegExp,
  fhirVersion: () => string | undefined,
  isJson: boolean,
): Pick<FhirBodyFacts, 'softwareName' | 'softwareVersion' | 'fhirVersion'> {
  if (!resourceTypes.has('CapabilityStatement') && !resourceTypes.has('Conformance'))
    return { softwareName: undefined, softwareVersion: undefined, fhirVersion: undefined };
  const value = (pattern: RegExp) => {
    const found = software === undefined ? undefined : pattern.exec(software)?.[1];
    return found === undefined ? undefined : isJson ? unescapeJson(found) : found;
  };
  return { softwareName: value(name), softwareVersion: value(version), fhirVersion: fhirVersion() };
}

/** Only known resource types count: `resourceType` is FHIR's, a value from elsewhere is not. */
function count(types: Map<string, number>, type: string): void {
  if (fhirResourceTypes.has(type)) types.set(type, (types.get(type) ?? 0) + 1);
}

function unescapeJson(text: string): string {
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}
