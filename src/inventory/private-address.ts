/**
 * Whether an address can belong to a device of the hospital's own networks: RFC 1918, carrier-grade
 * NAT (RFC 6598), link-local, and IPv6 unique-local and link-local. Public addresses are the
 * Internet's; they stay in flows but do not become devices.
 */
export function isPrivateAddress(address: string): boolean {
  if (address.includes(':')) {
    const first = Number.parseInt(address.split(':', 1)[0] || '0', 16);
    return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
  }
  // Read the first two octets without splitting: the detection stage asks this per observation.
  const a = octetAt(address, 0);
  const b = octetAt(address, a < 10 ? 2 : a < 100 ? 3 : 4);
  return (
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254)
  );
}

/** The decimal number at `start` up to the next dot or the end; -1 when it is not one. */
export function octetAt(address: string, start: number): number {
  let value = 0;
  let digits = 0;
  for (let index = start; index < address.length; index += 1) {
    const code = address.charCodeAt(index);
    if (code === 46) break;
    if (code < 48 || code > 57 || digits === 3) return -1;
    value = value * 10 + (code - 48);
    digits += 1;
  }
  return digits === 0 ? -1 : value;
}

/** Whether an address is one host's: not multicast, broadcast (`.255`) or unspecified. */
export function isHostAddress(address: string): boolean {
  if (address.includes(':')) return !/^ff/i.test(address) && address !== '::';
  const first = octetAt(address, 0);
  return first > 0 && first < 224 && !address.endsWith('.255');
}
