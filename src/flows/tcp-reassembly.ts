import { type PacketView, TcpFlag } from '../decode/packet-view.js';

export interface TcpReassemblyConfig {
  maxFlows: number;
  /** Out-of-order bytes held for one direction of one connection before a gap is declared. */
  maxStreamBufferBytes: number;
  /** Out-of-order bytes held across all connections; past it, new out-of-order data becomes a gap. */
  maxReassemblyBufferBytes: number;
}

/** Receives each direction of each TCP connection as an in-order byte stream. */
export interface TcpStreamSink {
  /** In-order payload; `data` is valid only during the call. */
  onData(slot: number, isFromInitiator: boolean, data: Buffer, offset: number, length: number): void;
  /** `missingBytes` were never captured before the next data of this direction. */
  onGap(slot: number, isFromInitiator: boolean, missingBytes: number): void;
}

interface PendingSegment {
  sequence: number;
  bytes: Buffer;
}

/** Signed distance from `from` to `to` in 32-bit sequence space (RFC 9293 §3.4). */
function sequenceDistance(from: number, to: number): number {
  return (to - from) | 0;
}

/**
 * TCP reassembly for application dissectors: each direction of each flow is delivered in order.
 * In-order segments are passed straight from the packet buffer; retransmitted bytes are dropped,
 * overlaps trimmed, and out-of-order segments copied and held, within a per-stream and an overall
 * bound. When a bound is hit, or the flow ends, the missing bytes are reported as a gap and the
 * held data delivered after it: nothing is silently discarded.
 *
 * @example
 * const reassembler = new TcpReassembler(config, sink);
 * const slot = flows.update(view);
 * reassembler.handle(view, slot, flows.isLastPacketFromInitiator);
 */
export class TcpReassembler {
  readonly #config: Readonly<TcpReassemblyConfig>;
  readonly #sink: TcpStreamSink;
  /** Next expected sequence number per stream (slot × 2 + direction). */
  readonly #nextSequence: Float64Array;
  readonly #isSynchronised: Uint8Array;
  readonly #bufferedBytes: Float64Array;
  readonly #pending = new Map<number, PendingSegment[]>();
  #totalBufferedBytes = 0;

  retransmittedSegments = 0;
  overlappingSegments = 0;
  outOfOrderSegments = 0;
  gaps = 0;
  gapBytes = 0;

  constructor(config: TcpReassemblyConfig, sink: TcpStreamSink) {
    this.#config = Object.freeze({ ...config });
    this.#sink = sink;
    this.#nextSequence = new Float64Array(config.maxFlows * 2);
    this.#isSynchronised = new Uint8Array(config.maxFlows * 2);
    this.#bufferedBytes = new Float64Array(config.maxFlows * 2);
  }

  /** Out-of-order bytes currently held, across all streams. */
  get bufferedBytes(): number {
    return this.#totalBufferedBytes;
  }

  handle(view: PacketView, slot: number, isFromInitiator: boolean): void {
    const stream = slot * 2 + (isFromInitiator ? 0 : 1);
    const isSyn = (view.tcpFlags & TcpFlag.syn) !== 0;
    let dataSequence = view.tcpSequence;
    if (isSyn) {
      dataSequence = (dataSequence + 1) >>> 0;
      this.#nextSequence[stream] = dataSequence;
      this.#isSynchronised[stream] = 1;
    } else if (this.#isSynchronised[stream] === 0) {
      // Picked up mid-stream: the first segment seen sets the starting point.
      this.#nextSequence[stream] = dataSequence;
      this.#isSynchronised[stream] = 1;
    }
    const length = view.payloadLength;
    if (length <= 0) return;
    const distance = sequenceDistance(this.#nextSequence[stream]!, dataSequence);
    if (distance === 0) {
      this.#deliver(stream, view.packet.data, view.payloadOffset, length);
    } else if (distance < 0) {
      const newBytes = distance + length;
      if (newBytes <= 0) {
        this.retransmittedSegments += 1;
        return;
      }
      this.overlappingSegments += 1;
      this.#deliver(stream, view.packet.data, view.payloadOffset - distance, newBytes);
    } else {
      this.outOfOrderSegments += 1;
      this.#hold(stream, dataSequence, view.packet.data, view.payloadOffset, length);
      return;
    }
    this.#drain(stream);
  }

  /** Ends both directions of a flow: held data is delivered after a gap, and the slot's state cleared. */
  release(slot: number): void {
    for (const stream of [slot * 2, slot * 2 + 1]) {
      while (this.#pending.has(stream)) this.#skipToPending(stream);
      this.#isSynchronised[stream] = 0;
    }
  }

  #deliver(stream: number, data: Buffer, offset: number, length: number): void {
    this.#nextSequence[stream] = (this.#nextSequence[stream]! + length) >>> 0;
    this.#sink.onData(stream >> 1, (stream & 1) === 0, data, offset, length);
  }

  #hold(stream: number, sequence: number, data: Buffer, offset: number, length: number): void {
    const config = this.#config;
    if (
      this.#bufferedBytes[stream]! + length > config.maxStreamBufferBytes ||
      this.#totalBufferedBytes + length > config.maxReassemblyBufferBytes
    ) {
      // Over a bound: give up waiting for the missing bytes, deliver what is held, then this segment.
      while (this.#pending.has(stream)) this.#skipToPending(stream);
      const missing = sequenceDistance(this.#nextSequence[stream]!, sequence);
      if (missing > 0) this.#reportGap(stream, missing);
      if (missing >= 0) this.#deliver(stream, data, offset, length);
      else if (missing + length > 0) this.#deliver(stream, data, offset - missing, missing + length);
      return;
    }
    const segments = this.#pending.get(stream) ?? [];
    segments.push({ sequence, bytes: Buffer.from(data.subarray(offset, offset + length)) });
    this.#pending.set(stream, segments);
    this.#bufferedBytes[stream]! += length;
    this.#totalBufferedBytes += length;
  }

  /** Delivers held segments that have become contiguous. */
  #drain(stream: number): void {
    const segments = this.#pending.get(stream);
    if (segments === undefined) return;
    let progressed = true;
    while (progressed && segments.length > 0) {
      progressed = false;
      for (let index = 0; index < segments.length; index += 1) {
        const segment = segments[index]!;
        const distance = sequenceDistance(this.#nextSequence[stream]!, segment.sequence);
        if (distance > 0) continue;
        segments.splice(index, 1);
        this.#forget(stream, segment.bytes.length);
        const newBytes = distance + segment.bytes.length;
        if (newBytes > 0) this.#deliver(stream, segment.bytes, -distance, newBytes);
        progressed = true;
        break;
      }
    }
    if (segments.length === 0) this.#pending.delete(stream);
  }

  /** Declares the bytes before the earliest held segment lost and delivers from there. */
  #skipToPending(stream: number): void {
    const segments = this.#pending.get(stream)!;
    let earliest = segments[0]!.sequence;
    for (const segment of segments) {
      if (sequenceDistance(earliest, segment.sequence) < 0) earliest = segment.sequence;
    }
    const missing = sequenceDistance(this.#nextSequence[stream]!, earliest);
    if (missing > 0) this.#reportGap(stream, missing);
    this.#drain(stream);
  }

  #reportGap(stream: number, missingBytes: number): void {
    this.gaps += 1;
    this.gapBytes += missingBytes;
    this.#nextSequence[stream] = (this.#nextSequence[stream]! + missingBytes) >>> 0;
    this.#sink.onGap(stream >> 1, (stream & 1) === 0, missingBytes);
  }

  #forget(stream: number, length: number): void {
    this.#bufferedBytes[stream]! -= length;
    this.#totalBufferedBytes -= length;
  }
}
