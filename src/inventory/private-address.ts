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
  const [a = 0, b = 0] = address.split('.').map(Number);
  return (
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254)
  );
}
