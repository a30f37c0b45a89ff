import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import type { FollowedFile } from './rotated-files.js';

/** One capture file the ring keeps, and where its bytes sit in the stream the sensor read. */
export interface RingEntry {
  /** The file's name in the ring folder. */
  file: string;
  /** Where the sensor found it. */
  source: string;
  /** The stream it was read into: the capture name evidence gives (one per sensor run). */
  stream: string;
  /** Stream offset of the file's byte `skipped`: evidence offsets map to the file from here. */
  streamStart: number;
  skipped: number;
  /** Bytes of it the stream holds; null while it is being read. */
  bytes: number | null;
  keptAt: string;
}

export interface RingBounds {
  maxBytes: number;
  maxAgeMs: number;
}

const indexName = 'ring-index.json';

/**
 * The capture files a sensor read, kept (hard-linked where the folder allows, else copied) in a
 * folder of its own with an index of where each sits in the stream, so that evidence (a capture
 * offset) still names a file and an offset in it after the packet broker rotated the original
 * away, and packets can be carved out for an incident. Bounded: the oldest files go once the
 * ring holds more than `maxBytes` or they are older than `maxAgeMs`; the file being read stays.
 */
export class CaptureRing {
  readonly #entries: RingEntry[];

  constructor(
    readonly folder: string,
    private readonly bounds: RingBounds,
    /** The capture name this run's evidence gives (see `RingEntry.stream`). */
    private readonly stream: string,
  ) {
    mkdirSync(folder, { recursive: true });
    this.#entries = existsSync(join(folder, indexName)) ? CaptureRing.entriesOf(folder) : [];
  }

  /** What a ring folder's index lists, oldest first, without taking the ring over (for carving). */
  static entriesOf(folder: string): RingEntry[] {
    const index = join(folder, indexName);
    if (!existsSync(index))
      throw new Error(`${folder}: no ${indexName} here; expected the folder a sensor ran with --ring`);
    try {
      return JSON.parse(readFileSync(index, 'utf8')) as RingEntry[];
    } catch (error) {
      throw new Error(`${index}: not a ring index (${(error as Error).message})`);
    }
  }

  get entries(): readonly RingEntry[] {
    return this.#entries;
  }

  /** Sources the ring holds whole: a restarted sensor leaves them out. */
  completedSources(): Set<string> {
    return new Set(
      this.#entries.filter((entry) => entry.bytes !== null).map((entry) => basename(entry.source)),
    );
  }

  /** Keeps the file the stream is starting to read; a link costs no copy. */
  keep(file: FollowedFile): void {
    const name = this.#nextName(basename(file.path));
    try {
      linkSync(file.path, join(this.folder, name));
    } catch {
      // Another file system: copied once it is complete (see `complete`).
    }
    this.#start(name, file.path, file.streamStart, file.skipped);
  }

  /**
   * Starts a file the sensor writes into the ring itself (a live capture kept as it passes, see
   * `RingRecorder`); returns its path. Its bytes from `skipped` on are the stream's from `streamStart`.
   */
  startWritten(baseName: string, streamStart: number, skipped: number): string {
    const name = this.#nextName(baseName);
    const path = join(this.folder, name);
    this.#start(name, path, streamStart, skipped);
    return path;
  }

  /** Records a written file whole (`bytes` of the stream in it), then trims the ring to its bounds. */
  completeWritten(path: string, bytes: number, nowMs = Date.now()): void {
    const entry = this.#started(path);
    if (entry !== undefined) this.#complete(entry, bytes, nowMs);
  }

  /** Records the file read whole, then trims the ring to its bounds. */
  complete(file: FollowedFile, nowMs = Date.now()): void {
    const entry = this.#started(file.path);
    if (entry === undefined) return;
    const kept = join(this.folder, entry.file);
    if (!existsSync(kept)) copyFileSync(file.path, kept);
    this.#complete(entry, file.bytes, nowMs);
  }

  /** Numbered after the newest kept, so names sort as the stream ran, across restarts too. */
  #nextName(baseName: string): string {
    const last = this.#entries.at(-1);
    const number = last === undefined ? 1 : Number.parseInt(last.file, 10) + 1;
    return `${String(number).padStart(6, '0')}-${baseName}`;
  }

  #start(file: string, source: string, streamStart: number, skipped: number): void {
    this.#entries.push({
      file,
      source,
      stream: this.stream,
      streamStart,
      skipped,
      bytes: null,
      keptAt: new Date().toISOString(),
    });
    this.#save();
  }

  /** The entry of `source` still being read or written. */
  #started(source: string): RingEntry | undefined {
    return this.#entries.find((candidate) => candidate.source === source && candidate.bytes === null);
  }

  #complete(entry: RingEntry, bytes: number, nowMs: number): void {
    entry.bytes = bytes;
    this.#trim(nowMs);
    this.#save();
  }

  /**
   * The file and byte offset in it of an evidence's capture and `fileOffset`, while the ring
   * keeps it.
   */
  locate(stream: string, streamOffset: number): { file: string; offset: number } | undefined {
    for (let index = this.#entries.length - 1; index >= 0; index -= 1) {
      const entry = this.#entries[index]!;
      if (entry.stream !== stream || entry.streamStart > streamOffset) continue;
      const into = streamOffset - entry.streamStart;
      if (entry.bytes !== null && into >= entry.bytes) return undefined;
      return { file: join(this.folder, entry.file), offset: entry.skipped + into };
    }
    return undefined;
  }

  #trim(nowMs: number): void {
    const sizeOf = (entry: RingEntry) => {
      try {
        return statSync(join(this.folder, entry.file)).size;
      } catch {
        return 0;
      }
    };
    let total = this.#entries.reduce((sum, entry) => sum + sizeOf(entry), 0);
    while (this.#entries.length > 1) {
      const oldest = this.#entries[0]!;
      const tooOld = nowMs - Date.parse(oldest.keptAt) > this.bounds.maxAgeMs;
      if (oldest.bytes === null || (total <= this.bounds.maxBytes && !tooOld)) break;
      total -= sizeOf(oldest);
      try {
        unlinkSync(join(this.folder, oldest.file));
      } catch {
        // Already gone: the index forgets it all the same.
      }
      this.#entries.shift();
    }
  }

  #save(): void {
    const index = join(this.folder, indexName);
    writeFileSync(`${index}.tmp`, JSON.stringify(this.#entries, null, 1));
    // Renamed into place: a sensor killed while writing leaves the previous index whole.
    renameSync(`${index}.tmp`, index);
  }
}
