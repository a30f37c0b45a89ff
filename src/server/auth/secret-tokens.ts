import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random token for a cookie, a CSRF check or an API token: 256 bits, base64url. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * SHA-256 of a high-entropy secret (session cookie, API token, recovery code). A slow hash is for
 * guessable passwords; these cannot be guessed, and are looked up by their hash.
 */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const recoveryAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten one-time recovery codes of 12 characters from a 31-letter alphabet (59 bits each). */
export function recoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(12);
    const letters = [...bytes].map((byte) => recoveryAlphabet[byte % recoveryAlphabet.length]).join('');
    return `${letters.slice(0, 4)}-${letters.slice(4, 8)}-${letters.slice(8)}`;
  });
}

/** Recovery codes are compared without dashes, spaces or case. */
export function normaliseRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}
