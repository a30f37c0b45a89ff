import { PcapngBlockType, pcapngByteOrderMagic } from './pcapng-reader.js';

export interface PcapngInterfaceOptions {
  linkType: number;
  snapLength?: number;
  /** if_tsresol as written in the file: n for 10^-n seconds, or 0x80 | n for 2^-n. Default 6. */
  timestampResolution?: number;
  /** if_tsoffset in seconds, added by readers to every timestamp. */
  timestampOffsetSeconds?: number;
}

/**
 * Encodes pcapng blocks in either byte order: section headers, interface descriptions, and
 * enhanced, simple and obsolete packet blocks, plus arbitrary blocks for testing that readers skip
 * what they do not know.
 *
 * @example
 * const writer = new PcapngWriter();
 * out.write(writer.sectionHeader());
 * out.write(writer.interfaceDescription({ linkType: LinkType.ethernet, timestampResolution: 9 }));
 * out.write(writer.enhancedPacket(0, frame, seconds, nanoseconds));
 */
export class PcapngWriter {
  readonly #interfaces: PcapngInterfaceOptions[] = [];

  constructor(readonly isLittleEndian = true) {}

  /** A section header; `comment` (UTF-8) is shown by Wireshark and `capinfos` as the capture comment. */
  sectionHeader(comment?: string): Buffer {
    this.#interfaces.length = 0;
    const body = Buffer.alloc(16);
    this.#writeUInt32(body, pcapngByteOrderMagic, 0);
    this.#writeUInt16(body, 1, 4);
    this.#writeUInt16(body, 0, 6);
    // Section length unknown (-1), as streaming writers such as dumpcap write it.
    body.writeInt32LE(-1, 8);
    body.writeInt32LE(-1, 12);
    if (comment === undefined) return this.block(PcapngBlockType.sectionHeader, body);
    // opt_comment, then opt_endofopt.
    const options = [this.#option(1, Buffer.from(comment, 'utf8')), Buffer.alloc(4)];
    return this.block(PcapngBlockType.sectionHeader, Buffer.concat([body, ...options]));
  }

  interfaceDescription(options: PcapngInterfaceOptions): Buffer {
    this.#interfaces.push(options);
    const fixed = Buffer.alloc(8);
    this.#writeUInt16(fixed, options.linkType, 0);
    this.#writeUInt32(fixed, options.snapLength ?? 262_144, 4);
    const optionBlocks: Buffer[] = [];
    if (options.timestampResolution !== undefined) {
      optionBlocks.push(this.#option(9, Buffer.from([options.timestampResolution])));
    }
    if (options.timestampOffsetSeconds !== undefined) {
      const value = Buffer.alloc(8);
      if (this.isLittleEndian) value.writeBigInt64LE(BigInt(options.timestampOffsetSeconds));
      else value.writeBigInt64BE(BigInt(options.timestampOffsetSeconds));
      optionBlocks.push(this.#option(14, value));
    }
    if (optionBlocks.length > 0) optionBlocks.push(Buffer.alloc(4));
    return this.block(PcapngBlockType.interfaceDescription, Buffer.concat([fixed, ...optionBlocks]));
  }

  enhancedPacket(
    interfaceId: number,
    frame: Buffer,
    timestampSeconds: number,
    timestampNanoseconds: number,
    originalLength = frame.length,
  ): Buffer {
    const fixed = Buffer.alloc(20);
    this.#writeUInt32(fixed, interfaceId, 0);
    this.#writeTimestamp(fixed, 4, interfaceId, timestampSeconds, timestampNanoseconds);
    this.#writeUInt32(fixed, frame.length, 12);
    this.#writeUInt32(fixed, originalLength, 16);
    return this.block(PcapngBlockType.enhancedPacket, Buffer.concat([fixed, pad4(frame)]));
  }

  simplePacket(frame: Buffer, originalLength = frame.length): Buffer {
    const fixed = Buffer.alloc(4);
    this.#writeUInt32(fixed, originalLength, 0);
    return this.block(PcapngBlockType.simplePacket, Buffer.concat([fixed, pad4(frame)]));
  }

  obsoletePacket(
    interfaceId: number,
    frame: Buffer,
    timestampSeconds: number,
    timestampNanoseconds: number,
  ): Buffer {
    const fixed = Buffer.alloc(20);
    this.#writeUInt16(fixed, interfaceId, 0);
    this.#writeTimestamp(fixed, 4, interfaceId, timestampSeconds, timestampNanoseconds);
    this.#writeUInt32(fixed, frame.length, 12);
    this.#writeUInt32(fixed, frame.length, 16);
    return this.block(PcapngBlockType.obsoletePacket, Buffer.concat([fixed, pad4(frame)]));
  }

  /** Any block: type, total length, padded body, total length again (§3.1). */
  block(type: number, body: Buffer): Buffer {
    const padded = pad4(body);
    const block = Buffer.alloc(12 + padded.length);
    this.#writeUInt32(block, type, 0);
    this.#writeUInt32(block, block.length, 4);
    padded.copy(block, 8);
    this.#writeUInt32(block, block.length, block.length - 4);
    return block;
  }

  #option(code: number, value: Buffer): Buffer {
    const header = Buffer.alloc(4);
    this.#writeUInt16(header, code, 0);
    this.#writeUInt16(header, value.length, 2);
    return Buffer.concat([header, pad4(value)]);
  }

  #writeTimestamp(
    target: Buffer,
    at: number,
    interfaceId: number,
    seconds: number,
    nanoseconds: number,
  ): void {
    const resolution = this.#interfaces[interfaceId]?.timestampResolution ?? 6;
    const exponent = BigInt(resolution & 0x7f);
    const unitsPerSecond = resolution & 0x80 ? 2n ** exponent : 10n ** exponent;
    const offset = BigInt(this.#interfaces[interfaceId]?.timestampOffsetSeconds ?? 0);
    const units =
      (BigInt(seconds) - offset) * unitsPerSecond + (BigInt(nanoseconds) * unitsPerSecond) / 1_000_000_000n;
    this.#writeUInt32(target, Number(units >> 32n), at);
    this.#writeUInt32(target, Number(units & 0xffffffffn), at + 4);
  }

  #writeUInt32(target: Buffer, value: number, at: number): void {
    if (this.isLittleEndian) target.writeUInt32LE(value >>> 0, at);
    else target.writeUInt32BE(value >>> 0, at);
  }

  #writeUInt16(target: Buffer, value: number, at: number): void {
    if (this.isLittleEndian) target.writeUInt16LE(value, at);
    else target.writeUInt16BE(value, at);
  }
}

function pad4(bytes: Buffer): Buffer {
  const padding = (4 - (bytes.length % 4)) % 4;
  return padding === 0 ? bytes : Buffer.concat([bytes, Buffer.alloc(padding)]);
}
