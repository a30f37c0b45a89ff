/**
 * A map that forgets its least recently used keys when full, so state kept per source, target or
 * pair stays bounded whatever the traffic (a scan from a million spoofed addresses included).
 *
 * Two generations rather than one ordered map: keys live in `young` until it holds half the
 * room, then `young` becomes `old` and the previous `old` is dropped whole; a key read from `old`
 * moves back to `young`. Every operation is O(1): evicting one key at a time from the front of a
 * Map makes V8 skip a growing run of deleted slots on each eviction. `evicted` counts what it
 * forgot.
 *
 * @example
 * const seen = new BoundedMap<string, number>(4);
 * seen.set('a', 1); seen.get('a'); // 1
 */
export class BoundedMap<K, V> {
  #young = new Map<K, V>();
  #old = new Map<K, V>();
  readonly #generationSize: number;
  evicted = 0;

  constructor(readonly maxEntries: number) {
    this.#generationSize = Math.max(1, Math.floor(maxEntries / 2));
  }

  get size(): number {
    return this.#young.size + this.#old.size;
  }

  /** The value; one found in the old generation moves to the young one. */
  get(key: K): V | undefined {
    const young = this.#young.get(key);
    if (young !== undefined) return young;
    const old = this.#old.get(key);
    if (old === undefined) return undefined;
    this.#old.delete(key);
    this.#add(key, old);
    return old;
  }

  set(key: K, value: V): void {
    if (this.#young.has(key)) {
      this.#young.set(key, value);
      return;
    }
    this.#old.delete(key);
    this.#add(key, value);
  }

  delete(key: K): void {
    this.#young.delete(key);
    this.#old.delete(key);
  }

  *values(): IterableIterator<V> {
    yield* this.#old.values();
    yield* this.#young.values();
  }

  #add(key: K, value: V): void {
    if (this.#young.size >= this.#generationSize) {
      this.evicted += this.#old.size;
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, value);
  }
}
