/** Why a packet could not be fully decoded; fixed strings so counting allocates nothing. */
export type MalformedReason =
  | 'ethernet-truncated'
  | 'vlan-truncated'
  | 'sll-truncated'
  | 'arp-truncated'
  | 'ipv4-truncated'
  | 'ipv4-bad-header-length'
  | 'ipv6-truncated'
  | 'ipv6-extension-truncated'
  | 'tcp-truncated'
  | 'tcp-bad-data-offset'
  | 'udp-truncated'
  | 'icmp-truncated';

/** Running totals of what the decoder saw, reported at the end of an ingest. */
export class DecodeCounters {
  packets = 0;
  /** Packets whose link type Vigil does not decode. */
  unsupportedLinkType = 0;
  /** Packets with a network layer other than ARP, IPv4 and IPv6 (LLDP, STP, …). */
  otherNetworkLayer = 0;
  arp = 0;
  ipv4 = 0;
  ipv6 = 0;
  /** IPv4 and IPv6 fragments (each fragment counted once). */
  fragments = 0;
  malformed = 0;
  readonly malformedByReason = new Map<MalformedReason, number>();

  countMalformed(reason: MalformedReason): void {
    this.malformed += 1;
    this.malformedByReason.set(reason, (this.malformedByReason.get(reason) ?? 0) + 1);
  }
}
