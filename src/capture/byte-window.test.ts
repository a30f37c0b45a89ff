import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ByteSource } from './byte-source.js';
import { ByteWindow } from './byte-window.js';

/** A source handing out `bytes` in the chunk sizes given (cycled), as pipes and files do. */
function chunkedSource(bytes: Buffer, chunkSizes: number[]): ByteSource & { reads: number } {
  let offset = 0;
  let call = 0;
  return {
    name: 'test',
    sizeBytes: bytes.length,
    reads: 0,
    async read(target, at, length) {
      this.reads += 1;
      const size = Math.min(length, chunkSizes[call++ % chunkSizes.length]!, bytes.length - offset);
      bytes.copy(target, at, offset, offset + size);
      offset += size;
      return size;
    },
    close: async () => undefined,
  };
}

/** Reads `size` bytes through a window in the record sizes given (cycled), checking each against the source. */
async function readsEveryByte(size: number, chunkSizes: number[], recordSizes: number[]): Promise<void> {
  const bytes = Buffer.alloc(size);
  for (let index = 0; index < size; index += 4093) bytes[index] = index % 251;
  const window = new ByteWindow(chunkedSource(bytes, chunkSizes));
  let position = 0;
  for (let record = 0; position < size; record += 1) {
    const wanted = Math.min(recordSizes[record % recordSizes.length]!, size - position);
    expect(await window.fill(wanted)).toBe(true);
    expect(window.position).toBe(position);
    const view = window.buffer.subarray(window.start, window.start + wanted);
    expect(view.equals(bytes.subarray(position, position + wanted))).toBe(true);
    window.consume(wanted);
    position += wanted;
  }
  expect(await window.fill(1)).toBe(false);
}

describe('ByteWindow', () => {
  // Records of a few kilobytes and up keep each run to thousands of reads: tiny records over
  // megabytes would mean millions, for no more coverage than the small case below gives.
  it('hands out every byte in order whatever the chunking and record sizes, records larger than the buffer included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 12_000_000 }),
        fc.array(fc.integer({ min: 1, max: 6_000_000 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 2_000, max: 5_000_000 }), { minLength: 1, maxLength: 6 }),
        readsEveryByte,
      ),
      { numRuns: 40 },
    );
  });

  it('hands out every byte in order for records of a few bytes over small chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 6 }),
        readsEveryByte,
      ),
      { numRuns: 40 },
    );
  });

  it('runs the refill hook before each refill, and reads ahead while the buffer is parsed', async () => {
    const bytes = Buffer.alloc(10 * 1024 * 1024, 7);
    const source = chunkedSource(bytes, [4 * 1024 * 1024]);
    const window = new ByteWindow(source);
    let hooks = 0;
    window.beforeRefill = async () => {
      hooks += 1;
    };
    expect(await window.fill(16)).toBe(true);
    // The first fill read in place and started reading the next chunk at once.
    expect(source.reads).toBe(2);
    expect(hooks).toBe(1);
  });
});
