import type { FastifyRequest } from 'fastify';
import type { Store } from '../../store/open-store.js';
import type { SessionRecord } from '../../store/session-repository.js';
import type { UserRecord } from '../../store/user-repository.js';
import { resolveApiToken } from '../auth/api-tokens.js';
import { type SessionStage, type Sessions, sessionCookieName } from '../auth/sessions.js';

/** Who is calling: a signed-in (or signing-in) user by session cookie, or an API token. */
export type Principal =
  | {
      kind: 'session';
      name: string;
      role: string;
      stage: SessionStage;
      user: UserRecord;
      session: SessionRecord;
    }
  | { kind: 'token'; name: string; role: string; tokenId: string };

export type Authentication =
  | { state: 'anonymous' }
  | { state: 'expired'; reason: string }
  | { state: 'authenticated'; principal: Principal };

/**
 * Reads the caller from `Authorization: Bearer …` or the session cookie. A bearer header that
 * does not hold a live token is refused outright rather than falling back to the cookie.
 */
export async function authenticate(
  request: FastifyRequest,
  store: Store,
  sessions: Sessions,
  atMs: number,
): Promise<Authentication> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const token = bearer === undefined ? null : await resolveApiToken(store, bearer, atMs);
    if (token === null) return { state: 'expired', reason: 'the API token is not valid' };
    return {
      state: 'authenticated',
      principal: { kind: 'token', name: `token:${token.name}`, role: token.role, tokenId: token.id },
    };
  }
  const cookie = request.cookies[sessionCookieName];
  if (cookie === undefined || cookie === '') return { state: 'anonymous' };
  const resolved = await sessions.resolve(cookie, atMs, { touch: !isBackgroundRequest(request) });
  if (resolved.state === 'expired')
    return {
      state: 'expired',
      reason:
        resolved.reason === 'unknown'
          ? 'the session has ended'
          : `the session timed out (${resolved.reason})`,
    };
  return {
    state: 'authenticated',
    principal: {
      kind: 'session',
      name: resolved.user.username,
      role: resolved.user.role,
      stage: resolved.session.stage as SessionStage,
      user: resolved.user,
      session: resolved.session,
    },
  };
}

/**
 * A request the console makes on its own (reloading after a server event, the event stream),
 * marked `X-Vigil-Background: 1`: it does not count as the user's activity.
 */
export function isBackgroundRequest(request: FastifyRequest): boolean {
  return request.headers['x-vigil-background'] === '1' || request.url.startsWith('/api/v1/events');
}
