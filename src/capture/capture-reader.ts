import type { CaptureError } from './capture-error.js';
import type { CapturedPacket } from './captured-packet.js';

export type CaptureFormat = 'pcap' | 'pcapng';

/** What a reader saw from start to end of a capture. */
export interface CaptureReadSummary {
  format: CaptureFormat;
  /** Packets delivered to the callback. */
  packets: number;
  /** Bytes of the capture consumed, up to the first unrecoverable problem. */
  bytesRead: number;
  /** All problems, counted; `errors` keeps the first ones in full. */
  errorCount: number;
  errors: CaptureError[];
}

/** Receives each packet; the packet object and its bytes are reused after the call returns. */
export type PacketCallback = (packet: CapturedPacket) => void;

export interface CaptureReader {
  readonly format: CaptureFormat;
  /** Reads the whole capture, calling `onPacket` for each packet in file order. Never throws for bad data. */
  read(onPacket: PacketCallback): Promise<CaptureReadSummary>;
}
