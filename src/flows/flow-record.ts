/** Why a flow was reported. */
export type FlowEndReason =
  /** No packet for `flowIdleTimeoutMs`. */
  | 'idle'
  /** The table was full and this was the least recently seen flow. */
  | 'evicted'
  /** A new TCP connection (SYN) reused the ports of one that had closed (FIN or RST). */
  | 'port-reused'
  /** The capture ended while the flow was active. */
  | 'end-of-capture';

/** How a side's TCP stack opened the connection: its SYN (or SYN-ACK) as sent. */
export interface TcpSynSignature {
  /** IP TTL / hop limit as captured (the initial value minus the hops before the sensor). */
  timeToLive: number;
  window: number;
  /** Option kinds in order, e.g. `M,S,T,N,W` (see `decode/tcp-options.ts`). */
  optionsLayout: string;
  maximumSegmentSize: number;
  /** Window-scale shift, -1 when the option was absent. */
  windowScale: number;
}

export interface FlowEndpoint {
  /** IPv4 dotted quad or RFC 5952 IPv6 text. */
  address: string;
  /** TCP or UDP port; 0 for ICMP and for fragments without a transport header. */
  port: number;
  /** The MAC this endpoint's packets came from, when the link layer had one. */
  mac: string | undefined;
  /** Its SYN (initiator) or SYN-ACK (responder), when the capture holds the handshake. */
  syn: TcpSynSignature | undefined;
}

/**
 * One bidirectional conversation, keyed by VLAN, IP version, protocol and both endpoints.
 * The initiator is the endpoint that sent the first packet, unless that packet was a TCP SYN-ACK
 * (then the capture began mid-handshake and the receiver initiated).
 */
export interface FlowRecord {
  ipVersion: 4 | 6;
  /** IANA protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, …). */
  protocol: number;
  /** Outermost VLAN id, 0 when untagged. */
  vlanId: number;
  initiator: FlowEndpoint;
  responder: FlowEndpoint;
  packetsFromInitiator: number;
  /** Bytes on the wire (frame lengths, as tshark's conversation statistics count them). */
  bytesFromInitiator: number;
  packetsFromResponder: number;
  bytesFromResponder: number;
  /** All TCP flags seen from each side, OR'd together; 0 for other protocols. */
  tcpFlagsFromInitiator: number;
  tcpFlagsFromResponder: number;
  firstSeenMs: number;
  lastSeenMs: number;
  endReason: FlowEndReason;
  /** Where the flow's first packet is in the capture, as evidence. */
  firstPacketNumber: number;
  firstFileOffset: number;
}
