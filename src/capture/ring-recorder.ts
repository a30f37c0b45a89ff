import { closeSync, openSync, writeSync } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import type { CaptureRing } from './capture-ring.js';
import { pcapMagicMicroseconds, pcapMagicNanoseconds } from './pcap-reader.js';

const globalHeaderBytes = 24;
const recordHeaderBytes = 16;
/** Larger than any snap length tcpdump writes: a record claiming more means the stream is not pcap. */
const maxRecordBytes = 256 * 1024 * 1024;

export interface RingRecorderLimits {
  /** A ring file is closed at the first record boundary past this many bytes. */
  fileBytes: number;
  /** … or once it has been open this long, so that a quiet network's files still age out. */
  fileAgeMs: number;
}

/**
 * Keeps a live pcap byte stream (tcpdump writing to a pipe) in a capture ring as it passes to the
 * reader: whole records into ring files, each a valid pcap (the stream's header, then records),
 * closed at a record boundary once large or old enough. It reads only record headers to find the
 * boundaries and writes each chunk in at most a few slices, so the packet path gains no copy and
 * no allocation per packet. The stream's offsets are the evidence offsets, so the ring resolves
 * evidence as it does for watched files. A ring that cannot be written (a full disk) stops
 * recording and says why; the capture goes on.
 */
export class RingRecorder {
  #header = Buffer.alloc(globalHeaderBytes);
  #headerHave = 0;
  #isLittleEndian = true;
  #recordHeader = Buffer.alloc(recordHeaderBytes);
  #recordHeaderHave = 0;
  #recordLeft = 0;
  /** Bytes of the stream seen so far. */
  #streamAt = 0;
  #file: { path: string; descriptor: number; bytes: number; skipped: number; openedAtMs: number } | undefined;
  #files = 0;
  #failure: string | null = null;

  constructor(
    private readonly ring: CaptureRing,
    private readonly baseName: string,
    private readonly limits: RingRecorderLimits,
    private readonly log: (line: string) => void,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Files written, bytes kept, and why recording stopped (null while it works). */
  get report(): { files: number; bytes: number; failed: string | null } {
    return { files: this.#files, bytes: this.#streamAt, failed: this.#failure };
  }

  /** The stream, passed on unchanged, recorded on the way. */
  transform(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding: string, done: TransformCallback) => {
        if (this.#failure === null) {
          try {
            this.#record(chunk);
          } catch (error) {
            this.#fail((error as Error).message);
          }
        }
        done(null, chunk);
      },
      flush: (done: TransformCallback) => {
        if (this.#failure === null) this.#close();
        done();
      },
    });
  }

  /** Closes the file being written: the stream ended, or the sensor stops. */
  close(): void {
    if (this.#failure === null) this.#close();
  }

  #record(chunk: Buffer): void {
    let at = 0;
    /** Where the part of the chunk not yet written to the current file starts. */
    let pending = 0;
    while (at < chunk.length) {
      if (this.#headerHave < globalHeaderBytes) {
        const take = Math.min(globalHeaderBytes - this.#headerHave, chunk.length - at);
        chunk.copy(this.#header, this.#headerHave, at, at + take);
        this.#headerHave += take;
        at += take;
        pending = at;
        if (this.#headerHave === globalHeaderBytes) this.#readGlobalHeader();
        continue;
      }
      if (this.#recordLeft > 0) {
        const take = Math.min(this.#recordLeft, chunk.length - at);
        this.#recordLeft -= take;
        at += take;
        continue;
      }
      if (this.#recordHeaderHave === 0 && this.#isDue()) {
        this.#write(chunk, pending, at);
        pending = at;
        this.#close();
        this.#open(this.#streamAt + at, globalHeaderBytes);
      }
      const take = Math.min(recordHeaderBytes - this.#recordHeaderHave, chunk.length - at);
      chunk.copy(this.#recordHeader, this.#recordHeaderHave, at, at + take);
      this.#recordHeaderHave += take;
      at += take;
      if (this.#recordHeaderHave === recordHeaderBytes) {
        this.#recordHeaderHave = 0;
        this.#recordLeft = this.#isLittleEndian
          ? this.#recordHeader.readUInt32LE(8)
          : this.#recordHeader.readUInt32BE(8);
        if (this.#recordLeft > maxRecordBytes)
          throw new Error(
            `a record of ${this.#recordLeft} bytes at stream offset ${this.#streamAt + at - 16}: not a pcap stream`,
          );
      }
    }
    this.#write(chunk, pending, chunk.length);
    this.#streamAt += chunk.length;
  }

  #readGlobalHeader(): void {
    const magic = this.#header.readUInt32LE(0);
    if (magic === pcapMagicMicroseconds || magic === pcapMagicNanoseconds) this.#isLittleEndian = true;
    else {
      const big = this.#header.readUInt32BE(0);
      if (big !== pcapMagicMicroseconds && big !== pcapMagicNanoseconds)
        throw new Error('the capture stream is not pcap (tcpdump -w - writes pcap)');
      this.#isLittleEndian = false;
    }
    // The first file holds the stream from its first byte, header and all.
    this.#open(0, 0);
    writeSync(this.#file!.descriptor, this.#header);
    this.#file!.bytes += globalHeaderBytes;
  }

  #isDue(): boolean {
    const file = this.#file;
    return (
      file !== undefined &&
      file.bytes > globalHeaderBytes &&
      (file.bytes >= this.limits.fileBytes || this.nowMs() - file.openedAtMs >= this.limits.fileAgeMs)
    );
  }

  #open(streamStart: number, skipped: number): void {
    const path = this.ring.startWritten(`${this.baseName}.pcap`, streamStart, skipped);
    const descriptor = openSync(path, 'w', 0o600);
    this.#file = { path, descriptor, bytes: 0, skipped, openedAtMs: this.nowMs() };
    this.#files += 1;
    if (skipped > 0) {
      writeSync(descriptor, this.#header);
      this.#file.bytes += globalHeaderBytes;
    }
  }

  #write(chunk: Buffer, from: number, to: number): void {
    const file = this.#file;
    if (file === undefined || to <= from) return;
    let written = from;
    while (written < to) written += writeSync(file.descriptor, chunk, written, to - written);
    file.bytes += to - from;
  }

  #close(): void {
    const file = this.#file;
    if (file === undefined) return;
    this.#file = undefined;
    closeSync(file.descriptor);
    // The ring counts the stream's bytes in a file, not the header repeated at its start.
    this.ring.completeWritten(file.path, file.bytes - file.skipped);
  }

  #fail(reason: string): void {
    this.#failure = reason;
    this.log(`the capture ring stopped recording: ${reason}; the capture goes on without it`);
    if (this.#file !== undefined) {
      try {
        closeSync(this.#file.descriptor);
      } catch {
        // Already unusable: the index keeps the file as one still being written.
      }
      this.#file = undefined;
    }
  }
}
