import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** A secret key and the short id that names it in what it signed or sealed. */
export interface KeyMaterial {
  /** First 8 hex digits of the key's SHA-256: tells which key wrote a value, never the key. */
  id: string;
  bytes: Buffer;
}

/**
 * The keys a store uses but does not hold, so that a copy of the database alone (a backup, a
 * stolen file, a DBA's session) can neither forge the audit log nor read two-factor secrets.
 */
export interface StoreKeys {
  /** Where the keys and the audit checkpoint live; null for a store in memory. */
  directory: string | null;
  /** Signs each audit row (HMAC-SHA256). */
  audit: KeyMaterial;
  /** Seals TOTP secrets (AES-256-GCM). */
  secrets: KeyMaterial;
}

function isPostgres(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

/**
 * Where a store's keys live: `VIGIL_KEYS` when set; beside a SQLite file (`vigil.db.keys/`);
 * for PostgreSQL, a folder per database under the user's state directory, so every command on
 * this machine finds the same keys whatever its working directory.
 */
export function resolveKeyDirectory(location: string, environment = process.env): string | null {
  if (environment.VIGIL_KEYS) return resolve(environment.VIGIL_KEYS);
  if (location === ':memory:') return null;
  if (!isPostgres(location)) return `${resolve(location)}.keys`;
  const url = new URL(location);
  const identity = `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  const name = createHash('sha256').update(identity).digest('hex').slice(0, 16);
  const stateHome = environment.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(stateHome, 'vigil', `keys-${name}`);
}

function keyIdOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 8);
}

/** Reads a 32-byte key kept as hex, or makes one readable by its owner alone. */
function loadOrCreateKey(directory: string, name: string): KeyMaterial {
  const path = join(directory, name);
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(text))
      throw new Error(
        `${path}: expected a key of 64 hexadecimal digits (32 bytes), found ${text.length} characters`,
      );
    const bytes = Buffer.from(text, 'hex');
    return { id: keyIdOf(bytes), bytes };
  }
  const bytes = randomBytes(32);
  // 'wx' fails when another process made the key first: then read theirs.
  try {
    writeFileSync(path, `${bytes.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKey(directory, name);
    throw error;
  }
  return { id: keyIdOf(bytes), bytes };
}

/** The keys in `directory`, made on first use; random keys for a store that lives in memory. */
export function loadStoreKeys(directory: string | null): StoreKeys {
  if (directory === null) {
    const fresh = (): KeyMaterial => {
      const bytes = randomBytes(32);
      return { id: keyIdOf(bytes), bytes };
    };
    return { directory, audit: fresh(), secrets: fresh() };
  }
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    chmodSync(directory, 0o700);
    return {
      directory,
      audit: loadOrCreateKey(directory, 'audit.key'),
      secrets: loadOrCreateKey(directory, 'secrets.key'),
    };
  } catch (error) {
    throw new Error(`cannot use the key folder ${directory}: ${(error as Error).message}`);
  }
}
