import { describe, expect, it } from 'vitest';
import { readCaptureBytes } from '../../test/support/read-capture-bytes.js';
import { LinkType } from './link-type.js';
import { PcapngWriter } from './pcapng-writer.js';

const ethernetFrame = Buffer.alloc(64, 0xaa);
const rawIpPacket = Buffer.alloc(41, 0x45);
const sllFrame = Buffer.alloc(30, 0x11);

/** Two sections, one per byte order requested, each with three interfaces of different clocks. */
function buildSection(writer: PcapngWriter): Buffer[] {
  return [
    writer.sectionHeader(),
    writer.interfaceDescription({ linkType: LinkType.ethernet }),
    writer.interfaceDescription({ linkType: LinkType.raw, timestampResolution: 9 }),
    writer.interfaceDescription({
      linkType: LinkType.linuxSll2,
      timestampResolution: 0x80 | 20,
      timestampOffsetSeconds: 1_000,
    }),
    writer.enhancedPacket(0, ethernetFrame, 1_700_000_000, 250_000_000, 1500),
    // A name resolution block (type 4) and a custom block: readers skip what they do not use.
    writer.block(0x00000004, Buffer.alloc(8)),
    writer.block(0x00000bad, Buffer.alloc(13, 7)),
    writer.enhancedPacket(1, rawIpPacket, 1_800_000_000, 123_456_789),
    writer.enhancedPacket(2, sllFrame, 1_700_000_100, 500_000_000),
    writer.obsoletePacket(1, rawIpPacket, 1_700_000_200, 1),
  ];
}

describe('PcapngReader', () => {
  for (const isLittleEndian of [true, false]) {
    it(`reads a ${isLittleEndian ? 'little' : 'big'}-endian section with three interfaces and their clocks`, async () => {
      const capture = Buffer.concat(buildSection(new PcapngWriter(isLittleEndian)));
      const { packets, summary } = await readCaptureBytes(capture);
      expect(summary).toMatchObject({
        format: 'pcapng',
        packets: 4,
        errorCount: 0,
        bytesRead: capture.length,
      });
      expect(
        packets.map((packet) => [
          packet.interfaceId,
          packet.linkType,
          packet.bytes.length,
          packet.originalLength,
        ]),
      ).toEqual([
        [0, LinkType.ethernet, 64, 1500],
        [1, LinkType.raw, 41, 41],
        [2, LinkType.linuxSll2, 30, 30],
        [1, LinkType.raw, 41, 41],
      ]);
      expect(packets[0]!.bytes).toEqual(ethernetFrame);
      // Microseconds by default; nanoseconds (if_tsresol 9) keep every digit; 2^-20 is within a microsecond.
      expect([packets[0]!.timestampSeconds, packets[0]!.timestampNanoseconds]).toEqual([
        1_700_000_000, 250_000_000,
      ]);
      expect([packets[1]!.timestampSeconds, packets[1]!.timestampNanoseconds]).toEqual([
        1_800_000_000, 123_456_789,
      ]);
      expect(packets[2]!.timestampSeconds).toBe(1_700_000_100);
      expect(Math.abs(packets[2]!.timestampNanoseconds - 500_000_000)).toBeLessThan(1000);
      expect([packets[3]!.timestampSeconds, packets[3]!.timestampNanoseconds]).toEqual([1_700_000_200, 1]);
    });
  }

  it('follows a change of byte order at a new section and forgets the old interfaces', async () => {
    const capture = Buffer.concat([
      ...buildSection(new PcapngWriter(true)),
      ...buildSection(new PcapngWriter(false)),
    ]);
    const { packets, summary } = await readCaptureBytes(capture, 33);
    expect(summary.errorCount).toBe(0);
    expect(packets).toHaveLength(8);
    expect(packets.map((packet) => packet.packetNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(packets.slice(4).map((packet) => packet.linkType)).toEqual(
      packets.slice(0, 4).map((packet) => packet.linkType),
    );
  });

  it('reads simple packet blocks, bounded by the first interface snap length', async () => {
    const writer = new PcapngWriter();
    const capture = Buffer.concat([
      writer.sectionHeader(),
      writer.interfaceDescription({ linkType: LinkType.ethernet, snapLength: 32 }),
      writer.simplePacket(ethernetFrame.subarray(0, 32), 64),
      writer.simplePacket(ethernetFrame.subarray(0, 20), 20),
    ]);
    const { packets } = await readCaptureBytes(capture);
    expect(packets.map((packet) => [packet.bytes.length, packet.originalLength])).toEqual([
      [32, 64],
      [20, 20],
    ]);
  });

  it('keeps packets before a truncated block and locates the damage', async () => {
    const blocks = buildSection(new PcapngWriter());
    const capture = Buffer.concat(blocks);
    const lastBlockOffset = capture.length - blocks.at(-1)!.length;
    const { packets, summary } = await readCaptureBytes(capture.subarray(0, capture.length - 3));
    expect(packets).toHaveLength(3);
    expect(summary.errors[0]).toMatchObject({ kind: 'truncated', offset: lastBlockOffset });
  });

  it('stops at a block whose trailing length disagrees', async () => {
    const blocks = buildSection(new PcapngWriter());
    const offsetOfFirstPacket = blocks.slice(0, 4).reduce((total, block) => total + block.length, 0);
    const capture = Buffer.concat(blocks);
    capture.writeUInt32LE(12, offsetOfFirstPacket + blocks[4]!.length - 4);
    const { packets, summary } = await readCaptureBytes(capture);
    expect(packets).toHaveLength(0);
    expect(summary.errors[0]).toMatchObject({ kind: 'corrupt', offset: offsetOfFirstPacket });
  });

  it('skips, and counts, a packet naming an interface that was never described', async () => {
    const writer = new PcapngWriter();
    const capture = Buffer.concat([
      writer.sectionHeader(),
      writer.interfaceDescription({ linkType: LinkType.ethernet }),
      writer.enhancedPacket(0, ethernetFrame, 1, 0),
      writer.enhancedPacket(5, ethernetFrame, 2, 0),
      writer.enhancedPacket(0, ethernetFrame, 3, 0),
    ]);
    const { packets, summary } = await readCaptureBytes(capture);
    expect(packets.map((packet) => packet.timestampSeconds)).toEqual([1, 3]);
    expect(summary.errorCount).toBe(1);
    expect(summary.errors[0]!.message).toContain('interface 5');
  });
});
