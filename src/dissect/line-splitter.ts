/**
 * Splits one direction of a line-based protocol (FTP, SSH identification, …) into lines, however
 * the bytes were segmented. A line ends at LF; a CR before it is dropped. A line longer than the
 * bound stops the splitter: the protocol is not what it seemed, and buffering more would be unbounded.
 *
 * @example
 * const lines = new LineSplitter(1024);
 * if (!lines.push(data, offset, length, (line) => readCommand(line))) context.counters.countMalformed('ftp');
 */
export class LineSplitter {
  #pending: Buffer = Buffer.alloc(0);
  #isStopped = false;

  constructor(readonly maxLineBytes: number) {}

  get isStopped(): boolean {
    return this.#isStopped;
  }

  /** Ends the splitting: later bytes are ignored (used when the rest of the stream is not text). */
  stop(): void {
    this.#isStopped = true;
    this.#pending = Buffer.alloc(0);
  }

  /** Calls `onLine` for each complete line; false when a line overran the bound (the splitter stops). */
  push(data: Buffer, offset: number, length: number, onLine: (line: string) => void): boolean {
    let at = offset;
    const end = offset + length;
    while (!this.#isStopped && at < end) {
      const newline = data.indexOf(0x0a, at);
      const lineEnd = newline < 0 || newline >= end ? end : newline;
      this.#pending =
        this.#pending.length === 0
          ? Buffer.from(data.subarray(at, lineEnd))
          : Buffer.concat([this.#pending, data.subarray(at, lineEnd)]);
      at = lineEnd + 1;
      if (this.#pending.length > this.maxLineBytes) {
        this.stop();
        return false;
      }
      if (lineEnd === end) break;
      const text = this.#pending.toString('latin1');
      this.#pending = Buffer.alloc(0);
      onLine(text.endsWith('\r') ? text.slice(0, -1) : text);
    }
    return true;
  }
}
