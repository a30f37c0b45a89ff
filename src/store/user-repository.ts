import type { Kysely } from 'kysely';
import type { UserTable, VigilDatabase } from './schema.js';

/** An account as the server sees it; hashes and the TOTP secret stay inside the server. */
export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  role: string;
  totpSecret: string | null;
  totpLastStep: number | null;
  recoveryCodeHashes: string[];
  failedLogins: number;
  lockedUntil: string | null;
  isDisabled: boolean;
  createdAt: string;
  createdBy: string;
}

/** The fields of an account that change after it is created. */
export type UserChanges = Partial<Omit<UserRecord, 'id' | 'username' | 'createdAt' | 'createdBy'>>;

/**
 * Console and API accounts. The repository stores what it is given: hashing, TOTP checks and
 * lockout decisions live in `src/server/auth/`.
 *
 * @example
 * const user = await store.users.findByUsername('a.keller');
 */
export class UserRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((expression) => expression.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async insert(user: UserRecord): Promise<void> {
    await this.db.insertInto('users').values(rowOf(user)).execute();
  }

  async list(): Promise<UserRecord[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('username').execute();
    return rows.map(recordOf);
  }

  async findById(id: string): Promise<UserRecord | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && recordOf(row);
  }

  async findByUsername(username: string): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    return row && recordOf(row);
  }

  /** Writes the fields given; the others stay. */
  async update(id: string, changes: UserChanges): Promise<void> {
    const values: Partial<UserTable> = {};
    if (changes.passwordHash !== undefined) values.password_hash = changes.passwordHash;
    if (changes.role !== undefined) values.role = changes.role;
    if (changes.totpSecret !== undefined) values.totp_secret = changes.totpSecret;
    if (changes.totpLastStep !== undefined) values.totp_last_step = changes.totpLastStep;
    if (changes.recoveryCodeHashes !== undefined)
      values.recovery_codes = JSON.stringify(changes.recoveryCodeHashes);
    if (changes.failedLogins !== undefined) values.failed_logins = changes.failedLogins;
    if (changes.lockedUntil !== undefined) values.locked_until = changes.lockedUntil;
    if (changes.isDisabled !== undefined) values.disabled = changes.isDisabled ? 1 : 0;
    if (Object.keys(values).length === 0) return;
    await this.db.updateTable('users').set(values).where('id', '=', id).execute();
  }

  /**
   * Counts a failed login in one statement, so two guesses at once both count; returns the new
   * count.
   */
  async countFailedLogin(id: string): Promise<number> {
    await this.db
      .updateTable('users')
      .set((expression) => ({ failed_logins: expression('failed_logins', '+', 1) }))
      .where('id', '=', id)
      .execute();
    return (await this.findById(id))?.failedLogins ?? 0;
  }
}

function rowOf(user: UserRecord): UserTable {
  return {
    id: user.id,
    username: user.username,
    password_hash: user.passwordHash,
    role: user.role,
    totp_secret: user.totpSecret,
    totp_last_step: user.totpLastStep,
    recovery_codes: JSON.stringify(user.recoveryCodeHashes),
    failed_logins: user.failedLogins,
    locked_until: user.lockedUntil,
    disabled: user.isDisabled ? 1 : 0,
    created_at: user.createdAt,
    created_by: user.createdBy,
  };
}

function recordOf(row: UserTable): UserRecord {
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    role: row.role,
    totpSecret: row.totp_secret,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    recoveryCodeHashes: JSON.parse(row.recovery_codes) as string[],
    failedLogins: Number(row.failed_logins),
    lockedUntil: row.locked_until,
    isDisabled: Number(row.disabled) === 1,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}
