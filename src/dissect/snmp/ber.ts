/** One BER element (ITU-T X.690 §8.1): its tag, and where its contents are. */
export interface BerElement {
  tag: number;
  start: number;
  end: number;
}

/**
 * Reads the element at `at`, within `limit`. Only definite lengths of up to four bytes are
 * accepted (SNMP uses nothing else); anything else, or contents past the limit, is undefined.
 */
export function readBerElement(data: Buffer, at: number, limit: number): BerElement | undefined {
  if (at + 2 > limit) return undefined;
  const tag = data[at]!;
  // Multi-byte tags (low five bits all set) do not occur in SNMP.
  if ((tag & 0x1f) === 0x1f) return undefined;
  let length = data[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const lengthBytes = length & 0x7f;
    if (lengthBytes === 0 || lengthBytes > 4 || start + lengthBytes > limit) return undefined;
    length = 0;
    for (let index = 0; index < lengthBytes; index += 1) length = length * 256 + data[start + index]!;
    start += lengthBytes;
  }
  const end = start + length;
  return end > limit ? undefined : { tag, start, end };
}

/** A non-negative INTEGER of up to 6 bytes; undefined when longer or negative. */
export function readBerUnsigned(data: Buffer, element: BerElement): number | undefined {
  const length = element.end - element.start;
  if (length < 1 || length > 6 || data[element.start]! & 0x80) return undefined;
  let value = 0;
  for (let index = element.start; index < element.end; index += 1) value = value * 256 + data[index]!;
  return value;
}

/** An OBJECT IDENTIFIER in dotted form (X.690 §8.19); undefined when malformed. */
export function readBerOid(data: Buffer, element: BerElement): string | undefined {
  if (element.end <= element.start) return undefined;
  const arcs: number[] = [];
  let value = 0;
  for (let index = element.start; index < element.end; index += 1) {
    const byte = data[index]!;
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) return undefined;
    if ((byte & 0x80) === 0) {
      if (arcs.length === 0)
        arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else arcs.push(value);
      value = 0;
    } else if (index === element.end - 1) return undefined;
  }
  return arcs.join('.');
}
