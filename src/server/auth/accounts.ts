import { randomUUID } from 'node:crypto';
import type { Store } from '../../store/open-store.js';
import type { UserRecord } from '../../store/user-repository.js';
import { isRole, type Role, roleLabels, roleNeedsSecondFactor, roles } from '../access/permissions.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { normaliseRecoveryCode, recoveryCodes, secretHash } from './secret-tokens.js';
import { newTotpSecret, totpUri } from './totp.js';

/** A request to create an account, as the CLI or an administrator gives it. */
export interface NewAccount {
  username: string;
  password: string;
  role: string;
  /** Who creates it: `bootstrap` for the first administrator from the command line. */
  createdBy: string;
  /** Set up TOTP now and return its secret (the first administrator has no browser yet). */
  enrolSecondFactor: boolean;
}

/** The created account, and the secrets shown once: TOTP provisioning and recovery codes. */
export interface CreatedAccount {
  user: UserRecord;
  totp: { secret: string; uri: string; recoveryCodes: string[] } | null;
}

/** A refusal with the field it concerns, for a 400 or a CLI message. */
export class AccountError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const usernamePattern = /^[a-z0-9][a-z0-9._@-]{1,63}$/;

/** A user name's problem, or null: lower-case letters, digits and `. _ @ -`, 2 to 64 characters. */
export function usernameProblem(username: string): string | null {
  return usernamePattern.test(username)
    ? null
    : 'a user name has 2 to 64 lower-case letters, digits, dots, underscores, @ or dashes';
}

/**
 * Creates an account with an argon2id password hash and records it in the audit log. No account
 * exists until someone creates one: there is no default password.
 *
 * @example
 * const { user, totp } = await createAccount(store, { username: 'a.keller', password, role: 'administrator', createdBy: 'bootstrap', enrolSecondFactor: true });
 */
export async function createAccount(
  store: Store,
  account: NewAccount,
  atMs: number,
): Promise<CreatedAccount> {
  const usernameIssue = usernameProblem(account.username);
  if (usernameIssue) throw new AccountError('username', usernameIssue);
  if (!isRole(account.role))
    throw new AccountError('role', `role must be one of ${roles.join(', ')}; got "${account.role}"`);
  const passwordIssue = passwordProblem(account.password, account.username);
  if (passwordIssue) throw new AccountError('password', passwordIssue);
  if (await store.users.findByUsername(account.username))
    throw new AccountError('username', `a user named "${account.username}" exists`);
  const secret = account.enrolSecondFactor ? newTotpSecret() : null;
  const codes = secret ? recoveryCodes() : [];
  const user: UserRecord = {
    id: randomUUID(),
    username: account.username,
    passwordHash: await hashPassword(account.password),
    role: account.role,
    totpSecret: secret,
    totpLastStep: null,
    recoveryCodeHashes: codes.map((code) => secretHash(normaliseRecoveryCode(code))),
    failedLogins: 0,
    lockedUntil: null,
    isDisabled: false,
    createdAt: new Date(atMs).toISOString(),
    createdBy: account.createdBy,
  };
  await store.users.insert(user);
  await store.audit.append(
    {
      actor: account.createdBy,
      action: 'user-created',
      target: user.username,
      before: null,
      after: JSON.stringify({ role: user.role, secondFactor: secret !== null }),
    },
    user.createdAt,
  );
  return {
    user,
    totp: secret ? { secret, uri: totpUri(secret, user.username), recoveryCodes: codes } : null,
  };
}

/** Changes a role, ends the user's sessions so the new role applies at once, and records it. */
export async function changeRole(
  store: Store,
  user: UserRecord,
  role: Role,
  actor: string,
  atMs: number,
): Promise<void> {
  if (user.role === role) return;
  await store.users.update(user.id, { role });
  await store.sessions.deleteForUser(user.id);
  await store.audit.append(
    { actor, action: 'user-role-changed', target: user.username, before: user.role, after: role },
    new Date(atMs).toISOString(),
  );
}

/** Disables or enables an account; disabling ends its sessions. */
export async function setDisabled(
  store: Store,
  user: UserRecord,
  isDisabled: boolean,
  actor: string,
  atMs: number,
): Promise<void> {
  if (user.isDisabled === isDisabled) return;
  await store.users.update(user.id, { isDisabled });
  if (isDisabled) await store.sessions.deleteForUser(user.id);
  await store.audit.append(
    {
      actor,
      action: isDisabled ? 'user-disabled' : 'user-enabled',
      target: user.username,
      before: null,
      after: null,
    },
    new Date(atMs).toISOString(),
  );
}

/**
 * Forgets a user's TOTP secret and recovery codes (the authenticator was lost) and ends their
 * sessions: an administrator sets TOTP up again at the next sign-in; others may.
 */
export async function resetSecondFactor(
  store: Store,
  user: UserRecord,
  actor: string,
  atMs: number,
): Promise<void> {
  await store.users.update(user.id, { totpSecret: null, totpLastStep: null, recoveryCodeHashes: [] });
  await store.sessions.deleteForUser(user.id);
  await store.audit.append(
    { actor, action: 'second-factor-reset', target: user.username, before: 'totp', after: null },
    new Date(atMs).toISOString(),
  );
}

/** Lifts a lockout before it runs out. */
export async function unlockAccount(
  store: Store,
  user: UserRecord,
  actor: string,
  atMs: number,
): Promise<void> {
  await store.users.update(user.id, { failedLogins: 0, lockedUntil: null });
  await store.audit.append(
    { actor, action: 'user-unlocked', target: user.username, before: user.lockedUntil, after: null },
    new Date(atMs).toISOString(),
  );
}

/** What the console shows of an account: never a hash or a secret. */
export function publicAccount(user: UserRecord, atMs: number) {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    roleLabel: isRole(user.role) ? roleLabels[user.role] : user.role,
    secondFactor: user.totpSecret !== null,
    secondFactorRequired: roleNeedsSecondFactor(user.role),
    locked: user.lockedUntil !== null && Date.parse(user.lockedUntil) > atMs,
    disabled: user.isDisabled,
    createdAt: user.createdAt,
    createdBy: user.createdBy,
  };
}
