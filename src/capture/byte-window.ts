import type { ByteSource } from './byte-source.js';

const initialCapacityBytes = 4 * 1024 * 1024;

/**
 * A sliding window over a byte source: one buffer, compacted and refilled in large reads, so the
 * readers can parse records in place without copying each packet.
 */
export class ByteWindow {
  buffer: Buffer = Buffer.allocUnsafe(initialCapacityBytes);
  /** First unconsumed byte in `buffer`. */
  start = 0;
  /** One past the last valid byte in `buffer`. */
  end = 0;
  /** Absolute position in the source of `buffer[start]`. */
  position = 0;
  /** True once the source has reported its end. */
  isExhausted = false;

  /**
   * Awaited before each read from the source: the one point where an ingest may do asynchronous
   * work (write a batch, draw progress) without a promise per packet.
   */
  beforeRefill: (() => Promise<void>) | undefined;

  constructor(readonly source: ByteSource) {}

  get available(): number {
    return this.end - this.start;
  }

  /**
   * Makes at least `byteCount` bytes available from `start`, reading more as needed.
   * Resolves false when the source ends first; whatever it had is still available.
   */
  async fill(byteCount: number): Promise<boolean> {
    while (this.end - this.start < byteCount) {
      if (this.isExhausted) return false;
      if (this.start > 0) {
        this.buffer.copyWithin(0, this.start, this.end);
        this.end -= this.start;
        this.start = 0;
      }
      if (byteCount > this.buffer.length) {
        const grown = Buffer.allocUnsafe(Math.max(byteCount, this.buffer.length * 2));
        this.buffer.copy(grown, 0, 0, this.end);
        this.buffer = grown;
      }
      if (this.beforeRefill !== undefined) await this.beforeRefill();
      const bytesRead = await this.source.read(this.buffer, this.end, this.buffer.length - this.end);
      if (bytesRead === 0) this.isExhausted = true;
      this.end += bytesRead;
    }
    return true;
  }

  consume(byteCount: number): void {
    this.start += byteCount;
    this.position += byteCount;
  }
}
