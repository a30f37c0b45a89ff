/** Longest chunk-size or trailer line accepted (RFC 9112 §7.1 sets none; real ones are short). */
const maxLineBytes = 1024;

/** Where chunk data goes when a body is kept (see `BodyCapture`). */
export interface ChunkDataSink {
  append(data: Buffer, start: number, end: number): void;
}

/**
 * Reads a chunked message body (RFC 9112 §7.1): chunk-size lines, chunk data, the last chunk and
 * any trailer fields, to the empty line that ends the message. Chunk data goes to `sink` when
 * one is given and is passed over otherwise. Bytes may arrive split anywhere.
 *
 * @example
 * const body = new ChunkedBodyReader();
 * const result = body.consume(data, at, end); // { next, isDone } or undefined when not chunked
 */
export class ChunkedBodyReader {
  constructor(readonly sink?: ChunkDataSink) {}

  #state: 'size' | 'data' | 'data-end' | 'trailer' = 'size';
  #line = '';
  #remaining = 0;

  /** Reads from `at`; returns where reading stopped and whether the body ended there, or undefined if malformed. */
  consume(data: Buffer, at: number, end: number): { next: number; isDone: boolean } | undefined {
    let position = at;
    while (position < end) {
      if (this.#state === 'data') {
        const skipped = Math.min(this.#remaining, end - position);
        this.sink?.append(data, position, position + skipped);
        this.#remaining -= skipped;
        position += skipped;
        if (this.#remaining === 0) this.#state = 'data-end';
        continue;
      }
      const byte = data[position]!;
      position += 1;
      if (this.#state === 'data-end') {
        // The CRLF after chunk data: CR is optional here, LF ends it.
        if (byte === 0x0a) this.#state = 'size';
        else if (byte !== 0x0d) return undefined;
        continue;
      }
      if (byte !== 0x0a) {
        if (byte !== 0x0d) this.#line += String.fromCharCode(byte);
        if (this.#line.length > maxLineBytes) return undefined;
        continue;
      }
      const line = this.#line;
      this.#line = '';
      if (this.#state === 'trailer') {
        if (line === '') return { next: position, isDone: true };
        continue;
      }
      const sizeText = line.split(';', 1)[0]!.trim();
      if (!/^[0-9a-fA-F]{1,15}$/.test(sizeText)) return undefined;
      const size = Number.parseInt(sizeText, 16);
      if (size === 0) this.#state = 'trailer';
      else {
        this.#remaining = size;
        this.#state = 'data';
      }
    }
    return { next: position, isDone: false };
  }
}
