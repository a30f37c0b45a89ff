import argon2 from 'argon2';

/**
 * argon2id with OWASP's first recommended setting (19 MiB, two passes, one lane): about 25 ms
 * here, slow enough to make offline guessing expensive, fast enough for a login.
 */
const hashOptions = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Fewest characters a password may have (NIST SP 800-63B asks for at least 8; we ask more). */
export const minimumPasswordLength = 12;

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < minimumPasswordLength)
    return `a password needs at least ${minimumPasswordLength} characters`;
  if (password.length > 256) return 'a password may have at most 256 characters';
  if (password.toLowerCase().includes(username.toLowerCase()))
    return 'a password may not contain the user name';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, hashOptions);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let decoyHash: Promise<string> | undefined;

/**
 * Verifies against a hash of nothing, so a login for an unknown user name takes as long as one
 * for a known user and the time does not tell which names exist.
 */
export async function verifyDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword('decoy password that matches nothing');
  await verifyPassword(await decoyHash, password);
  return false;
}
