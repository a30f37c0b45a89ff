import { pcapMagicMicroseconds, pcapMagicNanoseconds } from './pcap-reader.js';

export interface PcapWriterOptions {
  linkType: number;
  isLittleEndian?: boolean;
  /** Nanosecond timestamps (magic 0xa1b23c4d) instead of microseconds. */
  hasNanosecondTimestamps?: boolean;
  snapLength?: number;
}

/**
 * Encodes classic pcap files: the global header, then one record per packet. Used by the
 * simulator, the benchmarks and the reader's tests (with tshark as the independent check).
 *
 * @example
 * const writer = new PcapWriter({ linkType: LinkType.ethernet });
 * stream.write(writer.header());
 * stream.write(writer.record(frame, 1_700_000_000, 500_000_000));
 */
export class PcapWriter {
  readonly #options: Required<PcapWriterOptions>;

  constructor(options: PcapWriterOptions) {
    this.#options = Object.freeze({
      isLittleEndian: true,
      hasNanosecondTimestamps: false,
      snapLength: 262_144,
      ...options,
    });
  }

  header(): Buffer {
    const { isLittleEndian, hasNanosecondTimestamps, snapLength, linkType } = this.#options;
    const header = Buffer.alloc(24);
    const writeUInt32 = (value: number, at: number) =>
      isLittleEndian ? header.writeUInt32LE(value, at) : header.writeUInt32BE(value, at);
    const writeUInt16 = (value: number, at: number) =>
      isLittleEndian ? header.writeUInt16LE(value, at) : header.writeUInt16BE(value, at);
    writeUInt32(hasNanosecondTimestamps ? pcapMagicNanoseconds : pcapMagicMicroseconds, 0);
    writeUInt16(2, 4);
    writeUInt16(4, 6);
    writeUInt32(snapLength, 16);
    writeUInt32(linkType, 20);
    return header;
  }

  record(
    frame: Buffer,
    timestampSeconds: number,
    timestampNanoseconds: number,
    originalLength = frame.length,
  ): Buffer {
    const { isLittleEndian, hasNanosecondTimestamps, snapLength } = this.#options;
    const capturedLength = Math.min(frame.length, snapLength);
    const record = Buffer.alloc(16 + capturedLength);
    const fraction = hasNanosecondTimestamps ? timestampNanoseconds : Math.floor(timestampNanoseconds / 1000);
    const fields = [timestampSeconds, fraction, capturedLength, originalLength];
    fields.forEach((value, index) => {
      if (isLittleEndian) record.writeUInt32LE(value, index * 4);
      else record.writeUInt32BE(value, index * 4);
    });
    frame.copy(record, 16, 0, capturedLength);
    return record;
  }
}
