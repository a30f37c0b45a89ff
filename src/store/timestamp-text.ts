/**
 * Milliseconds since the epoch (fraction keeps microseconds) to fixed-width ISO-8601 UTC text with
 * six fractional digits, the form every timestamp column holds.
 */
export function isoFromMs(timestampMs: number): string {
  const wholeMs = Math.floor(timestampMs);
  const microseconds = Math.round((timestampMs - wholeMs) * 1000);
  const carry = microseconds === 1000 ? 1 : 0;
  const text = new Date(wholeMs + carry).toISOString();
  return `${text.slice(0, 23)}${String(carry ? 0 : microseconds).padStart(3, '0')}Z`;
}

export function msFromIso(text: string): number {
  const wholeMs = Date.parse(`${text.slice(0, 23)}Z`);
  const microseconds = Number(text.slice(23, 26)) || 0;
  return wholeMs + microseconds / 1000;
}
