import { isLocallyAdministeredMac } from '../decode/address-format.js';
import type { Evidence } from '../observe/observation.js';
import { attributeConfidence } from './attribute-confidence.js';
import type { AttributeDraft, DeviceDraft } from './device-draft.js';
import { type FindingTypeName, findingTypes } from './finding-types.js';
import type { OuiRegistry } from './oui-registry.js';
import { isPrivateAddress } from './private-address.js';
import { rotationKeyOf } from './randomised-mac.js';

/** What every fact carries: when it was seen and the packet that shows it. */
export interface Sighting {
  kind: string;
  timestampMs: number;
  evidence: Evidence;
}

/**
 * The drafts of one ingest. Devices are keyed by MAC; facts seen only at the IP layer (a web
 * server's software, say) go to a draft keyed by IP, and `devices()` folds each into the device
 * that ARP or DHCP bound that address to. An address never bound stays a device of its own if it
 * is private; public addresses are the Internet's and do not become devices.
 */
export class DraftBook {
  readonly #devices = new Map<string, DeviceDraft>();
  readonly #macByIp = new Map<string, string>();
  /**
   * Facts about an address that must not create a device by themselves (a DNS server naming it, a
   * SYN fingerprint): kept once per address, attribute and value, and applied in `devices()` to
   * whichever device holds the address.
   */
  readonly #annotations = new Map<string, { ip: string; attribute: AttributeDraft }>();
  /** Drafts touched since `changedDevices()` last took them. */
  readonly #changed = new Set<DeviceDraft>();

  constructor(readonly ouiRegistry: OuiRegistry) {}

  deviceForMac(mac: string, sighting: Sighting): DeviceDraft {
    const device = this.#draft(`mac:${mac}`, sighting);
    this.addAttribute(device, 'mac', mac, sighting.kind, attributeConfidence.macFromLinkLayer, sighting);
    if (isLocallyAdministeredMac(Number.parseInt(mac.slice(0, 2), 16))) {
      // Randomised (private) addresses belong to no registry: a lookup would name a stranger.
      this.addAttribute(
        device,
        'mac.locally-administered',
        'true',
        'mac-address',
        attributeConfidence.macFlag,
        sighting,
      );
      return device;
    }
    const assignment = this.ouiRegistry.lookup(mac);
    if (assignment !== undefined && assignment.organization !== '' && assignment.organization !== 'Private') {
      this.addAttribute(
        device,
        'vendor',
        assignment.organization,
        `ieee-oui:${assignment.registry}`,
        attributeConfidence.vendorFromOui,
        sighting,
      );
    }
    return device;
  }

  /** The draft for facts known only by IP address; resolved to a MAC-keyed device in `devices()`. */
  deviceForIp(ip: string, sighting: Sighting): DeviceDraft {
    const device = this.#draft(`ip:${ip}`, sighting);
    this.addAttribute(device, 'ip', ip, sighting.kind, attributeConfidence.ipFromTraffic, sighting);
    return device;
  }

  /**
   * An attribute for whichever device holds `ip` at the end of the ingest. It creates no device:
   * an address only named by others, never seen itself, is not on the network.
   */
  annotateAddress(
    ip: string,
    name: string,
    value: string,
    source: string,
    confidence: number,
    sighting: Sighting,
  ): void {
    const key = `${ip}\u0000${name}\u0000${value}\u0000${source}`;
    const at = sighting.timestampMs;
    const existing = this.#annotations.get(key);
    if (existing !== undefined) widen(existing.attribute, at, at, sighting.evidence);
    else {
      this.#annotations.set(key, {
        ip,
        attribute: {
          name,
          value,
          source,
          confidence,
          firstSeenMs: at,
          lastSeenMs: at,
          evidence: sighting.evidence,
        },
      });
    }
  }

  /** Records that `ip` belongs to `mac` on this segment (ARP, a DHCP lease). */
  bindIp(ip: string, mac: string): void {
    this.#macByIp.set(ip, mac);
  }

  /** The MAC an address is bound to so far in this capture, or undefined. */
  macOfIp(ip: string): string | undefined {
    return this.#macByIp.get(ip);
  }

  /** Traffic moves a known device's last-seen time; it creates no device (routers carry many IPs). */
  extendLastSeen(mac: string, atMs: number): void {
    const device = this.#devices.get(`mac:${mac}`);
    if (device !== undefined && atMs > device.lastSeenMs) {
      device.lastSeenMs = atMs;
      this.#changed.add(device);
    }
  }

  addAttribute(
    device: DeviceDraft,
    name: string,
    value: string,
    source: string,
    confidence: number,
    sighting: Pick<Sighting, 'timestampMs' | 'evidence'>,
  ): void {
    const key = attributeKey({ name, value, source });
    const at = sighting.timestampMs;
    const existing = device.attributes.get(key);
    if (existing !== undefined) widen(existing, at, at, sighting.evidence);
    else {
      device.attributes.set(key, {
        name,
        value,
        source,
        confidence,
        firstSeenMs: at,
        lastSeenMs: at,
        evidence: sighting.evidence,
      });
    }
    widen(device, at, at);
    this.#changed.add(device);
  }

  addProtocol(device: DeviceDraft, protocol: string, atMs: number): void {
    const existing = device.protocols.get(protocol);
    if (existing !== undefined) widen(existing, atMs, atMs);
    else device.protocols.set(protocol, { protocol, firstSeenMs: atMs, lastSeenMs: atMs });
    this.#changed.add(device);
  }

  /** Raises a finding, or widens it; `detail` (what was measured) joins any earlier detail of this ingest. */
  addFinding(device: DeviceDraft, type: FindingTypeName, sighting: Sighting, detail?: string): void {
    const at = sighting.timestampMs;
    this.#changed.add(device);
    const existing = device.findings.get(type);
    if (existing !== undefined) {
      widen(existing, at, at, sighting.evidence);
      if (detail !== undefined && existing.detail !== detail)
        existing.detail =
          existing.detail === undefined ? detail : `${existing.detail}; ${detail}`.slice(0, 1000);
    } else
      device.findings.set(type, {
        type,
        ...findingTypes[type],
        detail,
        firstSeenMs: at,
        lastSeenMs: at,
        evidence: sighting.evidence,
      });
  }

  /**
   * Raises a finding whose detail is a measure summed over the ingest, per subject (a protocol):
   * `DICOM: 3 of 40 data sets carried PatientID, PatientName; HL7: …`. Each connection's
   * summary adds its counts, so the detail stays one line however many connections there were.
   * Only connections that carried any are measured: `total` counts the units on those.
   */
  measureFinding(
    device: DeviceDraft,
    type: FindingTypeName,
    sighting: Sighting,
    measure: { subject: string; unit: string; count: number; total: number; names: readonly string[] },
  ): void {
    this.addFinding(device, type, sighting);
    const finding = device.findings.get(type)!;
    finding.measures ??= new Map();
    const existing = finding.measures.get(measure.subject);
    if (existing === undefined)
      finding.measures.set(measure.subject, { ...measure, names: new Set(measure.names) });
    else {
      existing.count += measure.count;
      existing.total += measure.total;
      for (const name of measure.names) existing.names.add(name);
    }
    finding.detail = [...finding.measures.values()]
      .map(
        (entry) =>
          `${entry.subject}: ${entry.count} of ${entry.total} ${entry.unit} carried ${[...entry.names].sort().join(', ')}`,
      )
      .join('; ');
  }

  /**
   * What changed since the last call in the drafts that can be stored before the capture ends:
   * devices known by a globally assigned MAC, with the facts about their addresses found so far.
   * Drafts known only by IP address wait for `devices()`, as do randomised MACs: ARP or DHCP
   * may yet bind the address to a device, or a host name tie the MAC to another, and a device
   * stored early could not be taken back.
   *
   * Each returned draft is a delta: the attributes and protocols seen since the last call (the
   * book forgets those it handed over; the store's merge widens what it holds with them), the
   * findings whole (a measured finding's detail sums the whole run), the device's time span. So a
   * sensor running for months holds what its devices did since the last commit, not everything
   * they ever did, and each commit sends that much.
   */
  changedDevices(): DeviceDraft[] {
    for (const [key, { ip, attribute }] of this.#annotations) {
      const mac = this.#macByIp.get(ip);
      const holder = mac === undefined ? undefined : this.#devices.get(`mac:${mac}`);
      if (holder === undefined) continue;
      mergeEntries(holder.attributes, new Map([[attributeKey(attribute), attribute]]));
      this.#changed.add(holder);
      this.#annotations.delete(key);
    }
    const ready: DeviceDraft[] = [];
    for (const draft of this.#changed) {
      if (!isStorableEarly(draft.identityKey)) continue;
      ready.push({ ...draft, findings: new Map(draft.findings) });
      draft.attributes = new Map();
      draft.protocols = new Map();
      this.#changed.delete(draft);
    }
    return ready;
  }

  /** The devices of this ingest, with IP-only facts folded into the devices their addresses are bound to. */
  devices(): DeviceDraft[] {
    for (const { ip, attribute } of this.#annotations.values()) {
      const mac = this.#macByIp.get(ip);
      const holder = this.#devices.get(mac === undefined ? `ip:${ip}` : `mac:${mac}`);
      if (holder !== undefined)
        mergeEntries(holder.attributes, new Map([[attributeKey(attribute), attribute]]));
    }
    this.#annotations.clear();
    this.#changed.clear();
    const resolved: DeviceDraft[] = [];
    for (const draft of this.#devices.values()) {
      if (!draft.identityKey.startsWith('ip:')) {
        resolved.push(draft);
        continue;
      }
      const ip = draft.identityKey.slice(3);
      const mac = this.#macByIp.get(ip);
      const owner = mac === undefined ? undefined : this.#devices.get(`mac:${mac}`);
      if (owner !== undefined) mergeInto(owner, draft);
      else if (isPrivateAddress(ip)) resolved.push(draft);
    }
    return linkRotatedMacs(resolved);
  }

  #draft(identityKey: string, sighting: Sighting): DeviceDraft {
    let device = this.#devices.get(identityKey);
    if (device === undefined) {
      device = {
        identityKey,
        firstSeenMs: sighting.timestampMs,
        lastSeenMs: sighting.timestampMs,
        attributes: new Map(),
        protocols: new Map(),
        findings: new Map(),
      };
      this.#devices.set(identityKey, device);
    }
    this.#changed.add(device);
    return device;
  }
}

/** A draft keyed by a globally assigned MAC (see `changedDevices`). */
function isStorableEarly(identityKey: string): boolean {
  return (
    identityKey.startsWith('mac:') && !isLocallyAdministeredMac(Number.parseInt(identityKey.slice(4, 6), 16))
  );
}

/** How attributes are keyed in a draft: one entry per name, value and source. */
function attributeKey(attribute: Pick<AttributeDraft, 'name' | 'value' | 'source'>): string {
  return `${attribute.name}\u0000${attribute.value}\u0000${attribute.source}`;
}

interface SeenRange {
  firstSeenMs: number;
  lastSeenMs: number;
  evidence?: Evidence;
}

/** Widens `entry` to cover the range; where evidence is kept, it follows the earliest sighting. */
function widen(entry: SeenRange, firstSeenMs: number, lastSeenMs: number, evidence?: Evidence): void {
  if (firstSeenMs < entry.firstSeenMs) {
    entry.firstSeenMs = firstSeenMs;
    if (evidence !== undefined) entry.evidence = evidence;
  }
  if (lastSeenMs > entry.lastSeenMs) entry.lastSeenMs = lastSeenMs;
}

/** Adds every entry of `source` to `target`, widening the entries both hold. */
function mergeEntries<Entry extends SeenRange>(target: Map<string, Entry>, source: Map<string, Entry>): void {
  for (const [key, entry] of source) {
    const existing = target.get(key);
    if (existing === undefined) target.set(key, entry);
    else widen(existing, entry.firstSeenMs, entry.lastSeenMs, entry.evidence);
  }
}

/** Folds `draft`'s attributes, protocols, findings and time span into `owner`. */
export function mergeInto(owner: DeviceDraft, draft: DeviceDraft): void {
  mergeEntries(owner.attributes, draft.attributes);
  mergeEntries(owner.protocols, draft.protocols);
  mergeEntries(owner.findings, draft.findings);
  widen(owner, draft.firstSeenMs, draft.lastSeenMs);
}

/** Devices with randomised MACs that named themselves alike over DHCP are one device: folded into the earliest seen. */
function linkRotatedMacs(devices: DeviceDraft[]): DeviceDraft[] {
  const earliest = new Map<string, DeviceDraft>();
  for (const device of devices) {
    const key = rotationKeyOf(device);
    if (key === undefined) continue;
    const first = earliest.get(key);
    if (first === undefined || device.firstSeenMs < first.firstSeenMs) earliest.set(key, device);
  }
  return devices.filter((device) => {
    const key = rotationKeyOf(device);
    const first = key === undefined ? undefined : earliest.get(key);
    if (first === undefined || first === device) return true;
    mergeInto(first, device);
    return false;
  });
}
