import { u16be, u32be } from './byte-order.js';
import type { DecodeCounters } from './decode-counters.js';
import { IpProtocol, type PacketView, TcpFlag } from './packet-view.js';
import { readSynOptions } from './tcp-options.js';

/**
 * TCP (RFC 9293), UDP (RFC 768), ICMP (RFC 792) and ICMPv6 (RFC 4443) headers starting at
 * `at`, bounded by the IP payload already set on the view. Other protocols are left undecoded.
 */
export function decodeTransport(view: PacketView, at: number, counters: DecodeCounters): boolean {
  const data = view.packet.data;
  const end = view.payloadOffset + view.payloadLength;
  const available = end - at;
  switch (view.ipProtocol) {
    case IpProtocol.tcp: {
      if (available < 20) {
        counters.countMalformed('tcp-truncated');
        return false;
      }
      const headerLength = (data[at + 12]! >> 4) * 4;
      if (headerLength < 20 || headerLength > available) {
        counters.countMalformed('tcp-bad-data-offset');
        return false;
      }
      view.sourcePort = u16be(data, at);
      view.destinationPort = u16be(data, at + 2);
      view.tcpSequence = u32be(data, at + 4);
      view.tcpAcknowledgement = u32be(data, at + 8);
      view.tcpFlags = data[at + 13]!;
      view.tcpWindow = u16be(data, at + 14);
      if ((view.tcpFlags & TcpFlag.syn) !== 0) readSynOptions(view, data, at + 20, at + headerLength);
      view.payloadOffset = at + headerLength;
      view.payloadLength = end - view.payloadOffset;
      view.hasTransport = true;
      return true;
    }
    case IpProtocol.udp: {
      if (available < 8) {
        counters.countMalformed('udp-truncated');
        return false;
      }
      view.sourcePort = u16be(data, at);
      view.destinationPort = u16be(data, at + 2);
      const udpLength = u16be(data, at + 4);
      view.payloadOffset = at + 8;
      // A UDP length below 8 is invalid (or 0 for IPv6 jumbograms): fall back to the IP payload.
      view.payloadLength =
        udpLength >= 8 ? Math.min(udpLength - 8, end - view.payloadOffset) : end - view.payloadOffset;
      view.hasTransport = true;
      return true;
    }
    case IpProtocol.icmp:
    case IpProtocol.icmpv6:
      if (available < 4) {
        counters.countMalformed('icmp-truncated');
        return false;
      }
      view.icmpType = data[at]!;
      view.icmpCode = data[at + 1]!;
      view.payloadOffset = at + 4;
      view.payloadLength = end - view.payloadOffset;
      view.hasTransport = true;
      return true;
    default:
      return false;
  }
}
