import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../../test/support/temporary-store.js';
import { PcapWriter } from './pcap-writer.js';
import { captureFiles, followRotatedFiles } from './rotated-files.js';

const ethernet = new PcapWriter({ linkType: 1 });
const frame = (index: number) => Buffer.alloc(60, index);
const file = (writer: PcapWriter, from: number, count: number) =>
  Buffer.concat([
    writer.header(),
    ...Array.from({ length: count }, (_, index) =>
      writer.record(frame(from + index), 1_700_000_000 + from + index, 0),
    ),
  ]);

/** Everything the follower streams once `stop` is called after the folder's files are read. */
async function streamOf(folder: string, onSkipped: (path: string, why: string) => void = () => {}) {
  const stop = new AbortController();
  const chunks: Buffer[] = [];
  const started: { path: string; streamStart: number; skipped: number }[] = [];
  setTimeout(() => stop.abort(), 400);
  for await (const chunk of followRotatedFiles(folder, {
    pollMs: 20,
    signal: stop.signal,
    onFileStart: (followed) => started.push({ ...followed }),
    onFileSkipped: onSkipped,
  }))
    chunks.push(chunk);
  return { bytes: Buffer.concat(chunks), started };
}

describe('followRotatedFiles', () => {
  it('orders names with numbers as numbers, leaving hidden and partial files out', () => {
    const folder = temporaryDirectory('vigil-rotated-');
    for (const name of ['trace10', 'trace', 'trace2', 'trace1', '.hidden', 'trace11.tmp'])
      writeFileSync(join(folder, name), '');
    expect(captureFiles(folder)).toEqual(['trace', 'trace1', 'trace2', 'trace10']);
  });

  it('joins pcap files as one capture without their repeated headers, and leaves out what cannot join', async () => {
    const folder = temporaryDirectory('vigil-rotated-');
    writeFileSync(join(folder, 'trace'), file(ethernet, 0, 3));
    writeFileSync(join(folder, 'trace1'), Buffer.alloc(10)); // abandoned before its header was whole
    writeFileSync(join(folder, 'trace2'), file(ethernet, 3, 2));
    writeFileSync(join(folder, 'trace3'), file(new PcapWriter({ linkType: 101 }), 5, 1)); // raw IP
    writeFileSync(join(folder, 'trace4'), file(ethernet, 6, 1));
    const skipped: string[] = [];
    const { bytes, started } = await streamOf(folder, (path) => skipped.push(path.split('/').pop() ?? ''));
    const records = (from: number, count: number) => file(ethernet, from, count).subarray(24);
    expect(
      bytes.equals(Buffer.concat([ethernet.header(), records(0, 3), records(3, 2), records(6, 1)])),
    ).toBe(true);
    expect(skipped).toEqual(['trace1', 'trace3']);
    expect(started.map(({ streamStart, skipped: left }) => [streamStart, left])).toEqual([
      [0, 0],
      [24 + 3 * 76, 24],
      [24 + 5 * 76, 24],
    ]);
  });

  it('follows the newest file as it grows, and leaves it only for a newer one', async () => {
    const folder = temporaryDirectory('vigil-rotated-');
    const whole = file(ethernet, 0, 4);
    writeFileSync(join(folder, 'a'), whole.subarray(0, 24 + 76));
    const stop = new AbortController();
    const chunks: Buffer[] = [];
    const reading = (async () => {
      for await (const chunk of followRotatedFiles(folder, { pollMs: 20, signal: stop.signal }))
        chunks.push(chunk);
    })();
    await new Promise((resolve) => setTimeout(resolve, 100));
    writeFileSync(join(folder, 'a'), whole);
    await new Promise((resolve) => setTimeout(resolve, 100));
    writeFileSync(join(folder, 'b'), file(ethernet, 4, 1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    stop.abort();
    await reading;
    expect(Buffer.concat(chunks).equals(Buffer.concat([whole, file(ethernet, 4, 1).subarray(24)]))).toBe(
      true,
    );
  });
});
