/**
 * RFC 4180 CSV for spreadsheets: fields with commas, quotes or line breaks quoted, and a field a
 * spreadsheet would take for a formula (`=`, `+`, `-`, `@`) prefixed with `'` so that opening an
 * export never runs what a device announced.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows (the first one the header) as CSV text, CRLF line ends. */
export function csvText(rows: readonly (readonly string[])[]): string {
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
