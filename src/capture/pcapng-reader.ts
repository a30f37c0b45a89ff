import type { ByteWindow } from './byte-window.js';
import { type CaptureErrorKind, CaptureErrorLog } from './capture-error.js';
import type { CaptureReader, CaptureReadSummary, PacketCallback } from './capture-reader.js';
import { CapturedPacket } from './captured-packet.js';
import { normaliseLinkType } from './link-type.js';
import { splitTimestampUnits } from './timestamp-units.js';

/** Block types, pcapng draft (draft-ietf-opsawg-pcapng) §4 and §11.1. */
export const PcapngBlockType = {
  sectionHeader: 0x0a0d0d0a,
  interfaceDescription: 0x00000001,
  obsoletePacket: 0x00000002,
  simplePacket: 0x00000003,
  enhancedPacket: 0x00000006,
} as const;

export const pcapngByteOrderMagic = 0x1a2b3c4d;
const blockOverheadBytes = 12;
/** Far above any real block (a 256 KiB packet plus options); a larger length means damage. */
const maxBlockBytes = 16 * 1024 * 1024;
const optionEndOfOptions = 0;
const optionInterfaceTimestampResolution = 9;
const optionInterfaceTimestampOffset = 14;

interface InterfaceDescription {
  linkType: number;
  snapLength: number;
  /** Timestamp ticks per second, from if_tsresol (default microseconds, §4.2). */
  unitsPerSecond: number;
  /** if_tsoffset: seconds to add to every timestamp of this interface. */
  offsetSeconds: number;
}

/**
 * Streaming reader for pcapng: any number of sections, each in its own byte order, each with its
 * interfaces (link type, snap length, timestamp resolution and offset). Enhanced, simple and
 * obsolete packet blocks carry packets; other blocks (name resolution, statistics, custom) are
 * skipped by their length.
 *
 * @example
 * const reader = new PcapngReader(new ByteWindow(await openByteSource('trace.pcapng')));
 * await reader.read((packet) => console.log(packet.interfaceId, packet.linkType));
 */
export class PcapngReader implements CaptureReader {
  readonly format = 'pcapng' as const;
  readonly #packet = new CapturedPacket();
  readonly #errors = new CaptureErrorLog();
  #interfaces: InterfaceDescription[] = [];
  #isLittleEndian = true;

  constructor(readonly window: ByteWindow) {}

  async read(onPacket: PacketCallback): Promise<CaptureReadSummary> {
    const window = this.window;
    const summary: CaptureReadSummary = {
      format: 'pcapng',
      packets: 0,
      bytesRead: 0,
      errorCount: 0,
      errors: [],
    };
    const packet = this.#packet;
    while (true) {
      if (window.available < 8 && !(await window.fill(8))) {
        if (window.available > 0)
          this.#fail('truncated', `block header needs 8 bytes, the file ends after ${window.available}`);
        break;
      }
      let buffer = window.buffer;
      let at = window.start;
      const blockType = this.#isLittleEndian ? buffer.readUInt32LE(at) : buffer.readUInt32BE(at);
      if (blockType === PcapngBlockType.sectionHeader) {
        // The section header fixes the byte order of everything up to the next one (§4.1).
        if (window.available < 12 && !(await window.fill(12))) {
          this.#fail('truncated', `section header needs 12 bytes, the file ends after ${window.available}`);
          break;
        }
        buffer = window.buffer;
        at = window.start;
        const magic = buffer.readUInt32LE(at + 8);
        if (magic === pcapngByteOrderMagic) this.#isLittleEndian = true;
        else if (buffer.readUInt32BE(at + 8) === pcapngByteOrderMagic) this.#isLittleEndian = false;
        else {
          this.#fail(
            'corrupt',
            `section header byte-order magic is 0x${magic.toString(16)}, expected 0x1a2b3c4d`,
          );
          break;
        }
        this.#interfaces = [];
      }
      const blockLength = this.#isLittleEndian ? buffer.readUInt32LE(at + 4) : buffer.readUInt32BE(at + 4);
      if (blockLength < blockOverheadBytes || blockLength % 4 !== 0 || blockLength > maxBlockBytes) {
        this.#fail(
          'corrupt',
          `block of type 0x${blockType.toString(16)} has length ${blockLength}, expected a multiple of 4 from 12 to ${maxBlockBytes}`,
        );
        break;
      }
      if (window.available < blockLength && !(await window.fill(blockLength))) {
        this.#fail(
          'truncated',
          `block of type 0x${blockType.toString(16)} needs ${blockLength} bytes, the file ends after ${window.available}`,
        );
        break;
      }
      buffer = window.buffer;
      at = window.start;
      const trailingLength = this.#isLittleEndian
        ? buffer.readUInt32LE(at + blockLength - 4)
        : buffer.readUInt32BE(at + blockLength - 4);
      if (trailingLength !== blockLength) {
        this.#fail('corrupt', `block length ${blockLength} at the start but ${trailingLength} at the end`);
        break;
      }
      if (blockType === PcapngBlockType.sectionHeader) {
        const majorVersion = this.#isLittleEndian
          ? buffer.readUInt16LE(at + 12)
          : buffer.readUInt16BE(at + 12);
        if (majorVersion !== 1) {
          this.#fail('unsupported', `section header version ${majorVersion}, expected 1`);
          break;
        }
      } else if (blockType === PcapngBlockType.interfaceDescription) {
        this.#readInterface(buffer, at, blockLength);
      } else if (
        blockType === PcapngBlockType.enhancedPacket ||
        blockType === PcapngBlockType.simplePacket ||
        blockType === PcapngBlockType.obsoletePacket
      ) {
        if (this.#preparePacket(blockType, buffer, at, blockLength)) {
          summary.packets += 1;
          packet.packetNumber = summary.packets;
          packet.fileOffset = window.position;
          onPacket(packet);
        }
      }
      window.consume(blockLength);
    }
    summary.bytesRead = window.position;
    summary.errorCount = this.#errors.count;
    summary.errors = this.#errors.kept;
    return summary;
  }

  #readUInt32(buffer: Buffer, at: number): number {
    return this.#isLittleEndian ? buffer.readUInt32LE(at) : buffer.readUInt32BE(at);
  }

  #readUInt16(buffer: Buffer, at: number): number {
    return this.#isLittleEndian ? buffer.readUInt16LE(at) : buffer.readUInt16BE(at);
  }

  #readInterface(buffer: Buffer, at: number, blockLength: number): void {
    const description: InterfaceDescription = {
      linkType: normaliseLinkType(this.#readUInt16(buffer, at + 8)),
      snapLength: this.#readUInt32(buffer, at + 12),
      unitsPerSecond: 1e6,
      offsetSeconds: 0,
    };
    const end = at + blockLength - 4;
    let option = at + 16;
    while (option + 4 <= end) {
      const code = this.#readUInt16(buffer, option);
      const length = this.#readUInt16(buffer, option + 2);
      if (code === optionEndOfOptions || option + 4 + length > end) break;
      const value = option + 4;
      if (code === optionInterfaceTimestampResolution && length >= 1) {
        const resolution = buffer[value]!;
        // §4.2 if_tsresol: high bit clear is a negative power of 10, set is a negative power of 2.
        const exponent = resolution & 0x7f;
        const unitsPerSecond = resolution & 0x80 ? 2 ** exponent : 10 ** exponent;
        if (unitsPerSecond <= 2 ** 36) description.unitsPerSecond = unitsPerSecond;
        else
          this.#fail(
            'unsupported',
            `if_tsresol ${resolution} is finer than Vigil reads; microseconds assumed`,
          );
      } else if (code === optionInterfaceTimestampOffset && length >= 8) {
        const high = this.#isLittleEndian ? buffer.readInt32LE(value + 4) : buffer.readInt32BE(value);
        const low = this.#isLittleEndian ? buffer.readUInt32LE(value) : buffer.readUInt32BE(value + 4);
        description.offsetSeconds = high * 2 ** 32 + low;
      }
      option += 4 + ((length + 3) & ~3);
    }
    this.#interfaces.push(description);
  }

  /** Fills the reused packet from a packet block; false when the block cannot be used. */
  #preparePacket(blockType: number, buffer: Buffer, at: number, blockLength: number): boolean {
    const packet = this.#packet;
    let interfaceId = 0;
    let dataOffset: number;
    let capturedLength: number;
    let originalLength: number;
    let timestampHigh = 0;
    let timestampLow = 0;
    if (blockType === PcapngBlockType.simplePacket) {
      // §4.4: the captured length is implied by the block length and the snap length.
      originalLength = this.#readUInt32(buffer, at + 8);
      dataOffset = at + 12;
      const snapLength = this.#interfaces[0]?.snapLength || Number.MAX_SAFE_INTEGER;
      capturedLength = Math.min(originalLength, snapLength, blockLength - 16);
    } else {
      if (blockType === PcapngBlockType.enhancedPacket) {
        interfaceId = this.#readUInt32(buffer, at + 8);
      } else {
        interfaceId = this.#readUInt16(buffer, at + 8);
      }
      timestampHigh = this.#readUInt32(buffer, at + 12);
      timestampLow = this.#readUInt32(buffer, at + 16);
      capturedLength = this.#readUInt32(buffer, at + 20);
      originalLength = this.#readUInt32(buffer, at + 24);
      dataOffset = at + 28;
    }
    const description = this.#interfaces[interfaceId];
    if (description === undefined) {
      this.#fail(
        'corrupt',
        `packet names interface ${interfaceId}, but the section describes ${this.#interfaces.length}`,
      );
      return false;
    }
    if (dataOffset + capturedLength > at + blockLength - 4) {
      this.#fail(
        'corrupt',
        `packet claims ${capturedLength} captured bytes, its block holds ${Math.max(0, at + blockLength - 4 - dataOffset)}`,
      );
      return false;
    }
    packet.data = buffer;
    packet.offset = dataOffset;
    packet.capturedLength = capturedLength;
    packet.originalLength = originalLength;
    packet.interfaceId = interfaceId;
    packet.linkType = description.linkType;
    splitTimestampUnits(timestampHigh, timestampLow, description.unitsPerSecond, packet);
    packet.timestampSeconds += description.offsetSeconds;
    return true;
  }

  #fail(kind: CaptureErrorKind, message: string): void {
    this.#errors.add({ kind, file: this.window.source.name, offset: this.window.position, message });
  }
}
