import { formatIpv4Bytes, formatIpv6Words, formatMac } from '../../decode/address-format.js';
import type { PacketView } from '../../decode/packet-view.js';
import { printableText } from '../../observe/printable-text.js';
import { type DissectContext, type Dissector, evidenceOf } from '../dissector.js';
import type { Protocol } from '../protocol.js';
import { CdpTlv, cdpSnapHeader, LldpTlv, lldpCapabilityNames, lldpEtherType } from './consts.js';
import { foldNeighbour } from './fold.js';
import type { NeighbourAdvertisementObservation } from './observation.js';

/** Chassis and port id subtypes that hold a MAC address (IEEE 802.1AB-2016 §8.5.2.2, §8.5.3.2). */
const chassisSubtypeMac = 4;
const portSubtypeMac = 3;
const addressFamilyIpv4 = 1;
const addressFamilyIpv6 = 2;

/**
 * LLDP (IEEE 802.1AB) and CDP neighbour advertisements: the system name, description, platform,
 * capabilities and management address a device announces on its segment.
 */
export const lldpDissector: Dissector = {
  protocol: 'lldp',
  matches: (view) => view.etherType === lldpEtherType || isCdp(view),
  dissect(view: PacketView, context: DissectContext): void {
    const isLldp = view.etherType === lldpEtherType;
    const observation = isLldp ? readLldp(view, context) : readCdp(view, context);
    if (observation === undefined) context.counters.countMalformed(isLldp ? 'lldp' : 'cdp');
    else context.emit(observation);
  },
};

function isCdp(view: PacketView): boolean {
  // An 802.3 frame (length, not EtherType) with the CDP SNAP header.
  if (view.etherType > 1500 || view.sourceMacOffset < 0) return false;
  const data = view.packet.data;
  const end = view.packet.offset + view.packet.capturedLength;
  if (end - view.networkOffset < cdpSnapHeader.length + 4) return false;
  return (
    data.compare(
      cdpSnapHeader,
      0,
      cdpSnapHeader.length,
      view.networkOffset,
      view.networkOffset + cdpSnapHeader.length,
    ) === 0
  );
}

function emptyAdvertisement(
  view: PacketView,
  context: DissectContext,
  protocol: 'lldp' | 'cdp',
): NeighbourAdvertisementObservation {
  return {
    kind: 'neighbour.advertisement',
    timestampMs: view.packet.timestampMs,
    evidence: evidenceOf(view, context),
    protocol,
    sourceMac: formatMac(view.packet.data, view.sourceMacOffset),
    chassisId: undefined,
    portId: undefined,
    systemName: undefined,
    systemDescription: undefined,
    platform: undefined,
    capabilities: [],
    managementAddress: undefined,
    vlanId: view.vlanId,
  };
}

function readLldp(view: PacketView, context: DissectContext): NeighbourAdvertisementObservation | undefined {
  if (view.sourceMacOffset < 0) return undefined;
  const data = view.packet.data;
  const end = view.packet.offset + view.packet.capturedLength;
  const observation = emptyAdvertisement(view, context, 'lldp');
  let at = view.networkOffset;
  while (at + 2 <= end) {
    const header = data.readUInt16BE(at);
    const type = header >> 9;
    const length = header & 0x01ff;
    const value = at + 2;
    if (value + length > end) return undefined;
    if (type === LldpTlv.end) return observation;
    readLldpTlv(observation, type, data, value, length);
    at = value + length;
  }
  // No End TLV: the frame was cut or is not LLDP.
  return undefined;
}

function readLldpTlv(
  observation: NeighbourAdvertisementObservation,
  type: number,
  data: Buffer,
  value: number,
  length: number,
): void {
  switch (type) {
    case LldpTlv.chassisId:
      if (length >= 2) observation.chassisId = idText(data, value, length, chassisSubtypeMac);
      break;
    case LldpTlv.portId:
      if (length >= 2) observation.portId = idText(data, value, length, portSubtypeMac);
      break;
    case LldpTlv.systemName:
      observation.systemName = text(data, value, length);
      break;
    case LldpTlv.systemDescription:
      observation.systemDescription = text(data, value, length);
      break;
    case LldpTlv.systemCapabilities:
      if (length >= 4) observation.capabilities = capabilityNames(data.readUInt16BE(value + 2));
      break;
    case LldpTlv.managementAddress:
      // Address string length (covering the family octet), family, address (§8.5.9).
      if (observation.managementAddress === undefined && length >= 2 && data[value]! + 1 <= length) {
        observation.managementAddress = address(data, value + 1, data[value]!);
      }
      break;
  }
}

/** A chassis or port id: a MAC when its subtype says so, otherwise text. */
function idText(data: Buffer, value: number, length: number, macSubtype: number): string | undefined {
  if (data[value] === macSubtype && length === 7) return formatMac(data, value + 1);
  return text(data, value + 1, length - 1);
}

/** An address family octet (IANA) followed by the address; `length` covers both. */
function address(data: Buffer, at: number, length: number): string | undefined {
  const family = data[at];
  if (family === addressFamilyIpv4 && length === 5) return formatIpv4Bytes(data, at + 1);
  if (family === addressFamilyIpv6 && length === 17) {
    return formatIpv6Words([0, 4, 8, 12].map((offset) => data.readUInt32BE(at + 1 + offset)));
  }
  return undefined;
}

function capabilityNames(bits: number): string[] {
  return lldpCapabilityNames.filter((_, bit) => (bits & (1 << bit)) !== 0);
}

function text(data: Buffer, start: number, length: number): string | undefined {
  let end = start + length;
  while (end > start && data[end - 1] === 0) end -= 1;
  return printableText(data.toString('utf8', start, end), 512) || undefined;
}

/** CDP: version, TTL, checksum, then type-length-value records with 16-bit fields. */
function readCdp(view: PacketView, context: DissectContext): NeighbourAdvertisementObservation | undefined {
  const data = view.packet.data;
  const end = Math.min(view.packet.offset + view.packet.capturedLength, view.networkOffset + view.etherType);
  const observation = emptyAdvertisement(view, context, 'cdp');
  let at = view.networkOffset + cdpSnapHeader.length + 4;
  while (at + 4 <= end) {
    const type = data.readUInt16BE(at);
    const length = data.readUInt16BE(at + 2);
    if (length < 4 || at + length > end) return undefined;
    const value = at + 4;
    const valueLength = length - 4;
    if (type === CdpTlv.deviceId) observation.chassisId = text(data, value, valueLength);
    else if (type === CdpTlv.portId) observation.portId = text(data, value, valueLength);
    else if (type === CdpTlv.softwareVersion) observation.systemDescription = text(data, value, valueLength);
    else if (type === CdpTlv.platform) observation.platform = text(data, value, valueLength);
    else if (type === CdpTlv.addresses)
      observation.managementAddress ??= cdpFirstAddress(data, value, value + valueLength);
    at += length;
  }
  observation.systemName = observation.chassisId;
  return observation;
}

/** The first IPv4 address of a CDP Addresses TLV (NLPID protocol 0xcc). */
function cdpFirstAddress(data: Buffer, start: number, end: number): string | undefined {
  if (start + 4 > end || data.readUInt32BE(start) === 0) return undefined;
  let at = start + 4;
  // Each entry: protocol type (1), protocol length (1), protocol, address length (2), address.
  if (at + 2 > end) return undefined;
  const protocolLength = data[at + 1]!;
  const protocol = data[at + 2];
  at += 2 + protocolLength;
  if (at + 2 > end) return undefined;
  const addressLength = data.readUInt16BE(at);
  at += 2;
  if (protocol !== 0xcc || addressLength !== 4 || at + 4 > end) return undefined;
  return formatIpv4Bytes(data, at);
}

/** LLDP and CDP: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const lldpProtocol: Protocol<NeighbourAdvertisementObservation> = {
  name: 'lldp',
  packetDissector: lldpDissector,
  kinds: ['neighbour.advertisement'],
  fold: foldNeighbour,
};
