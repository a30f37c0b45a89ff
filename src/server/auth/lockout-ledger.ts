/** Failures counted under one key, and the lock they earned. */
interface LedgerEntry {
  failures: number;
  lockedUntilMs: number;
  /** Locks earned so far: each lasts twice the one before. */
  strikes: number;
  lastFailureMs: number;
}

export interface LedgerPolicy {
  /** Failures in a row that lock the key. */
  maxFailures: number;
  /** The first lock's length. */
  lockoutMs: number;
  /** Longest lock after doubling; 0 or `lockoutMs` keeps every lock the same length. */
  maxLockoutMs: number;
  /** A key that fails no more for this long starts again with no strikes. */
  forgetAfterMs: number;
}

/**
 * Failed sign-ins counted in memory under a key (a user name and address, or a user name), each
 * lock twice as long as the last, bounded in size: the least recently failing key goes first
 * when it is full, so a flood of names or addresses cannot grow it.
 *
 * @example
 * const ledger = new LockoutLedger({ maxFailures: 5, lockoutMs: 900_000, maxLockoutMs: 86_400_000, forgetAfterMs: 86_400_000 });
 * ledger.recordFailure('a.keller\u0000192.0.2.7', Date.now()); // null until the fifth, then the lock's end
 */
export class LockoutLedger {
  readonly #entries = new Map<string, LedgerEntry>();

  constructor(
    private readonly policy: LedgerPolicy,
    private readonly maxKeys = 10_000,
  ) {}

  /** When the key's lock ends, or null when it is not locked. */
  lockedUntil(key: string, atMs: number): number | null {
    const entry = this.#entries.get(key);
    return entry !== undefined && entry.lockedUntilMs > atMs ? entry.lockedUntilMs : null;
  }

  /** Counts a failure; returns the end of the lock it starts, or null when it starts none. */
  recordFailure(key: string, atMs: number): number | null {
    let entry = this.#entries.get(key);
    if (entry === undefined || atMs - entry.lastFailureMs > this.policy.forgetAfterMs)
      entry = { failures: 0, lockedUntilMs: 0, strikes: 0, lastFailureMs: atMs };
    entry.failures += 1;
    entry.lastFailureMs = atMs;
    let lockedUntil: number | null = null;
    if (entry.failures >= this.policy.maxFailures) {
      const length = Math.min(
        this.policy.lockoutMs * 2 ** entry.strikes,
        Math.max(this.policy.maxLockoutMs, this.policy.lockoutMs),
      );
      entry.lockedUntilMs = atMs + length;
      entry.strikes += 1;
      entry.failures = 0;
      lockedUntil = entry.lockedUntilMs;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    // Maps keep insertion order: the first key is the one that failed longest ago.
    if (this.#entries.size > this.maxKeys) this.#entries.delete(this.#entries.keys().next().value!);
    return lockedUntil;
  }

  /** A success: the failures in a row end, the strikes stay until forgotten. */
  recordSuccess(key: string): void {
    const entry = this.#entries.get(key);
    if (entry !== undefined) entry.failures = 0;
  }

  /** Forgets every key that starts with `prefix` (an administrator lifted the lock). */
  forget(prefix: string): void {
    for (const key of this.#entries.keys()) if (key.startsWith(prefix)) this.#entries.delete(key);
  }
}
