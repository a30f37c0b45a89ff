import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { UserRecord } from '../../store/user-repository.js';
import { isRole, roleGrants, roleNeedsSecondFactor } from '../access/permissions.js';
import { publicAccount } from '../auth/accounts.js';
import { hashPassword, passwordProblem } from '../auth/passwords.js';
import { normaliseRecoveryCode, recoveryCodes, secretHash } from '../auth/secret-tokens.js';
import { type SessionStage, sessionCookieName, sessionCookieOptions } from '../auth/sessions.js';
import { acceptedTotpStep, newTotpSecret, totpQrSvg, totpUri } from '../auth/totp.js';
import { HttpError } from '../routing/http-error.js';
import type { ServerContext } from '../server-context.js';

const sessionAnswer = z.object({
  state: z.enum(['anonymous', 'second-factor', 'enrol', 'signed-in']),
  csrfToken: z.string().optional(),
  user: z.record(z.string(), z.unknown()).optional(),
  permissions: z.array(z.string()).optional(),
  /** After this long without the user doing anything, the console signs out (automatic logoff). */
  idleTimeoutMs: z.number().optional(),
});

/**
 * Signing in and out: password, then a TOTP or recovery code (or, for an administrator without
 * one, setting TOTP up), each step under a new session cookie.
 */
export function registerAuthRoutes(context: ServerContext): void {
  const { routes, signIn, sessions, store, now } = context;
  /**
   * Enrolment secrets waiting for their first code, by session; forgotten with the session, and
   * the oldest first beyond a thousand (an enrolment session lives five minutes).
   */
  const pendingSecrets = new Map<string, string>();

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/auth/session',
      access: 'public',
      tag: 'auth',
      summary:
        'Where the caller stands: anonymous, between sign-in steps, or signed in (with the CSRF token and permissions)',
      response: sessionAnswer,
    },
    async ({ principal }) => {
      if (principal === null) return { state: 'anonymous' };
      if (principal.kind === 'token')
        return {
          state: 'signed-in',
          permissions: isRole(principal.role) ? [...roleGrants[principal.role]] : [],
        };
      return {
        state: principal.stage,
        csrfToken: principal.session.csrfToken,
        user: publicAccount(principal.user, now()),
        permissions: isRole(principal.role) ? [...roleGrants[principal.role]] : [],
        idleTimeoutMs: context.config.sessionIdleTimeoutMs,
      };
    },
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/auth/login',
      access: 'public',
      tag: 'auth',
      summary: 'Checks a user name and password; the answer says which step comes next',
      body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
      response: sessionAnswer,
    },
    async ({ request, reply, body }) => {
      limitAttempts(context, request, reply);
      const outcome = await signIn.checkPassword(
        body.username.trim().toLowerCase(),
        body.password,
        request.ip,
        now(),
      );
      if (outcome.outcome === 'locked')
        throw new HttpError(423, `too many failed sign-ins: the account is locked until ${outcome.until}`);
      if (outcome.outcome === 'refused') throw new HttpError(401, 'wrong user name or password');
      const user = outcome.user;
      const stage: SessionStage =
        user.totpSecret !== null ? 'second-factor' : roleNeedsSecondFactor(user.role) ? 'enrol' : 'signed-in';
      await endCurrentSession(request);
      const started = await sessions.start(user, stage, request.ip, now());
      if (stage === 'signed-in') await signIn.recordSuccess(user, request.ip, now());
      reply.setCookie(sessionCookieName, started.cookie, sessionCookieOptions);
      return { state: stage, csrfToken: started.csrfToken, user: publicAccount(user, now()) };
    },
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/auth/second-factor',
      access: 'second-factor',
      tag: 'auth',
      summary: 'Checks the six-digit TOTP code, or a recovery code, and completes the sign-in',
      body: z.object({ code: z.string().min(6).max(32) }),
      response: sessionAnswer,
    },
    async ({ request, reply, body, principal }) => {
      limitAttempts(context, request, reply);
      const session = sessionOf(principal);
      const outcome = await signIn.checkSecondFactor(session.user, body.code, request.ip, now());
      if (outcome.outcome === 'locked') {
        await store.sessions.delete(session.session.idHash);
        throw new HttpError(423, `too many failed sign-ins: the account is locked until ${outcome.until}`);
      }
      if (outcome.outcome === 'refused') throw new HttpError(401, 'wrong code');
      return completeSignIn(context, request, reply, session, outcome.user);
    },
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/auth/enrol',
      access: 'enrol',
      tag: 'auth',
      summary: 'Starts setting up TOTP: a new secret as an otpauth URI and a QR code',
      response: z.object({ uri: z.string(), qrSvg: z.string(), secret: z.string() }),
    },
    async ({ principal }) => {
      const session = sessionOf(principal);
      const secret = newTotpSecret();
      pendingSecrets.set(session.session.idHash, secret);
      if (pendingSecrets.size > 1_000) pendingSecrets.delete(pendingSecrets.keys().next().value!);
      const uri = totpUri(secret, session.user.username);
      return { uri, qrSvg: await totpQrSvg(uri), secret };
    },
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/auth/enrol/confirm',
      access: 'enrol',
      tag: 'auth',
      summary: 'Confirms TOTP with a first code; answers the recovery codes, shown once',
      body: z.object({ code: z.string().regex(/^\d{6}$/, 'six digits') }),
      response: sessionAnswer.extend({ recoveryCodes: z.array(z.string()) }),
    },
    async ({ request, reply, body, principal }) => {
      limitAttempts(context, request, reply);
      const session = sessionOf(principal);
      const secret = pendingSecrets.get(session.session.idHash);
      if (secret === undefined) throw new HttpError(409, 'start the set-up first (POST /api/v1/auth/enrol)');
      const step = acceptedTotpStep(secret, body.code, now(), null);
      if (step === null) throw new HttpError(401, 'wrong code: check the device clock and try the next code');
      pendingSecrets.delete(session.session.idHash);
      const codes = recoveryCodes();
      await store.users.update(session.user.id, {
        totpSecret: secret,
        totpLastStep: step,
        recoveryCodeHashes: codes.map((code) => secretHash(normaliseRecoveryCode(code))),
      });
      await store.audit.append(
        {
          actor: session.user.username,
          action: 'second-factor-enrolled',
          target: session.user.username,
          before: null,
          after: 'totp',
        },
        new Date(now()).toISOString(),
      );
      const answer = await completeSignIn(context, request, reply, session, session.user);
      return { ...answer, recoveryCodes: codes };
    },
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/auth/logout',
      access: 'public',
      tag: 'auth',
      summary: 'Ends the session',
    },
    async ({ request, reply }) => {
      await endCurrentSession(request);
      reply.clearCookie(sessionCookieName, sessionCookieOptions);
      return { ok: true };
    },
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/auth/password',
      access: 'signed-in',
      tag: 'auth',
      summary: 'Changes the signed-in user’s password; other sessions of the user end',
      body: z.object({ current: z.string().min(1).max(256), next: z.string().min(1).max(256) }),
    },
    async ({ request, reply, body, principal }) => {
      limitAttempts(context, request, reply);
      const session = sessionOf(principal);
      const check = await signIn.checkCurrentPassword(session.user, body.current, request.ip, now());
      if (check.outcome === 'locked') {
        // Guessing through a session locks the account and ends the session that guessed.
        await store.sessions.delete(session.session.idHash);
        throw new HttpError(423, `too many failed sign-ins: the account is locked until ${check.until}`);
      }
      if (check.outcome === 'refused') throw new HttpError(401, 'the current password is wrong');
      const problem = passwordProblem(body.next, session.user.username);
      if (problem) throw new HttpError(400, `body.next: ${problem}`, 'body.next');
      await store.users.update(session.user.id, { passwordHash: await hashPassword(body.next) });
      await store.sessions.deleteForUser(session.user.id, session.session.idHash);
      context.streams.closeWhere(
        (owner) => owner.userId === session.user.id && owner.sessionIdHash !== session.session.idHash,
      );
      await store.audit.append(
        {
          actor: session.user.username,
          action: 'password-changed',
          target: session.user.username,
          before: null,
          after: null,
        },
        new Date(now()).toISOString(),
      );
      return { ok: true };
    },
  );

  async function endCurrentSession(request: FastifyRequest): Promise<void> {
    const cookie = request.cookies[sessionCookieName];
    if (cookie) {
      pendingSecrets.delete(secretHash(cookie));
      context.streams.closeSession(secretHash(cookie));
      await sessions.end(cookie);
    }
  }
}

function sessionOf(principal: import('../routing/principal.js').Principal | null) {
  if (principal?.kind !== 'session')
    throw new HttpError(400, 'this step is for a browser session, not an API token');
  return principal;
}

async function completeSignIn(
  context: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  session: ReturnType<typeof sessionOf>,
  user: UserRecord,
) {
  const next = await context.sessions.advance(session.session, user, 'signed-in', request.ip, context.now());
  await context.signIn.recordSuccess(user, request.ip, context.now());
  reply.setCookie(sessionCookieName, next.cookie, sessionCookieOptions);
  return {
    state: 'signed-in' as const,
    csrfToken: next.csrfToken,
    user: publicAccount(user, context.now()),
    permissions: isRole(user.role) ? [...roleGrants[user.role]] : [],
  };
}

function limitAttempts(context: ServerContext, request: FastifyRequest, reply: FastifyReply): void {
  if (context.throttle.allow(request.ip, context.now())) return;
  const seconds = Math.ceil(context.throttle.retryAfterMs(request.ip, context.now()) / 1000);
  reply.header('retry-after', String(seconds));
  throw new HttpError(429, `too many sign-in attempts from this address; try again in ${seconds} s`);
}
