import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../../test/support/temporary-store.js';
import type { RingEntry } from '../capture/capture-ring.js';
import { openCapture } from '../capture/open-capture.js';
import { PcapWriter } from '../capture/pcap-writer.js';
import { ethernetFrame, ipv4Packet, udpDatagram } from '../decode/encode-frame.js';
import { carvePackets } from './carve-packets.js';

const hosts = ['10.20.0.5', '10.20.0.6', '10.30.0.9'];
const startSeconds = Date.parse('2026-12-01T08:00:00Z') / 1000;

/** A UDP packet from one host to another, as a pcap record at `second` past the start. */
function record(writer: PcapWriter, from: string, to: string, second: number): Buffer {
  const frame = ethernetFrame(
    { source: '00:00:5e:00:53:01', destination: '00:00:5e:00:53:02', etherType: 0x0800 },
    ipv4Packet(
      { source: from, destination: to, protocol: 17 },
      udpDatagram(5000, 514, from, to, Buffer.from('x')),
    ),
  );
  return writer.record(frame, startSeconds + second, 250_000_000);
}

/** A ring folder holding `files` (each a list of [from, to, second]), listed in its index. */
function ring(files: [string, string, number][][], extra: { name: string; bytes: Buffer }[] = []): string {
  const folder = temporaryDirectory('vigil-carve-');
  const writer = new PcapWriter({ linkType: 1 });
  const entries: RingEntry[] = [];
  files.forEach((packets, index) => {
    const name = `00000${index + 1}-trace${index}`;
    writeFileSync(
      join(folder, name),
      Buffer.concat([
        writer.header(),
        ...packets.map(([from, to, second]) => record(writer, from, to, second)),
      ]),
    );
    entries.push({
      file: name,
      source: `/in/trace${index}`,
      stream: 's',
      streamStart: 0,
      skipped: 24,
      bytes: 1,
      keptAt: '',
    });
  });
  for (const { name, bytes } of extra) {
    if (bytes.length > 0) writeFileSync(join(folder, name), bytes);
    entries.push({
      file: name,
      source: `/in/${name}`,
      stream: 's',
      streamStart: 0,
      skipped: 24,
      bytes: 1,
      keptAt: '',
    });
  }
  writeFileSync(join(folder, 'ring-index.json'), JSON.stringify(entries));
  return folder;
}

async function carvedTimes(file: string): Promise<number[]> {
  const capture = await openCapture(file);
  const seconds: number[] = [];
  try {
    await capture.reader.read((packet) => seconds.push(packet.timestampSeconds - startSeconds));
  } finally {
    await capture.close();
  }
  return seconds;
}

describe('carvePackets', () => {
  it('writes the packets of a host within the window, across files, and counts what it could not read', async () => {
    const folder = ring(
      [
        [
          ['10.20.0.5', '10.30.0.9', 1],
          ['10.20.0.6', '10.30.0.9', 2],
          ['10.30.0.9', '10.20.0.5', 3],
        ],
        [
          ['10.20.0.6', '10.20.0.5', 10],
          ['10.20.0.5', '10.30.0.9', 20],
        ],
      ],
      [
        { name: '000003-gone', bytes: Buffer.alloc(0) },
        { name: '000004-overwritten', bytes: Buffer.from('not a capture at all') },
      ],
    );
    const out = join(folder, 'carved.pcap');
    const report = await carvePackets(
      folder,
      { hosts: ['10.20.0.5'], fromMs: (startSeconds + 2) * 1000, toMs: (startSeconds + 20) * 1000 },
      out,
    );
    expect(report).toEqual({
      files: 2,
      packets: 5,
      carved: 2,
      otherLinkType: 0,
      unreadable: 0,
      unreadableFiles: 1,
      missing: 1,
    });
    expect(await carvedTimes(out)).toEqual([3, 10]);
  });

  it('writes a valid empty capture when nothing matches, and names a folder that is not a ring', async () => {
    const folder = ring([[['10.20.0.5', '10.30.0.9', 1]]]);
    const out = join(folder, 'none.pcap');
    expect((await carvePackets(folder, { hosts: ['192.0.2.1'] }, out)).carved).toBe(0);
    expect(readFileSync(out).length).toBe(24);
    await expect(carvePackets(temporaryDirectory(), { hosts: [] }, out)).rejects.toThrow(
      /no ring-index.json here; expected the folder a sensor ran with --ring/,
    );
  });

  it('never throws on ring files cut or corrupted anywhere, and carves a subset of what it read', async () => {
    const packetsArbitrary = fc.array(
      fc.tuple(fc.constantFrom(...hosts), fc.constantFrom(...hosts), fc.nat(100)),
      { maxLength: 12 },
    );
    await fc.assert(
      fc.asyncProperty(
        packetsArbitrary,
        fc.nat(2_000),
        fc.uint8Array({ maxLength: 64 }),
        fc.constantFrom(...hosts),
        async (packets, cutAt, noise, host) => {
          const folder = ring([packets]);
          const file = join(folder, '000001-trace0');
          const bytes = readFileSync(file);
          // Cut the file somewhere and write noise over what follows the cut.
          const cut = Math.min(bytes.length, cutAt);
          writeFileSync(file, Buffer.concat([bytes.subarray(0, cut), Buffer.from(noise)]));
          const report = await carvePackets(folder, { hosts: [host] }, join(folder, 'out.pcap'));
          expect(report.carved).toBeLessThanOrEqual(report.packets);
          expect(report.files + report.unreadableFiles).toBe(1);
          expect(await carvedTimes(join(folder, 'out.pcap'))).toHaveLength(report.carved);
        },
      ),
      { numRuns: 150 },
    );
  });
});
