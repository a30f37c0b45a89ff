import type { Kysely } from 'kysely';
import type { ApiTokenTable, VigilDatabase } from './schema.js';

/** An API token as stored: its SHA-256, never the token. */
export interface ApiTokenRecord {
  id: string;
  name: string;
  tokenHash: string;
  role: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Tokens for automation (SIEM pulls, scripts), each acting with one role. */
export class ApiTokenRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  async insert(token: ApiTokenRecord): Promise<void> {
    await this.db.insertInto('api_tokens').values(rowOf(token)).execute();
  }

  async list(): Promise<ApiTokenRecord[]> {
    const rows = await this.db.selectFrom('api_tokens').selectAll().orderBy('created_at').execute();
    return rows.map(recordOf);
  }

  async findByHash(tokenHash: string): Promise<ApiTokenRecord | undefined> {
    const row = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && recordOf(row);
  }

  async markUsed(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  /** Returns whether a live token was revoked. */
  async revoke(id: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

function rowOf(token: ApiTokenRecord): ApiTokenTable {
  return {
    id: token.id,
    name: token.name,
    token_hash: token.tokenHash,
    role: token.role,
    created_by: token.createdBy,
    created_at: token.createdAt,
    expires_at: token.expiresAt,
    last_used_at: token.lastUsedAt,
    revoked_at: token.revokedAt,
  };
}

function recordOf(row: ApiTokenTable): ApiTokenRecord {
  return {
    id: row.id,
    name: row.name,
    tokenHash: row.token_hash,
    role: row.role,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
