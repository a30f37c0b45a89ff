/**
 * Link-layer header types from the tcpdump.org LINKTYPE registry, limited to those Vigil decodes.
 * A capture with any other link type still reads; its packets are counted as unsupported.
 */
export const LinkType = {
  /** LINKTYPE_NULL: BSD loopback, a 4-byte address family in host byte order. */
  null: 0,
  /** LINKTYPE_ETHERNET: IEEE 802.3 Ethernet. */
  ethernet: 1,
  /** LINKTYPE_RAW: raw IPv4 or IPv6, told apart by the version nibble. */
  raw: 101,
  /** LINKTYPE_LINUX_SLL: Linux "cooked" capture v1 (tcpdump -i any before libpcap 1.10). */
  linuxSll: 113,
  /** LINKTYPE_IPV4: raw IPv4 only. */
  ipv4: 228,
  /** LINKTYPE_IPV6: raw IPv6 only. */
  ipv6: 229,
  /** LINKTYPE_LINUX_SLL2: Linux "cooked" capture v2. */
  linuxSll2: 276,
} as const;

/** Some OpenBSD-era writers used DLT_RAW values 12 and 14 for raw IP; libpcap maps them to 101. */
export function normaliseLinkType(linkType: number): number {
  return linkType === 12 || linkType === 14 ? LinkType.raw : linkType;
}
