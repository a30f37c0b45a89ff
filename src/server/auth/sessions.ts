import type { ServerConfig } from '../../config/defaults.js';
import type { Store } from '../../store/open-store.js';
import type { SessionRecord } from '../../store/session-repository.js';
import type { UserRecord } from '../../store/user-repository.js';
import { randomToken, secretHash } from './secret-tokens.js';

/** The session cookie: HttpOnly (no script reads it), Secure, SameSite=Strict, path `/`. */
export const sessionCookieName = 'vigil_session';

export const sessionCookieOptions = {
  httpOnly: true,
  secure: true,
  sameSite: 'strict',
  path: '/',
} as const;

/** `second-factor`: password checked, code awaited; `enrol`: an administrator must set up TOTP first. */
export type SessionStage = 'second-factor' | 'enrol' | 'signed-in';

export type ResolvedSession =
  | { state: 'live'; session: SessionRecord; user: UserRecord }
  | { state: 'expired'; reason: 'idle' | 'absolute' | 'unknown' };

/** Writes of `last_seen_at` closer together than this are skipped: one per request would be a write per click. */
const touchEveryMs = 10_000;

/**
 * Browser sessions with idle and absolute timeouts. The cookie holds 256 random bits; the store
 * holds only their SHA-256, so a copy of the database does not hand out live sessions.
 */
export class Sessions {
  constructor(
    private readonly store: Store,
    private readonly config: Readonly<ServerConfig>,
  ) {}

  async start(
    user: UserRecord,
    stage: SessionStage,
    address: string,
    atMs: number,
  ): Promise<{ cookie: string; csrfToken: string }> {
    const cookie = randomToken();
    const csrfToken = randomToken();
    const at = new Date(atMs).toISOString();
    await this.store.sessions.insert({
      idHash: secretHash(cookie),
      userId: user.id,
      stage,
      csrfToken,
      createdAt: at,
      lastSeenAt: at,
      address,
    });
    return { cookie, csrfToken };
  }

  /**
   * The live session of a cookie, touched unless `touch` is false; an expired one is deleted and says why. A session
   * between the sign-in steps lives only `secondFactorTimeoutMs`.
   */
  async resolve(cookie: string, atMs: number, options: { touch?: boolean } = {}): Promise<ResolvedSession> {
    const idHash = secretHash(cookie);
    const session = await this.store.sessions.find(idHash);
    if (session === undefined) return { state: 'expired', reason: 'unknown' };
    const user = await this.store.users.findById(session.userId);
    if (user === undefined || user.isDisabled) {
      await this.store.sessions.delete(idHash);
      return { state: 'expired', reason: 'unknown' };
    }
    const createdMs = Date.parse(session.createdAt);
    const lastSeenMs = Date.parse(session.lastSeenAt);
    const lifetimeMs =
      session.stage === 'signed-in'
        ? this.config.sessionAbsoluteTimeoutMs
        : this.config.secondFactorTimeoutMs;
    if (atMs - createdMs > lifetimeMs) {
      await this.store.sessions.delete(idHash);
      return { state: 'expired', reason: 'absolute' };
    }
    if (atMs - lastSeenMs > this.config.sessionIdleTimeoutMs) {
      await this.store.sessions.delete(idHash);
      return { state: 'expired', reason: 'idle' };
    }
    // Only what the user does counts as activity: a console reloading in the background after a
    // server event, or an open event stream, must not keep an unattended session alive.
    if (options.touch !== false && atMs - lastSeenMs >= touchEveryMs)
      await this.store.sessions.touch(idHash, new Date(atMs).toISOString());
    return { state: 'live', session, user };
  }

  /**
   * Moves a session to its next stage under a new cookie and CSRF token, so a cookie planted
   * before sign-in is worth nothing after it (session fixation).
   */
  async advance(
    session: SessionRecord,
    user: UserRecord,
    stage: SessionStage,
    address: string,
    atMs: number,
  ): Promise<{ cookie: string; csrfToken: string }> {
    await this.store.sessions.delete(session.idHash);
    return this.start(user, stage, address, atMs);
  }

  async end(cookie: string): Promise<void> {
    await this.store.sessions.delete(secretHash(cookie));
  }

  /** Deletes the sessions past their timeouts (run now and then, so the table does not grow). */
  async sweep(atMs: number): Promise<void> {
    await this.store.sessions.deleteExpired(
      new Date(atMs - this.config.sessionIdleTimeoutMs).toISOString(),
      new Date(atMs - this.config.sessionAbsoluteTimeoutMs).toISOString(),
    );
  }
}
