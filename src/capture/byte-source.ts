import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { UnreadableCaptureError } from './capture-error.js';

/** Where capture bytes come from: a file or a stream such as standard input. */
export interface ByteSource {
  /** The name used in messages: the path, or `-` for standard input. */
  readonly name: string;
  /** Total size when known (files), for progress; undefined for pipes. */
  readonly sizeBytes: number | undefined;
  /** Copies up to `length` bytes into `target` at `offset`; resolves 0 at the end of input. */
  read(target: Buffer, offset: number, length: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * Opens a capture by path, or standard input when the path is `-`.
 *
 * @example
 * const source = await openByteSource('trace.pcapng');
 */
export async function openByteSource(path: string, stdin: Readable = process.stdin): Promise<ByteSource> {
  if (path === '-') return streamByteSource('-', stdin);
  try {
    const handle = await open(path, 'r');
    const stats = await handle.stat();
    if (stats.isDirectory()) {
      await handle.close();
      throw new UnreadableCaptureError(path, 'is a directory, expected a pcap or pcapng file');
    }
    return {
      name: path,
      sizeBytes: stats.isFile() ? stats.size : undefined,
      async read(target, offset, length) {
        const { bytesRead } = await handle.read(target, offset, length, null);
        return bytesRead;
      },
      close: () => handle.close(),
    };
  } catch (error) {
    if (error instanceof UnreadableCaptureError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(error);
    throw new UnreadableCaptureError(path, `cannot open: ${reason}`);
  }
}

/** Adapts a Node stream, keeping the unread tail of its last chunk between reads. */
export function streamByteSource(name: string, stream: Readable): ByteSource {
  const chunks = stream[Symbol.asyncIterator]();
  let pending: Buffer | undefined;
  let pendingOffset = 0;
  return {
    name,
    sizeBytes: undefined,
    async read(target, offset, length) {
      if (pending === undefined || pendingOffset >= pending.length) {
        const next = await chunks.next();
        if (next.done) return 0;
        pending = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as string);
        pendingOffset = 0;
      }
      const copied = pending.copy(target, offset, pendingOffset, pendingOffset + length);
      pendingOffset += copied;
      return copied;
    },
    async close() {
      await chunks.return?.();
    },
  };
}
