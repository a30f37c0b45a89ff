/**
 * What a baseline remembers of a device, one set of facts per category. Each fact is a short
 * string a person can read (`tcp/104`, `"MODALITY1" at 10.1.0.7`, `ADT^A01`); a deviation is a
 * fact the baseline never held.
 */
export const factCategories = [
  /** Services it answered: `tcp/104`. */
  'serves',
  /** Services of other hosts of the hospital it opened: `tcp/104 on 10.1.0.5`. */
  'reaches',
  /** Hosts of the hospital that opened its services: `10.1.0.9 to tcp/104`. */
  'clients',
  /** Public addresses it opened connections to. */
  'outsidePeers',
  /** Application protocols it spoke, with its side: `dicom server`, `smb client`. */
  'protocols',
  /** Who asked it DICOM queries or retrievals (C-FIND, C-MOVE, C-GET): `"FINDSCU" at 10.1.0.9`. */
  'dicomQueryCallers',
  /** DIMSE operations with their SOP class, and its side: `server C-FIND-RQ Study Root … FIND`. */
  'dicomOperations',
  /** Where it sent images (C-STORE): `"PACS" at 10.1.0.5`. */
  'dicomStoreDestinations',
  /** Who sent it HL7 v2: `LAB|MAIN at 10.1.0.20`. */
  'hl7Senders',
  /** HL7 message types it received: `ORU^R01`. */
  'hl7MessageTypes',
  /** FHIR interactions it served: `search-type Patient`. */
  'fhirInteractions',
  /** TLS server names it asked for (SNI). */
  'tlsNames',
  /** Services it took passwords in clear over: `telnet`, `FTP`, `HTTP Basic`. */
  'cleartextLogins',
  /** DNS servers that answered it. */
  'dnsServers',
  /** Of a device type: the devices it was learned from. */
  'members',
  /** Of the site: /24 subnets holding medical devices. */
  'clinicalSubnets',
] as const;

export type FactCategory = (typeof factCategories)[number];

/** Facts by category, each list sorted. */
export type FactSets = Partial<Record<FactCategory, string[]>>;

/** A `reaches` fact: `tcp/445 on 10.1.0.5`, one service on one host the subject opened. */
export function reachesFact(service: string, address: string): string {
  return `${service} on ${address}`;
}

/** The service and host of a `reaches` fact. */
export function partsOfReaches(fact: string): { service: string; address: string } {
  return { service: fact.slice(0, fact.indexOf(' ')), address: fact.slice(fact.lastIndexOf(' ') + 1) };
}

/** A `clients` fact: `10.1.0.9 to tcp/104`, a host of the hospital that opened one of the subject's services. */
export function clientsFact(client: string, service: string): string {
  return `${client} to ${service}`;
}
