import type { ServerConfig } from '../../config/defaults.js';
import type { Store } from '../../store/open-store.js';
import type { UserRecord } from '../../store/user-repository.js';
import { LockoutLedger } from './lockout-ledger.js';
import { verifyDecoy, verifyPassword } from './passwords.js';
import { normaliseRecoveryCode, secretHash } from './secret-tokens.js';
import { acceptedTotpStep } from './totp.js';
import { untrustedText } from './untrusted-text.js';

export type PasswordOutcome =
  | { outcome: 'accepted'; user: UserRecord }
  | { outcome: 'refused' }
  | { outcome: 'locked'; until: string };

/**
 * The steps of signing in, each recorded in the audit log: a password checked against its
 * argon2id hash, then a TOTP or recovery code.
 *
 * Failures lock at two levels. A name tried from one address locks for that address after
 * `maxFailedLogins`, each further lock twice as long: the guesser is stopped, the owner at their
 * own desk is not. Failures from all addresses together lock the account for everyone after
 * `accountLockAfterFailures`, for `lockoutMs` only, so no anonymous caller holds it locked for
 * long. An unknown name goes through the same counting (in memory) and answers the same way, so
 * neither a 401 nor a 423 tells which names exist.
 */
export class SignIn {
  /** Failures per name and address. */
  readonly #pairs: LockoutLedger;
  /** Failures per unknown name: what the users table counts for known ones. */
  readonly #unknownNames: LockoutLedger;

  constructor(
    private readonly store: Store,
    private readonly config: Readonly<ServerConfig>,
  ) {
    const forgetAfterMs = Math.max(config.maxLockoutMs, config.lockoutMs);
    this.#pairs = new LockoutLedger({
      maxFailures: config.maxFailedLogins,
      lockoutMs: config.lockoutMs,
      maxLockoutMs: config.maxLockoutMs,
      forgetAfterMs,
    });
    this.#unknownNames = new LockoutLedger({
      maxFailures: config.accountLockAfterFailures,
      lockoutMs: config.lockoutMs,
      maxLockoutMs: config.lockoutMs,
      forgetAfterMs,
    });
  }

  async checkPassword(
    username: string,
    password: string,
    address: string,
    atMs: number,
  ): Promise<PasswordOutcome> {
    const user = await this.store.users.findByUsername(username);
    const lockedUntil =
      this.#pairs.lockedUntil(pairKey(username, address), atMs) ??
      (user === undefined
        ? this.#unknownNames.lockedUntil(username, atMs)
        : this.#accountLockedUntil(user, atMs));
    if (lockedUntil !== null) {
      // The password is not even checked: a locked name cannot be guessed at.
      await this.#auditFailure(username, address, 'account locked', atMs);
      return { outcome: 'locked', until: new Date(lockedUntil).toISOString() };
    }
    if (user === undefined) {
      await verifyDecoy(password);
      return this.#recordFailure(null, username, address, 'unknown user', atMs);
    }
    if (!(await verifyPassword(user.passwordHash, password)) || user.isDisabled) {
      const reason = user.isDisabled ? 'account disabled' : 'wrong password';
      return this.#recordFailure(user, username, address, reason, atMs);
    }
    return { outcome: 'accepted', user };
  }

  /**
   * The current password asked for before a change of password: throttled by the caller and
   * counted like a sign-in, so a signed-in session is no oracle to guess it with.
   */
  async checkCurrentPassword(
    user: UserRecord,
    password: string,
    address: string,
    atMs: number,
  ): Promise<PasswordOutcome> {
    const current = (await this.store.users.findById(user.id)) ?? user;
    const locked = this.#lockedFor(current, address, atMs);
    if (locked !== null) return locked;
    if (await verifyPassword(current.passwordHash, password)) return { outcome: 'accepted', user: current };
    return this.#recordFailure(current, current.username, address, 'wrong current password', atMs);
  }

  /**
   * A six-digit TOTP code or an unused recovery code (which is then spent). Both are consumed in
   * one conditional write, so two sign-ins racing with one code cannot both pass.
   */
  async checkSecondFactor(
    user: UserRecord,
    code: string,
    address: string,
    atMs: number,
  ): Promise<PasswordOutcome> {
    const current = (await this.store.users.findById(user.id)) ?? user;
    const locked = this.#lockedFor(current, address, atMs);
    if (locked !== null) return locked;
    if (current.totpSecret === null) return { outcome: 'refused' };
    const step = acceptedTotpStep(current.totpSecret, code, atMs, current.totpLastStep);
    if (step !== null && (await this.store.users.consumeTotpStep(current.id, step)))
      return { outcome: 'accepted', user: current };
    const remaining = await this.store.users.consumeRecoveryCode(
      current.id,
      secretHash(normaliseRecoveryCode(code)),
    );
    if (remaining !== null) {
      await this.store.audit.append(
        {
          actor: current.username,
          action: 'recovery-code-used',
          target: current.username,
          before: String(remaining + 1),
          after: String(remaining),
        },
        new Date(atMs).toISOString(),
      );
      return { outcome: 'accepted', user: current };
    }
    return this.#recordFailure(current, current.username, address, 'wrong second factor', atMs);
  }

  /** Both steps passed: the failure counts start again and the sign-in is recorded. */
  async recordSuccess(user: UserRecord, address: string, atMs: number): Promise<void> {
    this.#pairs.recordSuccess(pairKey(user.username, address));
    await this.store.users.update(user.id, { failedLogins: 0, lockedUntil: null });
    await this.store.audit.append(
      {
        actor: user.username,
        action: 'login',
        target: user.username,
        before: null,
        after: `from ${address}`,
      },
      new Date(atMs).toISOString(),
    );
  }

  /** An administrator lifted the lock: the per-address locks of the name go too. */
  forgetFailures(username: string): void {
    this.#pairs.forget(`${username}\u0000`);
  }

  #accountLockedUntil(user: UserRecord, atMs: number): number | null {
    const until = user.lockedUntil === null ? Number.NaN : Date.parse(user.lockedUntil);
    return until > atMs ? until : null;
  }

  #lockedFor(user: UserRecord, address: string, atMs: number): PasswordOutcome | null {
    const until =
      this.#pairs.lockedUntil(pairKey(user.username, address), atMs) ?? this.#accountLockedUntil(user, atMs);
    return until === null ? null : { outcome: 'locked', until: new Date(until).toISOString() };
  }

  async #auditFailure(username: string, address: string, reason: string, atMs: number): Promise<void> {
    // The name was typed by whoever is trying: recorded as quoted, cleaned data.
    const typed = untrustedText(username);
    await this.store.audit.append(
      {
        actor: typed,
        action: 'login-failed',
        target: typed,
        before: null,
        after: `${reason} from ${address}`,
      },
      new Date(atMs).toISOString(),
    );
  }

  async #recordFailure(
    user: UserRecord | null,
    username: string,
    address: string,
    reason: string,
    atMs: number,
  ): Promise<PasswordOutcome> {
    await this.#auditFailure(username, address, reason, atMs);
    const pairLock = this.#pairs.recordFailure(pairKey(username, address), atMs);
    if (user === null) {
      const nameLock = this.#unknownNames.recordFailure(username, atMs);
      const until = Math.max(pairLock ?? 0, nameLock ?? 0);
      return until === 0
        ? { outcome: 'refused' }
        : { outcome: 'locked', until: new Date(until).toISOString() };
    }
    const at = new Date(atMs).toISOString();
    if (pairLock !== null)
      await this.store.audit.append(
        {
          actor: 'vigil',
          action: 'account-locked',
          target: user.username,
          before: null,
          after: `${this.config.maxFailedLogins} failed sign-ins from ${address}; locked for that address until ${new Date(pairLock).toISOString()}`,
        },
        at,
      );
    const failures = await this.store.users.countFailedLogin(user.id);
    let accountLock: number | null = null;
    if (failures >= this.config.accountLockAfterFailures) {
      accountLock = atMs + this.config.lockoutMs;
      const until = new Date(accountLock).toISOString();
      await this.store.users.update(user.id, { lockedUntil: until, failedLogins: 0 });
      await this.store.audit.append(
        {
          actor: 'vigil',
          action: 'account-locked',
          target: user.username,
          before: null,
          after: `${failures} failed sign-ins from any address; locked for everyone until ${until}`,
        },
        at,
      );
    }
    const until = Math.max(pairLock ?? 0, accountLock ?? 0);
    return until === 0 ? { outcome: 'refused' } : { outcome: 'locked', until: new Date(until).toISOString() };
  }
}

function pairKey(username: string, address: string): string {
  return `${username}\u0000${address}`;
}
