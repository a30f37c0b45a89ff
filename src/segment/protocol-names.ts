const names: Readonly<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6' };
const numbers: Readonly<Record<string, number>> = { icmp: 1, tcp: 6, udp: 17, icmpv6: 58 };

/** `tcp`, `udp`, `icmp`, `icmpv6`, or the IANA number as text for any other transport. */
export function protocolName(protocol: number): string {
  return names[protocol] ?? String(protocol);
}

/** The IANA number of a rule's protocol; null for `any`. */
export function protocolNumber(name: string): number | null {
  if (name === 'any') return null;
  return numbers[name] ?? Number(name);
}

/**
 * Whether a router or firewall between subnets would carry traffic to or from this address:
 * not multicast, broadcast, unspecified, loopback or link-local. Flows that stay on a link are
 * outside what a segmentation policy can allow or deny.
 */
export function isRouted(address: string): boolean {
  if (address.includes(':')) {
    const lower = address.toLowerCase();
    return !(lower === '::' || lower === '::1' || lower.startsWith('ff') || /^fe[89ab]/.test(lower));
  }
  const first = Number(address.slice(0, address.indexOf('.')));
  if (first === 0 || first === 127 || first >= 224) return false;
  return !address.startsWith('169.254.');
}
