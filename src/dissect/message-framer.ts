/**
 * How a length-prefixed protocol frames its messages: the header size, and the body length a
 * header announces (undefined when the header is not this protocol's: the framer stops).
 */
export interface Framing {
  headerBytes: number;
  bodyLengthOf(header: Buffer, at: number): number | undefined;
}

export type FramerResult = 'ok' | 'malformed';

/**
 * Splits one direction of a length-prefixed protocol (NetBIOS session service, TPKT, Modbus
 * MBAP, DICOM PDUs, …) into whole messages, however TCP segmented them. A message longer than
 * the bound is skipped, not buffered: only its header is handed over, so memory stays bounded
 * whatever a peer announces. A header that is not the protocol's stops the framer.
 *
 * @example
 * const framer = new MessageFramer(netbiosFraming, 65_536);
 * if (framer.push(data, offset, length, readMessage) === 'malformed') counters.countMalformed('smb');
 */
export class MessageFramer {
  #pending: Buffer = Buffer.alloc(0);
  /** Body bytes of an oversized message still to be passed over. */
  #skipBytes = 0;
  #isStopped = false;

  constructor(
    readonly framing: Framing,
    readonly maxMessageBytes: number,
  ) {}

  get isStopped(): boolean {
    return this.#isStopped;
  }

  /** Ends the framing: later bytes are ignored (after a gap, or once the parser has what it needs). */
  stop(): void {
    this.#isStopped = true;
    this.#pending = Buffer.alloc(0);
  }

  /**
   * Calls `onMessage(message, start, end, isWhole)` for each message: `isWhole` is false for an
   * oversized one, whose bytes after the header are not given. `message` is valid during the call only.
   */
  push(
    data: Buffer,
    offset: number,
    length: number,
    onMessage: (message: Buffer, start: number, end: number, isWhole: boolean) => void,
  ): FramerResult {
    let at = offset;
    const end = offset + length;
    const { headerBytes } = this.framing;
    while (!this.#isStopped && at < end) {
      if (this.#skipBytes > 0) {
        const skipped = Math.min(this.#skipBytes, end - at);
        this.#skipBytes -= skipped;
        at += skipped;
        continue;
      }
      // Work on the caller's bytes when no earlier piece is pending: no copy for whole messages.
      let source = data;
      let start = at;
      let available = end - at;
      if (this.#pending.length > 0) {
        const needed = this.#neededAfterPending();
        const taken = Math.min(needed, end - at);
        this.#pending = Buffer.concat([this.#pending, data.subarray(at, at + taken)]);
        at += taken;
        if (taken < needed) return 'ok';
        source = this.#pending;
        start = 0;
        available = this.#pending.length;
      }
      if (available < headerBytes) {
        this.#pending = Buffer.from(source.subarray(start, start + available));
        return 'ok';
      }
      const bodyLength = this.framing.bodyLengthOf(source, start);
      if (bodyLength === undefined || bodyLength < 0) {
        this.stop();
        return 'malformed';
      }
      const messageBytes = headerBytes + bodyLength;
      if (messageBytes > this.maxMessageBytes) {
        onMessage(source, start, start + headerBytes, false);
        this.#skipBytes = bodyLength;
        if (source === this.#pending) this.#pending = Buffer.alloc(0);
        else at = start + headerBytes;
        continue;
      }
      if (available < messageBytes) {
        if (source !== this.#pending) {
          this.#pending = Buffer.from(source.subarray(start, start + available));
          at = end;
        }
        continue;
      }
      if (source === this.#pending) this.#pending = Buffer.alloc(0);
      else at = start + messageBytes;
      onMessage(source, start, start + messageBytes, true);
    }
    return 'ok';
  }

  /** Bytes the pending piece still lacks: up to its header, then up to the whole message. */
  #neededAfterPending(): number {
    const { headerBytes } = this.framing;
    if (this.#pending.length < headerBytes) return headerBytes - this.#pending.length;
    const bodyLength = this.framing.bodyLengthOf(this.#pending, 0) ?? 0;
    const messageBytes = headerBytes + bodyLength;
    if (messageBytes > this.maxMessageBytes) return 0;
    return messageBytes - this.#pending.length;
  }
}
