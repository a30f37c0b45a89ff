import { z } from 'zod';
import { type Role, roles } from '../access/permissions.js';
import {
  AccountError,
  changeRole,
  createAccount,
  publicAccount,
  resetSecondFactor,
  setDisabled,
  unlockAccount,
} from '../auth/accounts.js';
import { createApiToken } from '../auth/api-tokens.js';
import { HttpError, notFound } from '../routing/http-error.js';
import type { ServerContext } from '../server-context.js';

const roleSchema = z.enum(roles as [Role, ...Role[]]);

/** Accounts and API tokens, for administrators; every change is in the audit log. */
export function registerUserRoutes(context: ServerContext): void {
  const { routes, store, now } = context;

  routes.add(
    { method: 'GET', url: '/api/v1/users', access: 'users:manage', tag: 'users', summary: 'The accounts' },
    async () => (await store.users.list()).map((user) => publicAccount(user, now())),
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/users',
      access: 'users:manage',
      tag: 'users',
      summary: 'Creates an account; an administrator sets up TOTP at first sign-in',
      body: z.object({
        username: z.string().min(2).max(64),
        password: z.string().min(1).max(256),
        role: roleSchema,
      }),
    },
    async ({ body, principal, reply }) => {
      const { user } = await createAccount(
        store,
        { ...body, createdBy: principal!.name, enrolSecondFactor: false },
        now(),
      ).catch(accountProblem);
      reply.code(201);
      return publicAccount(user, now());
    },
  );

  routes.add(
    {
      method: 'PATCH',
      url: '/api/v1/users/:id',
      access: 'users:manage',
      tag: 'users',
      summary: "Changes an account's role or disables it; its sessions end",
      params: z.object({ id: z.string().uuid() }),
      body: z.object({ role: roleSchema.optional(), disabled: z.boolean().optional() }),
    },
    async ({ params, body, principal }) => {
      const user = await store.users.findById(params.id);
      if (user === undefined) throw notFound(`user ${params.id}`);
      if (principal?.kind === 'session' && principal.user.id === user.id)
        throw new HttpError(409, 'change your own role or account through another administrator');
      if (body.role !== undefined) await changeRole(store, user, body.role, principal!.name, now());
      if (body.disabled !== undefined) await setDisabled(store, user, body.disabled, principal!.name, now());
      // Its sessions ended with the change: so do the event streams they held open.
      context.streams.closeUser(user.id);
      return publicAccount((await store.users.findById(user.id))!, now());
    },
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/users/:id/reset-second-factor',
      access: 'users:manage',
      tag: 'users',
      summary: "Forgets a user's TOTP and recovery codes (a lost authenticator); their sessions end",
      params: z.object({ id: z.string().uuid() }),
    },
    async ({ params, principal }) => {
      const user = await store.users.findById(params.id);
      if (user === undefined) throw notFound(`user ${params.id}`);
      await resetSecondFactor(store, user, principal!.name, now());
      context.streams.closeUser(user.id);
      return publicAccount((await store.users.findById(user.id))!, now());
    },
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/users/:id/unlock',
      access: 'users:manage',
      tag: 'users',
      summary: 'Lifts a lockout before it runs out',
      params: z.object({ id: z.string().uuid() }),
    },
    async ({ params, principal }) => {
      const user = await store.users.findById(params.id);
      if (user === undefined) throw notFound(`user ${params.id}`);
      await unlockAccount(store, user, principal!.name, now());
      context.signIn.forgetFailures(user.username);
      return publicAccount((await store.users.findById(user.id))!, now());
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/tokens',
      access: 'tokens:manage',
      tag: 'users',
      summary: 'The API tokens (never the tokens themselves)',
    },
    async () =>
      (await store.apiTokens.list()).map((token) => ({
        id: token.id,
        name: token.name,
        role: token.role,
        createdBy: token.createdBy,
        createdAt: token.createdAt,
        expiresAt: token.expiresAt,
        lastUsedAt: token.lastUsedAt,
        revokedAt: token.revokedAt,
      })),
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/tokens',
      access: 'tokens:manage',
      tag: 'users',
      summary: 'Creates an API token acting with a role; the token is in this answer only',
      body: z.object({
        name: z.string().min(1).max(64),
        role: roleSchema,
        expiresAt: z.string().datetime().optional(),
      }),
    },
    async ({ body, principal, reply }) => {
      const { token, record } = await createApiToken(
        store,
        { name: body.name, role: body.role, createdBy: principal!.name, expiresAt: body.expiresAt ?? null },
        now(),
      ).catch(accountProblem);
      reply.code(201);
      return { token, id: record.id, name: record.name, role: record.role, expiresAt: record.expiresAt };
    },
  );

  routes.add(
    {
      method: 'DELETE',
      url: '/api/v1/tokens/:id',
      access: 'tokens:manage',
      tag: 'users',
      summary: 'Revokes an API token',
      params: z.object({ id: z.string().uuid() }),
    },
    async ({ params, principal }) => {
      if (!(await store.apiTokens.revoke(params.id, new Date(now()).toISOString())))
        throw notFound(`live token ${params.id}`);
      context.streams.closeToken(params.id);
      await store.audit.append(
        { actor: principal!.name, action: 'api-token-revoked', target: params.id, before: null, after: null },
        new Date(now()).toISOString(),
      );
      return { ok: true };
    },
  );
}

function accountProblem(error: unknown): never {
  if (error instanceof AccountError)
    throw new HttpError(400, `body.${error.field}: ${error.message}`, `body.${error.field}`);
  throw error;
}
