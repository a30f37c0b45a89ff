import { CapturedPacket } from '../capture/captured-packet.js';

/** What the network layer of a decoded packet holds. */
export const NetworkLayer = {
  none: 0,
  arp: 1,
  ipv4: 4,
  ipv6: 6,
} as const;

/** IANA protocol numbers for the transports Vigil decodes. */
export const IpProtocol = {
  icmp: 1,
  tcp: 6,
  udp: 17,
  icmpv6: 58,
} as const;

/** TCP flag bits as they sit in byte 13 of the TCP header (RFC 9293 §3.1). */
export const TcpFlag = {
  fin: 0x01,
  syn: 0x02,
  rst: 0x04,
  psh: 0x08,
  ack: 0x10,
  urg: 0x20,
} as const;

/**
 * The decoded headers of one packet: offsets into the captured bytes and numbers, never copies
 * or strings. One instance is reused for every packet, so a field is only meaningful when the
 * layer that sets it was present (`networkLayer`, `ipProtocol`, `hasTransport`).
 */
export class PacketView {
  /** The captured packet this view describes (also reused). */
  packet: CapturedPacket = new CapturedPacket();

  /** Offset in `packet.data` of the source MAC address, or -1 when the link layer has none. */
  sourceMacOffset = -1;
  /** Offset of the destination MAC address, or -1 (Linux cooked captures record only the source). */
  destinationMacOffset = -1;
  /** Number of 802.1Q/802.1ad tags, outermost first. */
  vlanCount = 0;
  /** VLAN id of the outermost tag, 0 when untagged. */
  vlanId = 0;
  /** VLAN id of the second tag (QinQ customer VLAN), 0 when absent. */
  innerVlanId = 0;
  /** EtherType of the network layer after any VLAN tags. */
  etherType = 0;

  networkLayer: number = NetworkLayer.none;
  /** Offset of the network-layer header (ARP, IPv4 or IPv6). */
  networkOffset = 0;

  /** ARP operation (1 request, 2 reply). */
  arpOperation = 0;
  arpSenderMacOffset = 0;
  arpSenderIpOffset = 0;
  arpTargetMacOffset = 0;
  arpTargetIpOffset = 0;

  /** Source address as big-endian 32-bit words; IPv4 uses word 0 only, the others are 0. */
  readonly sourceAddress = new Uint32Array(4);
  readonly destinationAddress = new Uint32Array(4);
  /** Offset of the source address bytes (4 or 16 of them). */
  sourceIpOffset = 0;
  destinationIpOffset = 0;
  /** IPv4 TTL or IPv6 hop limit. */
  timeToLive = 0;
  /** The transport protocol number, after any IPv6 extension headers. */
  ipProtocol = 0;
  /** True for any fragment of a fragmented datagram (first or later). */
  isFragment = false;
  /** True for a fragment with offset 0, which still carries the transport header. */
  isFirstFragment = false;

  /** True when the TCP, UDP or ICMP header was present and decoded. */
  hasTransport = false;
  sourcePort = 0;
  destinationPort = 0;
  tcpFlags = 0;
  tcpSequence = 0;
  tcpAcknowledgement = 0;
  /** The receive window as sent (unscaled). */
  tcpWindow = 0;
  /**
   * SYN packets only: the order of TCP option kinds, one hex digit each (see `tcp-options.ts`),
   * which with the TTL and window fingerprints the sender's TCP stack. 0 when not a SYN.
   */
  tcpSynOptionsLayout = 0;
  /** SYN packets only: the MSS option value, 0 when absent. */
  tcpMaximumSegmentSize = 0;
  /** SYN packets only: the window-scale shift, -1 when absent. */
  tcpWindowScale = -1;
  icmpType = 0;
  icmpCode = 0;
  /** Offset and length of the transport payload present in the capture. */
  payloadOffset = 0;
  payloadLength = 0;

  reset(packet: CapturedPacket): void {
    this.packet = packet;
    this.sourceMacOffset = -1;
    this.destinationMacOffset = -1;
    this.vlanCount = 0;
    this.vlanId = 0;
    this.innerVlanId = 0;
    this.etherType = 0;
    this.networkLayer = NetworkLayer.none;
    this.ipProtocol = 0;
    this.isFragment = false;
    this.isFirstFragment = false;
    this.hasTransport = false;
    this.sourcePort = 0;
    this.destinationPort = 0;
    this.tcpFlags = 0;
    this.tcpSynOptionsLayout = 0;
    this.payloadOffset = 0;
    this.payloadLength = 0;
    this.sourceAddress.fill(0);
    this.destinationAddress.fill(0);
  }
}
