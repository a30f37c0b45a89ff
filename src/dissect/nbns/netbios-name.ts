import { printableText } from '../../observe/printable-text.js';

/** A NetBIOS name: up to 15 characters and the type byte that says what it names. */
export interface NetbiosName {
  name: string;
  /** The 16th byte ([MS-NBTE] §2.2.1): 0x00 workstation, 0x20 file server, 0x1b/0x1d browsers, … */
  suffix: number;
}

/**
 * Decodes a first-level encoded NetBIOS name (RFC 1001 §14.1): each of the 16 bytes is split
 * into two nibbles, each written as `A` + nibble. Undefined when the label is not 32 such letters.
 */
export function decodeNetbiosName(label: string): NetbiosName | undefined {
  if (label.length !== 32) return undefined;
  const bytes = new Uint8Array(16);
  for (let index = 0; index < 16; index += 1) {
    const high = label.charCodeAt(index * 2) - 0x41;
    const low = label.charCodeAt(index * 2 + 1) - 0x41;
    if (high < 0 || high > 15 || low < 0 || low > 15) return undefined;
    bytes[index] = (high << 4) | low;
  }
  return { name: trimmedName(bytes, 0, 15), suffix: bytes[15]! };
}

/** The 15 name characters, padding spaces and NULs removed (names are padded with 0x20). */
export function trimmedName(bytes: Uint8Array, start: number, length: number): string {
  let end = start + length;
  while (end > start && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0)) end -= 1;
  return printableText(
    Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1'),
    15,
  );
}

/** How tshark and Windows tools print a name: `PACS-ARCHIVE<20>`. */
export function formatNetbiosName(name: NetbiosName): string {
  return `${name.name}<${name.suffix.toString(16).padStart(2, '0')}>`;
}
