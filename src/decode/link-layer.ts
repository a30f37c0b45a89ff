import { LinkType } from '../capture/link-type.js';
import { u16be, u32be, u32le } from './byte-order.js';
import type { DecodeCounters } from './decode-counters.js';
import type { PacketView } from './packet-view.js';

export const EtherType = {
  ipv4: 0x0800,
  arp: 0x0806,
  vlan: 0x8100,
  ipv6: 0x86dd,
  qinq: 0x88a8,
  /** Pre-standard QinQ outer tag still sent by some switches. */
  qinqLegacy: 0x9100,
} as const;

const arphrdEthernet = 1;
/** BSD loopback address families for IPv6 differ by OS (NetBSD 24, FreeBSD 28, Darwin 30). */
const nullFamilyIpv4 = 2;
const nullFamiliesIpv6: readonly number[] = [24, 28, 30];

/**
 * Decodes the link layer and any VLAN tags, leaving `etherType` and `networkOffset` set.
 * Returns false when the link layer is malformed or unsupported (already counted).
 */
export function decodeLinkLayer(view: PacketView, counters: DecodeCounters): boolean {
  const packet = view.packet;
  const data = packet.data;
  const start = packet.offset;
  const end = start + packet.capturedLength;
  let next: number;
  switch (packet.linkType) {
    case LinkType.ethernet:
      if (end - start < 14) return malformed(counters, 'ethernet-truncated');
      view.destinationMacOffset = start;
      view.sourceMacOffset = start + 6;
      view.etherType = u16be(data, start + 12);
      next = start + 14;
      break;
    case LinkType.linuxSll:
      // tcpdump.org LINKTYPE_LINUX_SLL: type(2) ARPHRD(2) address length(2) address(8) protocol(2).
      if (end - start < 16) return malformed(counters, 'sll-truncated');
      if (u16be(data, start + 2) === arphrdEthernet && u16be(data, start + 4) === 6) {
        view.sourceMacOffset = start + 6;
      }
      view.etherType = u16be(data, start + 14);
      next = start + 16;
      break;
    case LinkType.linuxSll2:
      // LINKTYPE_LINUX_SLL2: protocol(2) reserved(2) ifindex(4) ARPHRD(2) type(1) address length(1) address(8).
      if (end - start < 20) return malformed(counters, 'sll-truncated');
      if (u16be(data, start + 8) === arphrdEthernet && data[start + 11] === 6) {
        view.sourceMacOffset = start + 12;
      }
      view.etherType = u16be(data, start);
      next = start + 20;
      break;
    case LinkType.raw:
    case LinkType.ipv4:
    case LinkType.ipv6: {
      if (end - start < 1) return malformed(counters, 'ipv4-truncated');
      const version = data[start]! >> 4;
      view.etherType = version === 6 ? EtherType.ipv6 : version === 4 ? EtherType.ipv4 : 0;
      next = start;
      break;
    }
    case LinkType.null: {
      if (end - start < 4) return malformed(counters, 'ethernet-truncated');
      // The family is in the byte order of the capturing host; one of the two bytes is zero.
      const family = u32le(data, start) > 0xffff ? u32be(data, start) : u32le(data, start);
      view.etherType =
        family === nullFamilyIpv4 ? EtherType.ipv4 : nullFamiliesIpv6.includes(family) ? EtherType.ipv6 : 0;
      next = start + 4;
      break;
    }
    default:
      counters.unsupportedLinkType += 1;
      return false;
  }
  while (
    view.etherType === EtherType.vlan ||
    view.etherType === EtherType.qinq ||
    view.etherType === EtherType.qinqLegacy
  ) {
    if (end - next < 4) return malformed(counters, 'vlan-truncated');
    const vlanId = u16be(data, next) & 0x0fff;
    if (view.vlanCount === 0) view.vlanId = vlanId;
    else if (view.vlanCount === 1) view.innerVlanId = vlanId;
    view.vlanCount += 1;
    view.etherType = u16be(data, next + 2);
    next += 4;
  }
  view.networkOffset = next;
  return true;
}

function malformed(counters: DecodeCounters, reason: Parameters<DecodeCounters['countMalformed']>[0]): false {
  counters.countMalformed(reason);
  return false;
}
