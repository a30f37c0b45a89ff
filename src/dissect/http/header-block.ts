import { printableText } from '../../observe/printable-text.js';

/** A parsed HTTP/1.x start line and header fields (RFC 9112 §2–5). Names are lower case. */
export interface HeaderBlock {
  startLine: string;
  fields: Map<string, string>;
}

/**
 * Parses a complete header block (without the final empty line). Returns undefined when it is
 * not HTTP: no start line, or a field line without a colon. Repeated fields are joined with `, `
 * as RFC 9110 §5.3 allows.
 */
export function parseHeaderBlock(text: string): HeaderBlock | undefined {
  const lines = text.split('\r\n');
  const startLine = lines[0];
  if (startLine === undefined || startLine === '') return undefined;
  const fields = new Map<string, string>();
  for (let index = 1; index < lines.length; index += 1) {
    const line = lines[index]!;
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const existing = fields.get(name);
    fields.set(name, existing === undefined ? value : `${existing}, ${value}`);
  }
  return { startLine, fields };
}

/** Printable text for storing: control characters replaced, length capped; undefined when empty. */
export function cleanHeaderValue(value: string | undefined, maxLength = 256): string | undefined {
  return value === undefined || value === '' ? undefined : printableText(value, maxLength);
}
