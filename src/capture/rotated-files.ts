import { readdirSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';
import { PcapngBlockType } from './pcapng-reader.js';

/** Bytes of a classic pcap file header (magic, version, zone, accuracy, snap length, link type). */
const pcapHeaderBytes = 24;

/** A file of the watched folder as it sits in the one stream the pipeline reads. */
export interface FollowedFile {
  path: string;
  /** Where its first byte read lands in the stream: evidence offsets from here on are this file's. */
  streamStart: number;
  /** Bytes of the file left out of the stream before `streamStart` (a repeated pcap header). */
  skipped: number;
  /** Bytes of the file read into the stream (complete once `onFileDone` is called). */
  bytes: number;
}

export interface FollowOptions {
  /** How often to look for growth and for new files. */
  pollMs?: number;
  /** Ends the stream after what has been written so far is read. */
  signal?: AbortSignal;
  onFileStart?: (file: FollowedFile) => void;
  onFileDone?: (file: FollowedFile) => void;
  /** File names to leave out: read whole by an earlier run (see `CaptureRing.completedSources`). */
  skip?: ReadonlySet<string>;
  /** A file that cannot join the stream (another format or link type than the first): left out. */
  onFileSkipped?: (path: string, why: string) => void;
}

/**
 * The capture files a packet broker, `tcpdump -G/-C` or `dumpcap -b` rotates into `folder`, as
 * one capture stream: each file in name order (numbers in names compared as numbers, so
 * `trace9` comes before `trace10`), the newest followed as it grows, a file left for the next
 * once a newer one exists and it stopped growing. pcapng files follow each other as sections
 * (the format allows any number); a classic pcap file after the first joins without its file
 * header when that header matches the first's (byte order, resolution, snap length, link type),
 * so the stream is what `mergecap -a` would write.
 */
export async function* followRotatedFiles(
  folder: string,
  options: FollowOptions = {},
): AsyncGenerator<Buffer> {
  const pollMs = options.pollMs ?? 250;
  const done = new Set<string>(options.skip);
  let firstHeader: Buffer | undefined;
  let streamOffset = 0;
  const buffer = Buffer.allocUnsafe(1 << 20);
  while (true) {
    const names = captureFiles(folder);
    const next = names.find((name) => !done.has(name));
    if (next === undefined) {
      if (options.signal?.aborted) return;
      await sleep(pollMs);
      continue;
    }
    const path = join(folder, next);
    done.add(next);
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      options.onFileSkipped?.(path, `cannot open: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      continue;
    }
    try {
      const isNewer = () => captureFiles(folder).some((name) => !done.has(name));
      // Wait for the file's header: a file just created may not have it yet.
      const header = Buffer.alloc(pcapHeaderBytes);
      let headerRead = 0;
      while (headerRead < 4) {
        headerRead = (await handle.read(header, 0, pcapHeaderBytes, 0)).bytesRead;
        if (headerRead >= 4) break;
        if (isNewer() || options.signal?.aborted) break;
        await sleep(pollMs);
      }
      const isPcapng = headerRead >= 4 && header.readUInt32BE(0) === PcapngBlockType.sectionHeader;
      if (!isPcapng) {
        while (headerRead < pcapHeaderBytes && !isNewer() && !options.signal?.aborted) {
          await sleep(pollMs);
          headerRead = (await handle.read(header, 0, pcapHeaderBytes, 0)).bytesRead;
        }
      }
      let position = 0;
      // A file abandoned before its header was whole (the writer moved on, or was stopped).
      if (headerRead < (isPcapng ? 4 : pcapHeaderBytes)) {
        options.onFileSkipped?.(path, `holds ${headerRead} bytes, less than a capture header`);
        continue;
      }
      if (firstHeader === undefined) firstHeader = isPcapng ? header.subarray(0, 4) : Buffer.from(header);
      else {
        const firstIsPcapng = firstHeader.length === 4;
        if (firstIsPcapng !== isPcapng) {
          options.onFileSkipped?.(
            path,
            `is ${isPcapng ? 'pcapng' : 'pcap'}, the stream began as ${firstIsPcapng ? 'pcapng' : 'pcap'}`,
          );
          continue;
        }
        if (!isPcapng) {
          if (
            !header.subarray(0, 4).equals(firstHeader.subarray(0, 4)) ||
            !header.subarray(16).equals(firstHeader.subarray(16))
          ) {
            options.onFileSkipped?.(
              path,
              `has another pcap header (magic, snap length or link type) than the first file: ${header.toString('hex')} against ${firstHeader.toString('hex')}`,
            );
            continue;
          }
          position = pcapHeaderBytes;
        }
      }
      const file: FollowedFile = { path, streamStart: streamOffset, skipped: position, bytes: 0 };
      options.onFileStart?.(file);
      let quietSince = Date.now();
      while (true) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        if (bytesRead > 0) {
          position += bytesRead;
          streamOffset += bytesRead;
          file.bytes += bytesRead;
          quietSince = Date.now();
          // A copy: the buffer is read into again while the consumer may still hold the chunk.
          yield Buffer.from(buffer.subarray(0, bytesRead));
          continue;
        }
        // At the end of what is written: the file is done once a newer one exists and it has
        // not grown for a poll (the writer has moved on), or when asked to stop.
        if (options.signal?.aborted) break;
        if (isNewer() && Date.now() - quietSince >= pollMs) break;
        await sleep(pollMs);
      }
      options.onFileDone?.(file);
      if (options.signal?.aborted) return;
    } finally {
      await handle.close();
    }
  }
}

/** The capture files in `folder`, in rotation order; hidden and partial (`.tmp`) files left out. */
export function captureFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && !entry.name.endsWith('.tmp'))
    .map((entry) => entry.name)
    .sort((left, right) => left.localeCompare(right, 'en', { numeric: true }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
