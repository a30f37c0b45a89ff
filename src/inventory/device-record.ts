import type { Evidence } from '../observe/observation.js';
import type { Classification } from './classification/classify.js';

/** One attribute value as stored, with the evidence for it. */
export interface DeviceAttribute {
  name: string;
  value: string;
  source: string;
  confidence: number;
  firstSeen: string;
  lastSeen: string;
  evidence: Evidence;
}

/** The source of an analyst's value for an attribute: it outranks every observation until cleared. */
export const overrideSource = 'override';

/** One line of a device's history: what changed, when, by whom (`ingest` for traffic) and why. */
export interface DeviceEvent {
  at: string;
  /** `new-device`, `attribute-changed`, `firmware-downgrade`, `went-silent`, `override-set`, `override-cleared`, `merged`, `split`, `control-set`, `control-cleared`. */
  kind: string;
  attribute: string | null;
  before: string | null;
  after: string | null;
  actor: string;
  reason: string | null;
  evidence: Evidence | null;
}

/** A security finding on a device, with the packet that first showed it. */
export interface DeviceFinding {
  /** e.g. `cleartext-credentials`. */
  type: string;
  severity: string;
  summary: string;
  remedy: string;
  /** What the finding measured (counts, element names), when it says more than its type; else null. */
  detail: string | null;
  firstSeen: string;
  lastSeen: string;
  evidence: Evidence;
}

/**
 * A device as `vigil devices --json` and `vigil device --json` print it. Scripts depend on these
 * field names: add fields, never rename or remove them.
 */
export interface DeviceRecord {
  id: string;
  /** Lower-case, colon-separated. */
  macs: string[];
  ips: string[];
  hostnames: string[];
  /** The best-supported vendor (highest confidence, then earliest seen), or null. */
  vendor: string | null;
  /** The classified type (`infusion pump`, `CT scanner`, …) and category (medical, IT, IoT, OT), or null without evidence. */
  type: string | null;
  category: string | null;
  /** The best-supported model, from the device's own words (DICOM equipment, a POCT hello, …), or null. */
  model: string | null;
  /** The best-supported software or firmware version the device reported, or null. */
  firmware: string | null;
  /** The best-supported manufacturer the device names itself (not the NIC's OUI owner), or null. */
  manufacturer: string | null;
  /** Clinical roles its traffic shows (`CT modality`, `PACS/archive`, `observation source …`), best-supported first. */
  roles: string[];
  /** Protocols the device was seen speaking, e.g. `dhcp`, `arp`. */
  protocols: string[];
  firstSeen: string;
  lastSeen: string;
  attributes: DeviceAttribute[];
  /** Security findings raised from traffic, most severe first. */
  findings: DeviceFinding[];
  /** Why the type, category (and any manufacturer or model the rules name) are what they are: per field the winning value, its combined confidence, every rule behind it with the facts it read, and the values that lost. */
  classification: Classification;
  /** The asset tag the hospital's asset list (CMMS) gives it, or null. */
  assetTag: string | null;
  /** False for a device known only from an asset list: no traffic has shown it yet. */
  seenOnNetwork: boolean;
  /** `mac`; `ip` for a device seen only by address (behind a router, or no ARP/DHCP captured); `asset` for one only an asset list names. */
  knownBy: 'mac' | 'ip' | 'asset';
  /** `online` when seen within a day of the latest traffic the store holds, else `offline`; `not seen` for an asset never seen. */
  status: 'online' | 'offline' | 'not seen';
}

/** The values of one attribute, best-supported first, each value once. */
export function attributeValues(attributes: readonly DeviceAttribute[], name: string): string[] {
  const best = new Map<string, DeviceAttribute>();
  for (const attribute of attributes) {
    if (attribute.name !== name) continue;
    const current = best.get(attribute.value);
    if (current === undefined || attribute.confidence > current.confidence)
      best.set(attribute.value, attribute);
  }
  return [...best.values()]
    .sort(
      (left, right) =>
        right.confidence - left.confidence ||
        left.firstSeen.localeCompare(right.firstSeen) ||
        left.value.localeCompare(right.value),
    )
    .map((attribute) => attribute.value);
}
