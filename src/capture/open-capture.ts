import type { Readable } from 'node:stream';
import { type ByteSource, openByteSource } from './byte-source.js';
import { ByteWindow } from './byte-window.js';
import { UnreadableCaptureError } from './capture-error.js';
import type { CaptureReader } from './capture-reader.js';
import { PcapReader, pcapMagicMicroseconds, pcapMagicNanoseconds } from './pcap-reader.js';
import { PcapngBlockType, PcapngReader } from './pcapng-reader.js';

export interface OpenedCapture {
  reader: CaptureReader;
  /** Bytes in the capture when known (files), for progress. */
  sizeBytes: number | undefined;
  /** How far the reader has got, for progress. */
  position(): number;
  /** Sets work to await before each refill (batched writes, progress); see `ByteWindow.beforeRefill`. */
  setBeforeRefill(hook: () => Promise<void>): void;
  close(): Promise<void>;
}

/**
 * Opens a pcap or pcapng capture from a path or `-` (standard input), telling the format by its
 * magic number rather than by the file name.
 *
 * @example
 * const capture = await openCapture('trace.pcapng', { onBytes: (bytes) => hash.update(bytes) });
 * try { await capture.reader.read(onPacket); } finally { await capture.close(); }
 */
export async function openCapture(
  path: string,
  options: { stdin?: Readable; onBytes?: (bytes: Buffer) => void } = {},
): Promise<OpenedCapture> {
  const opened = await openByteSource(path, options.stdin);
  const onBytes = options.onBytes;
  const source: ByteSource =
    onBytes === undefined
      ? opened
      : {
          ...opened,
          async read(target, offset, length) {
            const bytesRead = await opened.read(target, offset, length);
            onBytes(target.subarray(offset, offset + bytesRead));
            return bytesRead;
          },
        };
  const window = new ByteWindow(source);
  await window.fill(4);
  if (window.available < 4) {
    await source.close();
    throw new UnreadableCaptureError(
      path,
      `is ${window.available === 0 ? 'empty' : 'shorter than a capture header'}, expected a pcap or pcapng capture`,
    );
  }
  const magicLittle = window.buffer.readUInt32LE(window.start);
  const magicBig = window.buffer.readUInt32BE(window.start);
  let reader: CaptureReader;
  if (magicBig === PcapngBlockType.sectionHeader) {
    reader = new PcapngReader(window);
  } else if (
    [pcapMagicMicroseconds, pcapMagicNanoseconds].some((magic) => magic === magicLittle || magic === magicBig)
  ) {
    reader = new PcapReader(window);
  } else {
    await source.close();
    throw new UnreadableCaptureError(
      path,
      `starts with 0x${magicBig.toString(16).padStart(8, '0')}, expected a pcap (0xa1b2c3d4, 0xa1b23c4d) or pcapng (0x0a0d0d0a) magic number`,
    );
  }
  return {
    reader,
    sizeBytes: source.sizeBytes,
    position: () => window.position,
    setBeforeRefill: (hook) => {
      window.beforeRefill = hook;
    },
    close: () => source.close(),
  };
}
