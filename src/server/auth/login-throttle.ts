/**
 * Sign-in attempts per client address in a sliding window, kept in memory and bounded: a guesser
 * spreading over many accounts is slowed even though no single account locks.
 *
 * @example
 * const throttle = new LoginThrottle(20, 60_000);
 * if (!throttle.allow(request.ip, Date.now())) return reply.code(429).send(…);
 */
export class LoginThrottle {
  readonly #attempts = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxAddresses = 10_000,
  ) {}

  /** Counts an attempt; false when the address has used up its window. */
  allow(address: string, atMs: number): boolean {
    const since = atMs - this.windowMs;
    const recent = (this.#attempts.get(address) ?? []).filter((at) => at > since);
    if (recent.length >= this.limit) {
      this.#attempts.set(address, recent);
      return false;
    }
    recent.push(atMs);
    this.#attempts.delete(address);
    this.#attempts.set(address, recent);
    // Maps keep insertion order: the first key is the address least recently seen.
    if (this.#attempts.size > this.maxAddresses) this.#attempts.delete(this.#attempts.keys().next().value!);
    return true;
  }

  /** Milliseconds until the address may try again. */
  retryAfterMs(address: string, atMs: number): number {
    const oldest = this.#attempts.get(address)?.[0];
    return oldest === undefined ? 0 : Math.max(0, oldest + this.windowMs - atMs);
  }
}
