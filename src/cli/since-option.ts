import { InvalidArgumentError } from 'commander';

/** An ISO date or time, or a span back from now: `24h`, `7d`, `30m`. */
export function parseSince(text: string, nowMs = Date.now()): string {
  const span = /^(\d+)([mhd])$/.exec(text);
  if (span) {
    const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000 }[span[2] as 'm' | 'h' | 'd'];
    return new Date(nowMs - Number(span[1]) * unitMs).toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(Date.parse(text)))
    throw new InvalidArgumentError(
      `expected an ISO date or time, or a span such as 24h or 7d, got "${text}"`,
    );
  return new Date(Date.parse(text)).toISOString();
}
