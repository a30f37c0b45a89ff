import { describe, expect, it } from 'vitest';
import { readCaptureBytes } from '../../test/support/read-capture-bytes.js';
import { LinkType } from './link-type.js';
import { PcapWriter } from './pcap-writer.js';

const frames = [Buffer.alloc(60, 1), Buffer.alloc(1514, 2), Buffer.alloc(42, 3)];
const timestamps: [number, number][] = [
  [1_700_000_000, 123_456_789],
  [1_700_000_001, 999_999_999],
  [4_000_000_000, 0],
];

function buildPcap(isLittleEndian: boolean, hasNanosecondTimestamps: boolean): Buffer {
  const writer = new PcapWriter({ linkType: LinkType.ethernet, isLittleEndian, hasNanosecondTimestamps });
  return Buffer.concat([
    writer.header(),
    ...frames.map((frame, index) =>
      writer.record(frame, timestamps[index]![0], timestamps[index]![1], frame.length + index),
    ),
  ]);
}

describe('PcapReader', () => {
  for (const isLittleEndian of [true, false]) {
    for (const hasNanosecondTimestamps of [false, true]) {
      it(`reads ${isLittleEndian ? 'little' : 'big'}-endian files with ${hasNanosecondTimestamps ? 'nano' : 'micro'}second timestamps`, async () => {
        const capture = buildPcap(isLittleEndian, hasNanosecondTimestamps);
        const { packets, summary } = await readCaptureBytes(capture);
        expect(summary).toMatchObject({
          format: 'pcap',
          packets: 3,
          errorCount: 0,
          bytesRead: capture.length,
        });
        expect(packets.map((packet) => packet.bytes)).toEqual(frames);
        expect(packets.map((packet) => packet.originalLength)).toEqual([60, 1515, 44]);
        expect(packets.map((packet) => [packet.timestampSeconds, packet.timestampNanoseconds])).toEqual(
          timestamps.map(([seconds, nanoseconds]) => [
            seconds,
            hasNanosecondTimestamps ? nanoseconds : Math.floor(nanoseconds / 1000) * 1000,
          ]),
        );
        expect(packets.map((packet) => packet.fileOffset)).toEqual([
          24,
          24 + 16 + 60,
          24 + 16 + 60 + 16 + 1514,
        ]);
        expect(packets.map((packet) => packet.packetNumber)).toEqual([1, 2, 3]);
        expect(packets.every((packet) => packet.linkType === LinkType.ethernet)).toBe(true);
      });
    }
  }

  it('gives the same packets whatever the chunking of the input stream', async () => {
    const capture = buildPcap(true, false);
    const whole = await readCaptureBytes(capture);
    for (const chunkBytes of [1, 7, 16, 100]) {
      const chunked = await readCaptureBytes(capture, chunkBytes);
      expect(chunked.packets).toEqual(whole.packets);
    }
  });

  it('keeps the packets before a truncated record and reports where the file ends', async () => {
    const capture = buildPcap(true, false);
    const cut = capture.subarray(0, capture.length - 10);
    const { packets, summary } = await readCaptureBytes(cut);
    expect(packets).toHaveLength(2);
    expect(summary.errorCount).toBe(1);
    expect(summary.errors[0]).toMatchObject({
      kind: 'truncated',
      file: '-',
      offset: 24 + 16 + 60 + 16 + 1514,
    });
    expect(summary.errors[0]!.message).toContain('packet record needs 58 bytes');
  });

  it('stops at an impossible record length with a located corrupt error', async () => {
    const capture = buildPcap(true, false);
    capture.writeUInt32LE(0x7fffffff, 24 + 16 + 60 + 8);
    const { packets, summary } = await readCaptureBytes(capture);
    expect(packets).toHaveLength(1);
    expect(summary.errors[0]).toMatchObject({ kind: 'corrupt', offset: 24 + 16 + 60 });
  });

  it('reports a capture cut inside its global header', async () => {
    const capture = buildPcap(true, false).subarray(0, 10);
    const { packets, summary } = await readCaptureBytes(capture);
    expect(packets).toHaveLength(0);
    expect(summary.errors[0]).toMatchObject({ kind: 'truncated', offset: 0 });
  });
});
