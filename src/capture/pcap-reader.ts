import { u32be, u32le } from '../decode/byte-order.js';
import type { ByteWindow } from './byte-window.js';
import { CaptureErrorLog } from './capture-error.js';
import type { CaptureReader, CaptureReadSummary, PacketCallback } from './capture-reader.js';
import { CapturedPacket } from './captured-packet.js';
import { normaliseLinkType } from './link-type.js';

export const pcapMagicMicroseconds = 0xa1b2c3d4;
export const pcapMagicNanoseconds = 0xa1b23c4d;
const globalHeaderBytes = 24;
const recordHeaderBytes = 16;
/** libpcap's MAXIMUM_SNAPLEN; a larger record length means the file is damaged, not a jumbo frame. */
const maxRecordBytes = 262_144;

/**
 * Streaming reader for classic libpcap files in either byte order, with micro- or nanosecond
 * timestamps (the magic number says which).
 *
 * @example
 * const reader = new PcapReader(new ByteWindow(await openByteSource('trace.pcap')));
 * const summary = await reader.read((packet) => decoder.decode(packet));
 */
export class PcapReader implements CaptureReader {
  readonly format = 'pcap' as const;
  readonly #packet = new CapturedPacket();
  readonly #errors = new CaptureErrorLog();

  constructor(readonly window: ByteWindow) {}

  async read(onPacket: PacketCallback): Promise<CaptureReadSummary> {
    const window = this.window;
    const file = window.source.name;
    const summary: CaptureReadSummary = {
      format: 'pcap',
      packets: 0,
      bytesRead: 0,
      errorCount: 0,
      errors: [],
    };
    if (!(await window.fill(globalHeaderBytes))) {
      this.#errors.add({
        kind: 'truncated',
        file,
        offset: window.position,
        message: `pcap global header needs ${globalHeaderBytes} bytes, the file has ${window.available}`,
      });
      return this.#finish(summary);
    }
    const header = window.buffer;
    const magicBigEndian = header.readUInt32BE(window.start);
    const isLittleEndian =
      magicBigEndian !== pcapMagicMicroseconds && magicBigEndian !== pcapMagicNanoseconds;
    const magic = isLittleEndian ? header.readUInt32LE(window.start) : magicBigEndian;
    const nanosecondsPerTick = magic === pcapMagicNanoseconds ? 1 : 1000;
    const linkType = normaliseLinkType(
      (isLittleEndian ? header.readUInt32LE(window.start + 20) : header.readUInt32BE(window.start + 20)) &
        0x03ffffff,
    );
    window.consume(globalHeaderBytes);

    const packet = this.#packet;
    packet.linkType = linkType;
    while (true) {
      if (window.available < recordHeaderBytes && !(await window.fill(recordHeaderBytes))) {
        if (window.available > 0) {
          this.#errors.add({
            kind: 'truncated',
            file,
            offset: window.position,
            message: `record header needs ${recordHeaderBytes} bytes, the file ends after ${window.available}`,
          });
        }
        break;
      }
      const buffer = window.buffer;
      const at = window.start;
      const seconds = isLittleEndian ? u32le(buffer, at) : u32be(buffer, at);
      const fraction = isLittleEndian ? u32le(buffer, at + 4) : u32be(buffer, at + 4);
      const capturedLength = isLittleEndian ? u32le(buffer, at + 8) : u32be(buffer, at + 8);
      const originalLength = isLittleEndian ? u32le(buffer, at + 12) : u32be(buffer, at + 12);
      if (capturedLength > maxRecordBytes || fraction >= 1e9 / nanosecondsPerTick) {
        this.#errors.add({
          kind: 'corrupt',
          file,
          offset: window.position,
          message:
            capturedLength > maxRecordBytes
              ? `record claims ${capturedLength} captured bytes, at most ${maxRecordBytes} expected`
              : `record timestamp fraction ${fraction} is not below one second`,
        });
        break;
      }
      const recordBytes = recordHeaderBytes + capturedLength;
      if (window.available < recordBytes && !(await window.fill(recordBytes))) {
        this.#errors.add({
          kind: 'truncated',
          file,
          offset: window.position,
          message: `packet record needs ${recordBytes} bytes, the file ends after ${window.available}`,
        });
        break;
      }
      summary.packets += 1;
      packet.data = window.buffer;
      packet.offset = window.start + recordHeaderBytes;
      packet.capturedLength = capturedLength;
      packet.originalLength = originalLength;
      packet.timestampSeconds = seconds;
      packet.timestampNanoseconds = fraction * nanosecondsPerTick;
      packet.packetNumber = summary.packets;
      packet.fileOffset = window.position;
      onPacket(packet);
      window.consume(recordBytes);
    }
    return this.#finish(summary);
  }

  #finish(summary: CaptureReadSummary): CaptureReadSummary {
    summary.bytesRead = this.window.position;
    summary.errorCount = this.#errors.count;
    summary.errors = this.#errors.kept;
    return summary;
  }
}
