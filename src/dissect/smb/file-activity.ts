import type { Evidence } from '../../observe/observation.js';

/** SMB2 commands counted as file work ([MS-SMB2] §2.2.1.2). */
const create = 0x0005;
const write = 0x0009;
const setInfo = 0x0011;
/** SET_INFO of a file ([MS-SMB2] §2.2.39) with these classes ([MS-FSCC] §2.4) renames or deletes it. */
const infoTypeFile = 1;
const fileRenameInformation = 10;
const fileDispositionInformation = 13;
const fileDispositionInformationEx = 64;
/** NetBIOS length (4) + SMB2 header (64) + the request bytes read: a WRITE's FileId ends at 32. */
const prefixBytes = 4 + 64 + 32;
/** Distinct files remembered per report; more are counted as writes only. */
const maxFilesPerReport = 4_096;

/** File work a client asked of a server since the last report. */
export interface FileActivityCounts {
  creates: number;
  writes: number;
  /** Distinct files (FileId) written. */
  filesWritten: number;
  renames: number;
  deletes: number;
  firstMs: number;
  lastMs: number;
  evidence: Evidence;
}

/**
 * Counts the file operations in the client's SMB2 requests for the whole connection, reading
 * only each message's first 100 bytes (its header and the start of the request) into one
 * buffer and passing over the rest, so a 1 GB copy costs no buffering. Encrypted SMB3 (a
 * transform header) and SMB1 stop it: nothing inside can be counted.
 */
export class Smb2FileActivity {
  readonly #prefix = Buffer.alloc(prefixBytes);
  #prefixLength = 0;
  /** Bytes of the current message (after its NetBIOS header) not yet passed over. */
  #remaining = 0;
  #messageLength = 0;
  #isStopped = false;
  #counts: FileActivityCounts | undefined;
  #files = new Set<string>();
  operationsSinceReport = 0;

  /** Reads a piece of the client's direction; `at` and `evidence` stamp the operations it holds. */
  push(data: Buffer, offset: number, length: number, atMs: number, evidence: () => Evidence): void {
    let at = offset;
    const end = offset + length;
    while (!this.#isStopped && at < end) {
      if (this.#remaining > 0 && this.#prefixLength >= Math.min(prefixBytes, 4 + this.#messageLength)) {
        const skipped = Math.min(this.#remaining, end - at);
        this.#remaining -= skipped;
        at += skipped;
        if (this.#remaining === 0) this.#prefixLength = 0;
        continue;
      }
      const wanted = this.#prefixLength < 4 ? 4 : Math.min(prefixBytes, 4 + this.#messageLength);
      const taken = Math.min(wanted - this.#prefixLength, end - at);
      data.copy(this.#prefix, this.#prefixLength, at, at + taken);
      this.#prefixLength += taken;
      at += taken;
      if (this.#prefixLength < wanted) return;
      if (this.#prefixLength === 4) {
        // NetBIOS session service header: its type (session message 0, session control
        // 0x81–0x85, passed over) and a 24-bit length; anything else is not SMB framing.
        const type = this.#prefix[0]!;
        if (type !== 0 && (type < 0x81 || type > 0x85)) {
          this.#isStopped = true;
          return;
        }
        this.#messageLength = this.#prefix.readUIntBE(1, 3);
        this.#remaining = this.#messageLength;
        if (this.#messageLength === 0) this.#prefixLength = 0;
        continue;
      }
      this.#remaining -= this.#prefixLength - 4;
      this.#read(atMs, evidence);
      if (this.#remaining === 0) this.#prefixLength = 0;
    }
  }

  /** After a gap the framing is lost: nothing more is counted. */
  stop(): void {
    this.#isStopped = true;
  }

  /** The counts since the last report, and a fresh start; undefined when nothing was counted. */
  take(): FileActivityCounts | undefined {
    const counts = this.#counts;
    if (counts !== undefined) counts.filesWritten = this.#files.size;
    this.#counts = undefined;
    this.#files = new Set();
    this.operationsSinceReport = 0;
    return counts;
  }

  #read(atMs: number, evidence: () => Evidence): void {
    const message = this.#prefix;
    const length = this.#prefixLength;
    if (
      message[0] !== 0 ||
      length < 4 + 64 ||
      message[5] !== 0x53 ||
      message[6] !== 0x4d ||
      message[7] !== 0x42
    )
      return;
    if (message[4] !== 0xfe) {
      // 0xFD: encrypted SMB3; 0xFF: SMB1. Neither shows its file operations here.
      this.#isStopped = true;
      return;
    }
    const flags = message.readUInt32LE(4 + 16);
    if ((flags & 0x1) !== 0) return;
    const command = message.readUInt16LE(4 + 12);
    const body = 4 + 64;
    let kind: 'creates' | 'writes' | 'renames' | 'deletes' | undefined;
    if (command === create) kind = 'creates';
    else if (command === write && length >= body + 32) {
      kind = 'writes';
      if (this.#files.size < maxFilesPerReport)
        this.#files.add(message.toString('hex', body + 16, body + 32));
    } else if (command === setInfo && length >= body + 4 && message[body + 2] === infoTypeFile) {
      const infoClass = message[body + 3];
      if (infoClass === fileRenameInformation) kind = 'renames';
      else if (infoClass === fileDispositionInformation || infoClass === fileDispositionInformationEx)
        kind = 'deletes';
    }
    if (kind === undefined) return;
    this.#counts ??= {
      creates: 0,
      writes: 0,
      filesWritten: 0,
      renames: 0,
      deletes: 0,
      firstMs: atMs,
      lastMs: atMs,
      evidence: evidence(),
    };
    this.#counts[kind] += 1;
    this.#counts.lastMs = atMs;
    this.operationsSinceReport += 1;
  }
}
