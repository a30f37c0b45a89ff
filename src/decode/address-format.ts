/**
 * Turning address bytes into the text forms users and tshark show. These allocate strings, so
 * they belong at the edge of the packet path: when a flow ends or an observation is emitted.
 */

const hexByte = Array.from({ length: 256 }, (_, value) => value.toString(16).padStart(2, '0'));

/** `aa:bb:cc:dd:ee:ff`, lower case, as tshark prints `eth.src`. */
export function formatMac(data: Uint8Array, offset: number): string {
  return `${hexByte[data[offset]!]}:${hexByte[data[offset + 1]!]}:${hexByte[data[offset + 2]!]}:${hexByte[data[offset + 3]!]}:${hexByte[data[offset + 4]!]}:${hexByte[data[offset + 5]!]}`;
}

/** A MAC held as a 48-bit integer (as the flow table stores it) to text. */
export function formatMacNumber(mac: number): string {
  const bytes = new Uint8Array(6);
  let rest = mac;
  for (let index = 5; index >= 0; index -= 1) {
    bytes[index] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return formatMac(bytes, 0);
}

/** Reads six bytes as one integer, exact in a double (48 bits < 53). */
export function readMacNumber(data: Uint8Array, offset: number): number {
  return (
    ((data[offset]! << 8) | data[offset + 1]!) * 2 ** 32 +
    ((data[offset + 2]! << 24) >>> 0) +
    ((data[offset + 3]! << 16) | (data[offset + 4]! << 8) | data[offset + 5]!)
  );
}

export function formatIpv4(address: number): string {
  return `${address >>> 24}.${(address >>> 16) & 0xff}.${(address >>> 8) & 0xff}.${address & 0xff}`;
}

export function formatIpv4Bytes(data: Uint8Array, offset: number): string {
  return `${data[offset]}.${data[offset + 1]}.${data[offset + 2]}.${data[offset + 3]}`;
}

/** RFC 5952 text: lower case, leading zeros dropped, the longest run of two or more zero groups as `::`. */
export function formatIpv6Words(words: ArrayLike<number>): string {
  const groups: number[] = [];
  for (let index = 0; index < 4; index += 1) {
    const word = words[index]! >>> 0;
    groups.push(word >>> 16, word & 0xffff);
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; ) {
    if (groups[start] !== 0) {
      start += 1;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end += 1;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const text = groups.map((group) => group.toString(16));
  if (bestStart < 0) return text.join(':');
  const head = text.slice(0, bestStart).join(':');
  const tail = text.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

export function formatIpAddress(ipVersion: number, words: ArrayLike<number>): string {
  return ipVersion === 4 ? formatIpv4(words[0]!) : formatIpv6Words(words);
}

/** True for the I/G bit: group (multicast or broadcast) addresses never name a device. */
export function isGroupMac(data: Uint8Array, offset: number): boolean {
  return (data[offset]! & 0x01) !== 0;
}

/** The U/L bit (IEEE 802-2014 §8.2.2): set on randomised and other locally administered addresses. */
export function isLocallyAdministeredMac(firstOctet: number): boolean {
  return (firstOctet & 0x02) !== 0;
}
