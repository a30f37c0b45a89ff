import { printableText } from '../../observe/printable-text.js';

/** A parsed HTTP/1.x start line and the header fields asked for (RFC 9112 §2–5). Names are lower case. */
export interface HeaderBlock {
  startLine: string;
  fields: Map<string, string>;
}

const colon = 0x3a;
const lineFeed = 0x0a;
const carriageReturn = 0x0d;

/**
 * Parses a complete header block in `data[start, end)` (without the final empty line), keeping
 * only the fields named in `wanted` (lower case): names are compared byte by byte, so fields
 * nobody reads cost no strings. Returns undefined when it is not HTTP: no start line, or a
 * field line without a colon. Repeated fields are joined with `, ` as RFC 9110 §5.3 allows.
 */
export function parseHeaderBlock(
  data: Buffer,
  start: number,
  end: number,
  wanted: readonly string[],
): HeaderBlock | undefined {
  let lineEnd = data.indexOf(lineFeed, start);
  if (lineEnd < 0 || lineEnd > end) lineEnd = end;
  const startLine = data.toString('latin1', start, trimCarriageReturn(data, start, lineEnd));
  if (startLine === '') return undefined;
  const fields = new Map<string, string>();
  let at = lineEnd + 1;
  while (at < end) {
    let next = data.indexOf(lineFeed, at);
    if (next < 0 || next > end) next = end;
    const lineStop = trimCarriageReturn(data, at, next);
    const separator = data.indexOf(colon, at);
    if (separator <= at || separator >= lineStop) return undefined;
    const name = wantedName(data, at, trimSpaceBackward(data, at, separator), wanted);
    if (name !== undefined) {
      const value = data.toString(
        'latin1',
        trimSpaceForward(data, separator + 1, lineStop),
        trimSpaceBackward(data, separator + 1, lineStop),
      );
      const existing = fields.get(name);
      fields.set(name, existing === undefined ? value : `${existing}, ${value}`);
    }
    at = next + 1;
  }
  return { startLine, fields };
}

/** The entry of `wanted` that `data[start, end)` spells, ignoring ASCII case. */
function wantedName(data: Buffer, start: number, end: number, wanted: readonly string[]): string | undefined {
  const length = end - start;
  for (const name of wanted) {
    if (name.length !== length) continue;
    let index = 0;
    // Setting bit 0x20 lower-cases ASCII letters; names here are letters and hyphens only.
    while (index < length && (data[start + index]! | 0x20) === name.charCodeAt(index)) index += 1;
    if (index === length) return name;
  }
  return undefined;
}

function trimCarriageReturn(data: Buffer, start: number, end: number): number {
  return end > start && data[end - 1] === carriageReturn ? end - 1 : end;
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09;
}

function trimSpaceForward(data: Buffer, start: number, end: number): number {
  let at = start;
  while (at < end && isSpace(data[at]!)) at += 1;
  return at;
}

function trimSpaceBackward(data: Buffer, start: number, end: number): number {
  let at = end;
  while (at > start && isSpace(data[at - 1]!)) at -= 1;
  return at;
}

/** Printable text for storing: control characters replaced, length capped; undefined when empty. */
export function cleanHeaderValue(value: string | undefined, maxLength = 256): string | undefined {
  return value === undefined || value === '' ? undefined : printableText(value, maxLength);
}
