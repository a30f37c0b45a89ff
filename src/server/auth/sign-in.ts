import type { ServerConfig } from '../../config/defaults.js';
import type { Store } from '../../store/open-store.js';
import type { UserRecord } from '../../store/user-repository.js';
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
 * argon2id hash, then a TOTP or recovery code. Consecutive failures of either step lock the
 * account for a while; an unknown user name is refused exactly like a wrong password.
 */
export class SignIn {
  constructor(
    private readonly store: Store,
    private readonly config: Readonly<ServerConfig>,
  ) {}

  async checkPassword(
    username: string,
    password: string,
    address: string,
    atMs: number,
  ): Promise<PasswordOutcome> {
    const user = await this.store.users.findByUsername(username);
    if (user === undefined) {
      await verifyDecoy(password);
      await this.#recordFailure(null, username, address, 'unknown user', atMs);
      return { outcome: 'refused' };
    }
    if (this.#isLocked(user, atMs)) {
      // The password is not even checked: a locked account cannot be guessed at.
      await this.#recordFailure(null, username, address, 'account locked', atMs);
      return { outcome: 'locked', until: user.lockedUntil! };
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
    if (this.#isLocked(current, atMs)) return { outcome: 'locked', until: current.lockedUntil! };
    if (await verifyPassword(current.passwordHash, password)) return { outcome: 'accepted', user: current };
    return this.#recordFailure(current, current.username, address, 'wrong current password', atMs);
  }

  /** A six-digit TOTP code or an unused recovery code (which is then spent). */
  async checkSecondFactor(
    user: UserRecord,
    code: string,
    address: string,
    atMs: number,
  ): Promise<PasswordOutcome> {
    const current = (await this.store.users.findById(user.id)) ?? user;
    if (this.#isLocked(current, atMs)) return { outcome: 'locked', until: current.lockedUntil! };
    if (current.totpSecret === null) return { outcome: 'refused' };
    const step = acceptedTotpStep(current.totpSecret, code, atMs, current.totpLastStep);
    if (step !== null) {
      await this.store.users.update(current.id, { totpLastStep: step });
      return { outcome: 'accepted', user: current };
    }
    const hash = secretHash(normaliseRecoveryCode(code));
    if (current.recoveryCodeHashes.includes(hash)) {
      const remaining = current.recoveryCodeHashes.filter((stored) => stored !== hash);
      await this.store.users.update(current.id, { recoveryCodeHashes: remaining });
      await this.store.audit.append(
        {
          actor: current.username,
          action: 'recovery-code-used',
          target: current.username,
          before: String(current.recoveryCodeHashes.length),
          after: String(remaining.length),
        },
        new Date(atMs).toISOString(),
      );
      return { outcome: 'accepted', user: current };
    }
    return this.#recordFailure(current, current.username, address, 'wrong second factor', atMs);
  }

  /** Both steps passed: the failure count starts again and the sign-in is recorded. */
  async recordSuccess(user: UserRecord, address: string, atMs: number): Promise<void> {
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

  #isLocked(user: UserRecord, atMs: number): boolean {
    return user.lockedUntil !== null && Date.parse(user.lockedUntil) > atMs;
  }

  async #recordFailure(
    user: UserRecord | null,
    username: string,
    address: string,
    reason: string,
    atMs: number,
  ): Promise<PasswordOutcome> {
    const at = new Date(atMs).toISOString();
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
      at,
    );
    if (user === null) return { outcome: 'refused' };
    const failures = await this.store.users.countFailedLogin(user.id);
    if (failures < this.config.maxFailedLogins) return { outcome: 'refused' };
    const until = new Date(atMs + this.config.lockoutMs).toISOString();
    await this.store.users.update(user.id, { lockedUntil: until, failedLogins: 0 });
    await this.store.audit.append(
      {
        actor: 'vigil',
        action: 'account-locked',
        target: user.username,
        before: null,
        after: `${failures} failed sign-ins; locked until ${until}`,
      },
      at,
    );
    return { outcome: 'locked', until };
  }
}
