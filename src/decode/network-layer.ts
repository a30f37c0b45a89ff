import { u16be, u32be } from './byte-order.js';
import type { DecodeCounters } from './decode-counters.js';
import { NetworkLayer, type PacketView } from './packet-view.js';

/** IPv6 extension headers that carry a next-header field and a length (RFC 8200 §4). */
const ipv6HopByHop = 0;
const ipv6Routing = 43;
const ipv6Fragment = 44;
const ipv6AuthenticationHeader = 51;
const ipv6DestinationOptions = 60;
const ipv6Mobility = 135;
const ipv6HostIdentity = 139;
const ipv6Shim6 = 140;

/** ARP for IPv4 over Ethernet (RFC 826): hardware type 1, protocol 0x0800, lengths 6 and 4. */
export function decodeArp(view: PacketView, counters: DecodeCounters): boolean {
  const data = view.packet.data;
  const at = view.networkOffset;
  const end = view.packet.offset + view.packet.capturedLength;
  if (end - at < 28 || data[at + 4] !== 6 || data[at + 5] !== 4) {
    counters.countMalformed('arp-truncated');
    return false;
  }
  view.networkLayer = NetworkLayer.arp;
  view.arpOperation = u16be(data, at + 6);
  view.arpSenderMacOffset = at + 8;
  view.arpSenderIpOffset = at + 14;
  view.arpTargetMacOffset = at + 18;
  view.arpTargetIpOffset = at + 24;
  counters.arp += 1;
  return true;
}

/**
 * IPv4 (RFC 791). Sets addresses and the transport offset; returns the transport header offset,
 * or -1 when there is no transport header to decode (malformed, or a later fragment).
 */
export function decodeIpv4(view: PacketView, counters: DecodeCounters): number {
  const data = view.packet.data;
  const at = view.networkOffset;
  const capturedEnd = view.packet.offset + view.packet.capturedLength;
  if (capturedEnd - at < 20) {
    counters.countMalformed('ipv4-truncated');
    return -1;
  }
  const headerLength = (data[at]! & 0x0f) * 4;
  const totalLength = u16be(data, at + 2);
  if (
    data[at]! >> 4 !== 4 ||
    headerLength < 20 ||
    totalLength < headerLength ||
    capturedEnd - at < headerLength
  ) {
    counters.countMalformed('ipv4-bad-header-length');
    return -1;
  }
  view.networkLayer = NetworkLayer.ipv4;
  counters.ipv4 += 1;
  const flagsAndOffset = u16be(data, at + 6);
  const fragmentOffset = flagsAndOffset & 0x1fff;
  const hasMoreFragments = (flagsAndOffset & 0x2000) !== 0;
  view.isFragment = hasMoreFragments || fragmentOffset !== 0;
  view.isFirstFragment = view.isFragment && fragmentOffset === 0;
  if (view.isFragment) counters.fragments += 1;
  view.timeToLive = data[at + 8]!;
  view.ipProtocol = data[at + 9]!;
  view.sourceIpOffset = at + 12;
  view.destinationIpOffset = at + 16;
  view.sourceAddress[0] = u32be(data, at + 12);
  view.destinationAddress[0] = u32be(data, at + 16);
  // Ethernet pads short frames: the IP total length, not the frame, says where the datagram ends.
  const datagramEnd = Math.min(capturedEnd, at + totalLength);
  view.payloadOffset = at + headerLength;
  view.payloadLength = datagramEnd - view.payloadOffset;
  return fragmentOffset === 0 ? view.payloadOffset : -1;
}

/** IPv6 (RFC 8200) with its extension-header chain; returns the transport offset or -1. */
export function decodeIpv6(view: PacketView, counters: DecodeCounters): number {
  const data = view.packet.data;
  const at = view.networkOffset;
  const capturedEnd = view.packet.offset + view.packet.capturedLength;
  if (capturedEnd - at < 40 || data[at]! >> 4 !== 6) {
    counters.countMalformed('ipv6-truncated');
    return -1;
  }
  view.networkLayer = NetworkLayer.ipv6;
  counters.ipv6 += 1;
  view.timeToLive = data[at + 7]!;
  view.sourceIpOffset = at + 8;
  view.destinationIpOffset = at + 24;
  for (let word = 0; word < 4; word += 1) {
    view.sourceAddress[word] = u32be(data, at + 8 + word * 4);
    view.destinationAddress[word] = u32be(data, at + 24 + word * 4);
  }
  const datagramEnd = Math.min(capturedEnd, at + 40 + u16be(data, at + 4));
  let nextHeader = data[at + 6]!;
  let offset = at + 40;
  let isLaterFragment = false;
  while (!isLaterFragment && isExtensionHeader(nextHeader)) {
    if (datagramEnd - offset < 8) {
      counters.countMalformed('ipv6-extension-truncated');
      return -1;
    }
    const headerType = nextHeader;
    nextHeader = data[offset]!;
    if (headerType === ipv6Fragment) {
      const offsetAndFlags = u16be(data, offset + 2);
      const fragmentOffset = offsetAndFlags >> 3;
      if (!view.isFragment) counters.fragments += 1;
      view.isFragment = true;
      view.isFirstFragment = fragmentOffset === 0;
      isLaterFragment = fragmentOffset !== 0;
      offset += 8;
    } else if (headerType === ipv6AuthenticationHeader) {
      offset += (data[offset + 1]! + 2) * 4;
    } else {
      offset += (data[offset + 1]! + 1) * 8;
    }
  }
  if (offset > datagramEnd) {
    counters.countMalformed('ipv6-extension-truncated');
    return -1;
  }
  view.ipProtocol = nextHeader;
  view.payloadOffset = offset;
  view.payloadLength = datagramEnd - offset;
  return isLaterFragment ? -1 : offset;
}

function isExtensionHeader(nextHeader: number): boolean {
  return (
    nextHeader === ipv6HopByHop ||
    nextHeader === ipv6Routing ||
    nextHeader === ipv6Fragment ||
    nextHeader === ipv6AuthenticationHeader ||
    nextHeader === ipv6DestinationOptions ||
    nextHeader === ipv6Mobility ||
    nextHeader === ipv6HostIdentity ||
    nextHeader === ipv6Shim6
  );
}
