import { createHash } from 'node:crypto';

/** A short id derived from content, so the same thing gets the same id in every store and every run. */
export function stableId(prefix: string, content: string, hexDigits = 12): string {
  return `${prefix}-${createHash('sha256').update(content).digest('hex').slice(0, hexDigits)}`;
}
