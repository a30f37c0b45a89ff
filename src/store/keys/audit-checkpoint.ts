import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The newest audit row a writer saw, kept outside the database so truncation shows. */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
  /** The first row signed with the audit key: rows from here on must all be signed. */
  firstSignedSeq: number;
  at: string;
}

/**
 * `audit.checkpoint` in the key folder, rewritten (atomically, by rename) after every append.
 * Two writers may race and leave the older of their rows: an older checkpoint checks less, never
 * wrongly, because every row it names must still be in the log with the hash it names.
 */
export class AuditCheckpointFile {
  readonly path: string;

  constructor(directory: string) {
    this.path = join(directory, 'audit.checkpoint');
  }

  /** The checkpoint, or null when none was written; a damaged file is an error naming it. */
  read(): AuditCheckpoint | null {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const value = JSON.parse(text) as Partial<AuditCheckpoint>;
    if (
      !Number.isInteger(value.seq) ||
      typeof value.hash !== 'string' ||
      !Number.isInteger(value.firstSignedSeq) ||
      typeof value.at !== 'string'
    )
      throw new Error(`${this.path}: expected {"seq", "hash", "firstSignedSeq", "at"}`);
    return value as AuditCheckpoint;
  }

  /** Records a newer row; a checkpoint already further along is kept. */
  advance(seq: number, hash: string, at: string): void {
    const current = this.read();
    if (current !== null && current.seq >= seq) return;
    const next: AuditCheckpoint = { seq, hash, firstSignedSeq: current?.firstSignedSeq ?? seq, at };
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(next)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}
