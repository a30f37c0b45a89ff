import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinkType } from '../src/capture/link-type.js';
import { openCapture } from '../src/capture/open-capture.js';
import { PcapWriter } from '../src/capture/pcap-writer.js';
import { pipelineConfig } from '../src/config/defaults.js';
import {
  arpPacket,
  ethernetFrame,
  ipv4Packet,
  ipv6Packet,
  tcpSegment,
  udpDatagram,
} from '../src/decode/encode-frame.js';
import { encodeDhcpMessage } from '../src/dissect/dhcp/encode.js';
import { PacketPipeline } from '../src/ingest/packet-pipeline.js';

const exampleCapture = readFileSync('examples/clinic-dhcp.pcapng');
const hangLimitMs = 5_000;

/** Frames of every kind the decoders and dissectors read, as a pcap whose record boundaries are known. */
function buildSeedPcap(): { bytes: Buffer; recordEnds: number[] } {
  const mac = { source: '00:1a:01:00:00:01', destination: '00:1a:01:00:00:02' };
  const dhcp = encodeDhcpMessage({
    messageType: 'request',
    transactionId: 7,
    clientMac: mac.source,
    hostname: 'pump',
    parameterRequestList: [1, 3],
  });
  const frames = [
    ethernetFrame(
      { ...mac, etherType: 0x0806 },
      arpPacket({
        operation: 1,
        senderMac: mac.source,
        senderIp: '10.0.0.1',
        targetMac: '00:00:00:00:00:00',
        targetIp: '10.0.0.2',
      }),
    ),
    ethernetFrame(
      { ...mac, etherType: 0x0800, vlanIds: [5, 6] },
      ipv4Packet(
        { source: '0.0.0.0', destination: '255.255.255.255', protocol: 17 },
        udpDatagram(68, 67, '0.0.0.0', '255.255.255.255', dhcp),
      ),
    ),
    ethernetFrame(
      { ...mac, etherType: 0x0800 },
      ipv4Packet(
        { source: '10.0.0.1', destination: '10.0.0.2', protocol: 6 },
        tcpSegment({ sourcePort: 1234, destinationPort: 104, flags: 2 }, '10.0.0.1', '10.0.0.2'),
      ),
    ),
    ethernetFrame(
      { ...mac, etherType: 0x86dd },
      ipv6Packet(
        {
          source: 'fe80::1',
          destination: 'ff02::1:2',
          nextHeader: 17,
          extensionHeaders: [{ type: 0, body: Buffer.alloc(8) }],
        },
        udpDatagram(546, 547, 'fe80::1', 'ff02::1:2', Buffer.alloc(20)),
      ),
    ),
  ];
  const writer = new PcapWriter({ linkType: LinkType.ethernet });
  const parts = [
    writer.header(),
    ...frames.map((frame, index) => writer.record(frame, 1_700_000_000 + index, 0)),
  ];
  const recordEnds: number[] = [];
  let end = 0;
  for (const part of parts) {
    end += part.length;
    recordEnds.push(end);
  }
  return { bytes: Buffer.concat(parts), recordEnds };
}

/** Reads bytes through the whole packet path, failing the property if it takes longer than the hang limit. */
async function ingestBytes(bytes: Buffer, chunkBytes: number) {
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += chunkBytes)
    chunks.push(bytes.subarray(start, start + chunkBytes));
  const work = (async () => {
    const capture = await openCapture('-', { stdin: Readable.from(chunks) });
    const pipeline = new PacketPipeline('-', pipelineConfig({ maxFlows: 64 }), () => {});
    const summary = await capture.reader.read(pipeline.handlePacket);
    pipeline.finish();
    return { summary, pipeline };
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result within ${hangLimitMs} ms`)), hangLimitMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const seed = buildSeedPcap();
const mutation = fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), {
  minLength: 1,
  maxLength: 24,
});

function mutate(bytes: Buffer, edits: { at: number; value: number }[], keepHeaderBytes: number): Buffer {
  const copy = Buffer.from(bytes);
  for (const edit of edits) copy[keepHeaderBytes + (edit.at % (copy.length - keepHeaderBytes))] = edit.value;
  return copy;
}

describe('malformed and truncated captures', () => {
  it('never throw, hang or crash a decoder or dissector, whatever bytes are flipped (pcap and pcapng)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        mutation,
        fc.integer({ min: 1, max: 4096 }),
        async (isPcapng, edits, chunkBytes) => {
          // Keep the magic number so the reader is chosen; everything after it is fair game.
          const bytes = mutate(isPcapng ? exampleCapture : seed.bytes, edits, 4);
          const { summary, pipeline } = await ingestBytes(bytes, chunkBytes);
          expect(pipeline.internalErrors).toBe(0);
          expect(summary.errorCount).toBeGreaterThanOrEqual(summary.errors.length);
          expect(summary.bytesRead).toBeLessThanOrEqual(bytes.length);
          for (const error of summary.errors) {
            expect(error.offset).toBeGreaterThanOrEqual(0);
            expect(error.offset).toBeLessThanOrEqual(bytes.length);
            expect(error.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('deliver every whole record before a cut and report one located error unless the cut is on a boundary', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 24, max: seed.bytes.length }), async (cutAt) => {
        const { summary } = await ingestBytes(seed.bytes.subarray(0, cutAt), 64);
        const wholeRecords = seed.recordEnds.filter((end) => end <= cutAt).length - 1;
        expect(summary.packets).toBe(wholeRecords);
        const isOnBoundary = seed.recordEnds.includes(cutAt);
        expect(summary.errorCount).toBe(isOnBoundary ? 0 : 1);
        if (!isOnBoundary)
          expect(summary.errors[0]).toMatchObject({
            kind: 'truncated',
            offset: seed.recordEnds[wholeRecords],
          });
      }),
      { numRuns: 200 },
    );
  });

  it('survive random payloads on the DHCP ports and random link-layer bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 0, maxLength: 600 }),
        fc.constantFrom(1, 101, 113, 276, 0),
        async (payload, linkType) => {
          const frame =
            linkType === 1
              ? ethernetFrame(
                  { source: '00:1a:01:00:00:01', destination: 'ff:ff:ff:ff:ff:ff', etherType: 0x0800 },
                  ipv4Packet(
                    { source: '0.0.0.0', destination: '255.255.255.255', protocol: 17 },
                    udpDatagram(68, 67, '0.0.0.0', '255.255.255.255', Buffer.from(payload)),
                  ),
                )
              : Buffer.from(payload);
          const writer = new PcapWriter({ linkType });
          const { summary, pipeline } = await ingestBytes(
            Buffer.concat([writer.header(), writer.record(frame, 1, 0)]),
            4096,
          );
          expect(summary.packets).toBe(1);
          expect(pipeline.internalErrors).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
