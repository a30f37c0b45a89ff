import type { HttpBody } from './application.js';

/**
 * Copies the first `limit` bytes of a message body as they arrive (the bytes handed to a
 * dissector are valid only during the call), counting the rest without keeping it.
 *
 * @example
 * const capture = new BodyCapture(64 * 1024);
 * capture.append(data, at, end); // per delivery
 * const body = capture.finish(true);
 */
export class BodyCapture {
  readonly #chunks: Buffer[] = [];
  #kept = 0;
  #isTruncated = false;

  constructor(readonly limit: number) {}

  append(data: Buffer, start: number, end: number): void {
    const room = this.limit - this.#kept;
    const taken = Math.min(room, end - start);
    if (taken < end - start) this.#isTruncated = true;
    if (taken <= 0) return;
    this.#chunks.push(Buffer.from(data.subarray(start, start + taken)));
    this.#kept += taken;
  }

  /** The body; `reachedEnd` says whether the message's end was seen. */
  finish(reachedEnd: boolean): HttpBody {
    const bytes = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#kept);
    return { bytes, isComplete: reachedEnd && !this.#isTruncated };
  }
}
