import type { ByteSource } from './byte-source.js';

const initialCapacityBytes = 4 * 1024 * 1024;
/**
 * Room kept before read-ahead data for the unread tail of the current buffer: larger than any
 * record the readers accept whole (a 256 KiB pcap record plus its header), so the tail always fits.
 */
const readAheadHeadroomBytes = 512 * 1024;

/**
 * A sliding window over a byte source: one buffer parsed in place, so the readers never copy a
 * packet. While it is parsed, the next chunk is already being read into a second buffer; when
 * the first runs out, the unread tail is copied in front of the new data and the buffers swap.
 * File reads thus overlap packet processing instead of stalling it.
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
  #spare: Buffer | undefined = Buffer.allocUnsafe(initialCapacityBytes);
  /** The read into `#spare` at the headroom offset, when one is under way. */
  #readAhead: Promise<number> | undefined;

  /**
   * Awaited before each refill: the one point where an ingest may do asynchronous work (write a
   * batch, draw progress) without a promise per packet.
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
      if (this.beforeRefill !== undefined) await this.beforeRefill();
      const tail = this.end - this.start;
      const spare = this.#spare;
      if (
        this.#readAhead !== undefined &&
        spare !== undefined &&
        tail <= readAheadHeadroomBytes &&
        byteCount <= spare.length - readAheadHeadroomBytes
      ) {
        const bytesRead = await this.#readAhead;
        this.#readAhead = undefined;
        this.buffer.copy(spare, readAheadHeadroomBytes - tail, this.start, this.end);
        this.#spare = this.buffer;
        this.buffer = spare;
        this.start = readAheadHeadroomBytes - tail;
        this.end = readAheadHeadroomBytes + bytesRead;
        if (bytesRead === 0) this.isExhausted = true;
      } else {
        await this.#readInPlace(byteCount);
      }
      this.#startReadAhead();
    }
    return true;
  }

  consume(byteCount: number): void {
    this.start += byteCount;
    this.position += byteCount;
  }

  /** The plain path: compact, grow if a record is larger than the buffer, read after the tail. */
  async #readInPlace(byteCount: number): Promise<void> {
    if (this.#readAhead !== undefined) {
      // A record too large for the read-ahead layout: take what was read ahead, then stop reading ahead.
      const bytesRead = await this.#readAhead;
      this.#readAhead = undefined;
      this.#append(this.#spare!, readAheadHeadroomBytes, bytesRead);
      this.#spare = undefined;
      if (bytesRead === 0) this.isExhausted = true;
      return;
    }
    this.#compactAndGrow(byteCount);
    const bytesRead = await this.source.read(this.buffer, this.end, this.buffer.length - this.end);
    if (bytesRead === 0) this.isExhausted = true;
    this.end += bytesRead;
  }

  #append(source: Buffer, from: number, length: number): void {
    this.#compactAndGrow(this.end - this.start + length);
    source.copy(this.buffer, this.end, from, from + length);
    this.end += length;
  }

  #compactAndGrow(byteCount: number): void {
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
  }

  #startReadAhead(): void {
    const spare = this.#spare;
    if (this.isExhausted || spare === undefined || this.#readAhead !== undefined) return;
    const read = this.source.read(spare, readAheadHeadroomBytes, spare.length - readAheadHeadroomBytes);
    // A reader that stops early (a corrupt record) never awaits this read; its failure must not go unhandled.
    read.catch(() => undefined);
    this.#readAhead = read;
  }
}
