import { printableText } from '../../observe/printable-text.js';
import { readUncompressedName } from '../domain-name.js';

/**
 * Option text as a device sent it: UTF-8 (RFC 2132 says NVT ASCII; firmware sends what it likes),
 * trailing NULs removed, control characters replaced so a hostile name cannot rewrite a terminal.
 */
export function readOptionText(data: Uint8Array, offset: number, length: number): string {
  let end = offset + length;
  while (end > offset && data[end - 1] === 0) end -= 1;
  return printableText(
    Buffer.from(data.buffer, data.byteOffset + offset, end - offset).toString('utf8'),
    255,
  );
}

/**
 * RFC 4702 §2.3 client FQDN: flags, two obsolete RCODE bytes, then the name, in DNS wire format
 * when the E flag (0x04) is set, otherwise as ASCII.
 */
export function readClientFqdn(data: Buffer, offset: number, length: number): string | undefined {
  if (length < 3) return undefined;
  const nameOffset = offset + 3;
  const nameEnd = offset + length;
  if ((data[offset]! & 0x04) === 0)
    return readOptionText(data, nameOffset, nameEnd - nameOffset) || undefined;
  return readUncompressedName(data, nameOffset, nameEnd);
}
