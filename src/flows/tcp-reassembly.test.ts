import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packetFromFrame } from '../../test/support/packet-from-frame.js';
import { LinkType } from '../capture/link-type.js';
import { DecodeCounters } from '../decode/decode-counters.js';
import { decodePacket } from '../decode/decode-packet.js';
import { ipv4Packet, tcpSegment } from '../decode/encode-frame.js';
import { PacketView, TcpFlag } from '../decode/packet-view.js';
import { TcpReassembler, type TcpReassemblyConfig } from './tcp-reassembly.js';

const initialSequence = 0xfffffff0; // close to wrapping, so sequence arithmetic is exercised

interface Received {
  bytes: number[];
  gapBytes: number;
}

function reassemble(
  segments: { offset: number; length: number; isSyn?: boolean }[],
  stream: Buffer,
  config: Partial<TcpReassemblyConfig> = {},
) {
  const received: Received = { bytes: [], gapBytes: 0 };
  const reassembler = new TcpReassembler(
    { maxFlows: 4, maxStreamBufferBytes: 1 << 20, maxReassemblyBufferBytes: 1 << 20, ...config },
    {
      onData: (_slot, _isFromInitiator, data, offset, length) =>
        received.bytes.push(...data.subarray(offset, offset + length)),
      onGap: (_slot, _isFromInitiator, missing) => {
        received.gapBytes += missing;
        for (let index = 0; index < missing; index += 1) received.bytes.push(-1);
      },
    },
  );
  const view = new PacketView();
  let maxBuffered = 0;
  for (const segment of segments) {
    const sequence = segment.isSyn ? (initialSequence - 1) >>> 0 : (initialSequence + segment.offset) >>> 0;
    const payload = segment.isSyn
      ? Buffer.alloc(0)
      : stream.subarray(segment.offset, segment.offset + segment.length);
    const frame = ipv4Packet(
      { source: '10.0.0.1', destination: '10.0.0.2', protocol: 6 },
      tcpSegment(
        { sourcePort: 1000, destinationPort: 80, flags: segment.isSyn ? TcpFlag.syn : TcpFlag.ack, sequence },
        '10.0.0.1',
        '10.0.0.2',
        payload,
      ),
    );
    decodePacket(packetFromFrame(frame, { linkType: LinkType.raw }), view, new DecodeCounters());
    reassembler.handle(view, 1, true);
    maxBuffered = Math.max(maxBuffered, reassembler.bufferedBytes);
  }
  reassembler.release(1);
  return { received, reassembler, maxBuffered };
}

const stream = Buffer.from(Array.from({ length: 300 }, (_, index) => (index * 31) % 251));

describe('TcpReassembler', () => {
  it('delivers in-order data, drops retransmissions and trims overlaps', () => {
    const { received, reassembler } = reassemble(
      [
        { offset: 0, length: 0, isSyn: true },
        { offset: 0, length: 100 },
        { offset: 0, length: 100 },
        { offset: 50, length: 100 },
        { offset: 150, length: 150 },
      ],
      stream,
    );
    expect(Buffer.from(received.bytes)).toEqual(stream);
    expect([reassembler.retransmittedSegments, reassembler.overlappingSegments, reassembler.gaps]).toEqual([
      1, 1, 0,
    ]);
  });

  it('holds out-of-order segments until the hole is filled', () => {
    const { received, reassembler } = reassemble(
      [
        { offset: 0, length: 0, isSyn: true },
        { offset: 200, length: 100 },
        { offset: 100, length: 100 },
        { offset: 0, length: 100 },
      ],
      stream,
    );
    expect(Buffer.from(received.bytes)).toEqual(stream);
    expect(reassembler.outOfOrderSegments).toBe(2);
    expect(reassembler.bufferedBytes).toBe(0);
  });

  it('declares a gap when a hole is never filled, and delivers what followed it', () => {
    const { received } = reassemble(
      [
        { offset: 0, length: 0, isSyn: true },
        { offset: 0, length: 100 },
        { offset: 150, length: 150 },
      ],
      stream,
    );
    expect(received.gapBytes).toBe(50);
    expect(received.bytes.slice(150)).toEqual([...stream.subarray(150)]);
  });

  it('reconstructs any segmentation, order and duplication exactly, with bounded buffers and counted gaps', () => {
    const segmentation = fc
      .array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 40 })
      .map((lengths) => {
        const segments: { offset: number; length: number }[] = [];
        let offset = 0;
        for (const length of lengths) {
          if (offset >= stream.length) break;
          segments.push({ offset, length: Math.min(length, stream.length - offset) });
          offset += length;
        }
        return segments;
      });
    fc.assert(
      fc.property(
        segmentation,
        fc.array(fc.nat(), { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.integer({ min: 32, max: 400 }),
        (segments, swaps, duplicates, maxStreamBufferBytes) => {
          const order = [...segments];
          for (const swap of swaps) {
            const left = swap % order.length;
            const right = (swap * 7 + 3) % order.length;
            [order[left], order[right]] = [order[right]!, order[left]!];
          }
          for (const duplicate of duplicates) order.push(segments[duplicate % segments.length]!);
          const { received, maxBuffered } = reassemble(
            [{ offset: 0, length: 0, isSyn: true }, ...order],
            stream,
            { maxStreamBufferBytes },
          );
          const covered = segments.reduce((total, segment) => total + segment.length, 0);
          // Every byte position is delivered once, as data or as part of a gap.
          expect(received.bytes.length).toBe(covered);
          received.bytes.forEach((byte, index) => {
            if (byte !== -1) expect(byte).toBe(stream[index]);
          });
          expect(maxBuffered).toBeLessThanOrEqual(maxStreamBufferBytes);
          if (maxStreamBufferBytes >= stream.length) expect(received.gapBytes).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
