import type { Kysely } from 'kysely';
import { SealedValueError, SecretBox } from './keys/secret-box.js';
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
 * lockout decisions live in `src/server/auth/`. TOTP secrets are sealed with a key outside the
 * database on the way in and opened on the way out, so records carry them in clear and rows never.
 *
 * @example
 * const user = await store.users.findByUsername('a.keller');
 */
export class UserRepository {
  constructor(
    readonly db: Kysely<VigilDatabase>,
    private readonly secrets: SecretBox,
  ) {}

  /** Seals the TOTP secrets stored before secrets were sealed; returns how many. */
  async sealClearSecrets(): Promise<number> {
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'totp_secret'])
      .where('totp_secret', 'is not', null)
      .where('totp_secret', 'not like', 'sealed1.%')
      .execute();
    for (const row of rows)
      await this.db
        .updateTable('users')
        .set({ totp_secret: this.secrets.seal(row.totp_secret!) })
        .where('id', '=', row.id)
        .where('totp_secret', '=', row.totp_secret)
        .execute();
    return rows.length;
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((expression) => expression.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async insert(user: UserRecord): Promise<void> {
    await this.db.insertInto('users').values(this.#rowOf(user)).execute();
  }

  async list(): Promise<UserRecord[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('username').execute();
    return rows.map((row) => this.#recordOf(row));
  }

  async findById(id: string): Promise<UserRecord | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && this.#recordOf(row);
  }

  async findByUsername(username: string): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    return row && this.#recordOf(row);
  }

  /** Writes the fields given; the others stay. */
  async update(id: string, changes: UserChanges): Promise<void> {
    const values: Partial<UserTable> = {};
    if (changes.passwordHash !== undefined) values.password_hash = changes.passwordHash;
    if (changes.role !== undefined) values.role = changes.role;
    if (changes.totpSecret !== undefined) values.totp_secret = this.#sealed(changes.totpSecret);
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
   * Accepts a TOTP time step once: the row moves to `step` only if its last step is older, in one
   * statement, so of two sign-ins racing with the same code exactly one gets true.
   */
  async consumeTotpStep(id: string, step: number): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', id)
      .where((where) => where.or([where('totp_last_step', 'is', null), where('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Spends a recovery code once: compare-and-set on the list of unused codes, tried again when
   * another code was spent meanwhile; false when this one is not (or no longer) in the list.
   * Returns the number left on success.
   */
  async consumeRecoveryCode(id: string, codeHash: string): Promise<number | null> {
    for (;;) {
      const row = await this.db
        .selectFrom('users')
        .select('recovery_codes')
        .where('id', '=', id)
        .executeTakeFirst();
      if (row === undefined) return null;
      const codes = JSON.parse(row.recovery_codes) as string[];
      if (!codes.includes(codeHash)) return null;
      const remaining = codes.filter((stored) => stored !== codeHash);
      const result = await this.db
        .updateTable('users')
        .set({ recovery_codes: JSON.stringify(remaining) })
        .where('id', '=', id)
        .where('recovery_codes', '=', row.recovery_codes)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) return remaining.length;
    }
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

  #sealed(secret: string | null): string | null {
    return secret === null ? null : this.secrets.seal(secret);
  }

  #rowOf(user: UserRecord): UserTable {
    return {
      id: user.id,
      username: user.username,
      password_hash: user.passwordHash,
      role: user.role,
      totp_secret: this.#sealed(user.totpSecret),
      totp_last_step: user.totpLastStep,
      recovery_codes: JSON.stringify(user.recoveryCodeHashes),
      failed_logins: user.failedLogins,
      locked_until: user.lockedUntil,
      disabled: user.isDisabled ? 1 : 0,
      created_at: user.createdAt,
      created_by: user.createdBy,
    };
  }

  #recordOf(row: UserTable): UserRecord {
    return {
      id: row.id,
      username: row.username,
      passwordHash: row.password_hash,
      role: row.role,
      totpSecret: this.#opened(row),
      totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
      recoveryCodeHashes: JSON.parse(row.recovery_codes) as string[],
      failedLogins: Number(row.failed_logins),
      lockedUntil: row.locked_until,
      isDisabled: Number(row.disabled) === 1,
      createdAt: row.created_at,
      createdBy: row.created_by,
    };
  }

  /** The TOTP secret in clear; one stored before sealing existed is read as it is. */
  #opened(row: UserTable): string | null {
    if (row.totp_secret === null || !SecretBox.isSealed(row.totp_secret)) return row.totp_secret;
    try {
      return this.secrets.open(row.totp_secret);
    } catch (error) {
      if (!(error instanceof SealedValueError)) throw error;
      throw new SealedValueError(`the two-factor secret of ${row.username} cannot be read: ${error.message}`);
    }
  }
}
