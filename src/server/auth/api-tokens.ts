import { randomUUID } from 'node:crypto';
import { apiTokenLifetimes } from '../../config/defaults.js';
import type { ApiTokenRecord } from '../../store/api-token-repository.js';
import type { Store } from '../../store/open-store.js';
import { isRole, roles } from '../access/permissions.js';
import { AccountError } from './accounts.js';
import { randomToken, secretHash } from './secret-tokens.js';

/** Tokens start with this, so a leaked one is recognisable to secret scanners. */
export const apiTokenPrefix = 'vigil_';

/**
 * Creates a token acting with `role`; the token is returned once and stored only as its SHA-256.
 * An administrator token expires after 30 days unless told sooner, and after 90 at the latest.
 *
 * @example
 * const { token } = await createApiToken(store, { name: 'siem', role: 'auditor', createdBy: 'a.keller', expiresAt: null }, Date.now());
 */
export async function createApiToken(
  store: Store,
  request: { name: string; role: string; createdBy: string; expiresAt: string | null },
  atMs: number,
): Promise<{ token: string; record: ApiTokenRecord }> {
  if (!isRole(request.role))
    throw new AccountError('role', `role must be one of ${roles.join(', ')}; got "${request.role}"`);
  if (!/^[\w .@-]{1,64}$/.test(request.name))
    throw new AccountError('name', 'a token name has 1 to 64 letters, digits, spaces, dots, @, _ or -');
  if (request.expiresAt !== null && !(Date.parse(request.expiresAt) > atMs))
    throw new AccountError('expiresAt', 'an expiry must be a date in the future');
  const expiresAt = expiryFor(request.role, request.expiresAt, atMs);
  const token = `${apiTokenPrefix}${randomToken()}`;
  const record: ApiTokenRecord = {
    id: randomUUID(),
    name: request.name,
    tokenHash: secretHash(token),
    role: request.role,
    createdBy: request.createdBy,
    createdAt: new Date(atMs).toISOString(),
    expiresAt,
    lastUsedAt: null,
    revokedAt: null,
  };
  await store.apiTokens.insert(record);
  await store.audit.append(
    {
      actor: request.createdBy,
      action: 'api-token-created',
      target: record.name,
      before: null,
      after: JSON.stringify({ id: record.id, role: record.role, expiresAt: record.expiresAt }),
    },
    record.createdAt,
  );
  return { token, record };
}

function expiryFor(role: string, asked: string | null, atMs: number): string | null {
  if (role !== 'administrator') return asked;
  if (asked === null) return new Date(atMs + apiTokenLifetimes.administratorDefaultMs).toISOString();
  const latest = atMs + apiTokenLifetimes.administratorMaxMs;
  if (Date.parse(asked) > latest)
    throw new AccountError(
      'expiresAt',
      `an administrator token lives at most 90 days: expiry ${asked} is after ${new Date(latest).toISOString()}`,
    );
  return new Date(Date.parse(asked)).toISOString();
}

/** The live token a bearer value stands for, or null (unknown, revoked, expired). */
export async function resolveApiToken(
  store: Store,
  token: string,
  atMs: number,
): Promise<ApiTokenRecord | null> {
  if (!token.startsWith(apiTokenPrefix)) return null;
  const record = await store.apiTokens.findByHash(secretHash(token));
  if (record === undefined || record.revokedAt !== null) return null;
  if (record.expiresAt !== null && Date.parse(record.expiresAt) <= atMs) return null;
  // One write a minute at most: a SIEM polling every second should not write every second.
  if (record.lastUsedAt === null || atMs - Date.parse(record.lastUsedAt) > 60_000)
    await store.apiTokens.markUsed(record.id, new Date(atMs).toISOString());
  return record;
}
