import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../../test/support/temporary-store.js';
import { CaptureRing } from './capture-ring.js';
import { PcapWriter } from './pcap-writer.js';
import { RingRecorder } from './ring-recorder.js';

const unbounded = { maxBytes: 1e12, maxAgeMs: 1e12 };

/** A pcap stream of `sizes` frames (as tcpdump -w - writes one) and the stream offset of each record. */
function pcapStream(sizes: readonly number[], isLittleEndian = true): { bytes: Buffer; offsets: number[] } {
  const writer = new PcapWriter({ linkType: 1, isLittleEndian });
  const parts = [writer.header()];
  const offsets: number[] = [];
  let at = 24;
  sizes.forEach((size, index) => {
    offsets.push(at);
    const record = writer.record(Buffer.alloc(size, index % 251), 1_764_000_000 + index, 0);
    parts.push(record);
    at += record.length;
  });
  return { bytes: Buffer.concat(parts), offsets };
}

/** Passes `bytes` through a recorder in `cuts` pieces; returns what came out and the ring. */
async function record(bytes: Buffer, cuts: readonly number[], fileBytes: number) {
  const folder = temporaryDirectory('vigil-ring-rec-');
  const ring = new CaptureRing(folder, unbounded, 'br0@test');
  const logged: string[] = [];
  const recorder = new RingRecorder(ring, 'br0', { fileBytes, fileAgeMs: 1e12 }, (line) => logged.push(line));
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces = [0, ...points, bytes.length]
    .slice(1)
    .map((end, index, ends) => bytes.subarray(index === 0 ? 0 : ends[index - 1], end))
    .filter((piece) => piece.length > 0);
  const passed = await buffer(Readable.from(pieces).pipe(recorder.transform()));
  return { folder, ring, recorder, passed, logged };
}

/** True when this process may mount a tmpfs (root); under CI=true it must. */
function canMountTmpfs(): boolean {
  const probe = temporaryDirectory('vigil-mount-probe-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', probe]).status === 0;
  if (mounted) spawnSync('umount', [probe]);
  if (!mounted && process.env.CI === 'true')
    throw new Error('CI runs as root and must be able to mount a tmpfs');
  return mounted;
}

describe('RingRecorder', () => {
  it('keeps a stream cut anywhere in valid pcap files whose records are the stream, and resolves every record', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 14, max: 300 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(20_000), { maxLength: 12 }),
        fc.integer({ min: 100, max: 3_000 }),
        fc.boolean(),
        async (sizes, cuts, fileBytes, isLittleEndian) => {
          const { bytes, offsets } = pcapStream(sizes, isLittleEndian);
          const { folder, ring, recorder, passed } = await record(bytes, cuts, fileBytes);
          expect(passed.equals(bytes)).toBe(true);
          expect(recorder.report).toMatchObject({ failed: null, bytes: bytes.length });
          const files = readdirSync(folder)
            .filter((name) => name !== 'ring-index.json')
            .sort();
          expect(files).toHaveLength(recorder.report.files);
          expect(ring.entries.every((entry) => entry.bytes !== null)).toBe(true);
          // Every file starts with the stream's header; without the repeats they are the stream.
          const contents = files.map((name) => readFileSync(join(folder, name)));
          for (const content of contents)
            expect(content.subarray(0, 24).equals(bytes.subarray(0, 24))).toBe(true);
          expect(
            Buffer.concat([contents[0]!, ...contents.slice(1).map((content) => content.subarray(24))]).equals(
              bytes,
            ),
          ).toBe(true);
          // A file past the first closed only once it had reached the size.
          for (const content of contents.slice(0, -1))
            expect(content.length).toBeGreaterThanOrEqual(Math.min(fileBytes, 24 + 16 + 14));
          for (const [index, offset] of offsets.entries()) {
            const located = ring.locate('br0@test', offset);
            expect(located, `record ${index}`).toBeDefined();
            const record = readFileSync(located!.file).subarray(
              located!.offset,
              located!.offset + 16 + sizes[index]!,
            );
            expect(record.equals(bytes.subarray(offset, offset + 16 + sizes[index]!))).toBe(true);
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it.skipIf(!canMountTmpfs())(
    'stops recording when the disk of the ring is full, and passes the capture on whole',
    async () => {
      const folder = temporaryDirectory('vigil-ring-full-');
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=32k', 'tmpfs', folder]).status).toBe(0);
      try {
        const ring = new CaptureRing(folder, unbounded, 'br0@full');
        const logged: string[] = [];
        const recorder = new RingRecorder(ring, 'br0', { fileBytes: 8_000, fileAgeMs: 1e12 }, (line) =>
          logged.push(line),
        );
        const { bytes } = pcapStream(Array.from({ length: 400 }, () => 1_000));
        const pieces = Array.from({ length: Math.ceil(bytes.length / 4_096) }, (_, index) =>
          bytes.subarray(index * 4_096, (index + 1) * 4_096),
        );
        const passed = await buffer(Readable.from(pieces).pipe(recorder.transform()));
        expect(passed.equals(bytes)).toBe(true);
        expect(recorder.report.failed).toMatch(/ENOSPC|no space/i);
        expect(logged.join('\n')).toContain('the capture goes on without it');
      } finally {
        spawnSync('umount', [folder]);
      }
    },
  );

  it('stops recording what is not pcap, and passes it on all the same', async () => {
    const noise = Buffer.from('this is not a capture stream at all, just words');
    const { recorder, passed, logged } = await record(noise, [7, 30], 1_000);
    expect(passed.equals(noise)).toBe(true);
    expect(recorder.report.failed).toContain('not pcap');
    expect(logged.join('\n')).toContain('the capture goes on without it');
  });
});
