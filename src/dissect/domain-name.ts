import { printableText } from '../observe/printable-text.js';

/** Compression pointers followed in one name before it is declared a loop (RFC 1035 §4.1.4). */
const maxNamePointers = 16;

/** A decoded domain name and where the record continues after it. */
export interface NameAt {
  name: string;
  next: number;
}

/**
 * Domain names in DNS wire format, shared by the dissectors that carry them (DNS, DHCPv6 client
 * FQDN). Reads a possibly compressed domain name (RFC 1035 §4.1.4) from a message that starts at
 * `messageStart` and ends at `messageEnd`. Returns undefined for a name that runs past the end,
 * points forward into nothing, or loops.
 */
export function readName(
  data: Buffer,
  messageStart: number,
  messageEnd: number,
  at: number,
): NameAt | undefined {
  const labels: string[] = [];
  let position = at;
  let next = -1;
  let pointers = 0;
  let totalLength = 0;
  while (true) {
    if (position >= messageEnd) return undefined;
    const length = data[position]!;
    if (length === 0) {
      if (next < 0) next = position + 1;
      break;
    }
    if ((length & 0xc0) === 0xc0) {
      if (position + 1 >= messageEnd || ++pointers > maxNamePointers) return undefined;
      if (next < 0) next = position + 2;
      position = messageStart + (((length & 0x3f) << 8) | data[position + 1]!);
      continue;
    }
    if ((length & 0xc0) !== 0 || position + 1 + length > messageEnd) return undefined;
    totalLength += length + 1;
    if (totalLength > 255) return undefined;
    labels.push(printableLabel(data, position + 1, length));
    position += 1 + length;
  }
  return { name: labels.length === 0 ? '.' : labels.join('.'), next };
}

function printableLabel(data: Buffer, start: number, length: number): string {
  return printableText(data.toString('utf8', start, start + length), 63 * 4);
}

/**
 * An uncompressed wire-format name as DHCP carries it (RFC 4702 §2.3, RFC 4704 §4): labels up to
 * a zero-length label, or up to `end` for a partial name (just the host's own labels).
 * Undefined for an empty name, a label over 63 bytes, or one running past `end`.
 */
export function readUncompressedName(data: Buffer, start: number, end: number): string | undefined {
  const labels: string[] = [];
  for (let at = start; at < end; ) {
    const length = data[at]!;
    if (length === 0) break;
    if (length > 63 || at + 1 + length > end) return undefined;
    labels.push(printableText(data.toString('utf8', at + 1, at + 1 + length), 255));
    at += 1 + length;
  }
  return labels.length > 0 ? labels.join('.') : undefined;
}
