import type { Kysely } from 'kysely';
import type { SessionTable, VigilDatabase } from './schema.js';

/** A browser session as stored: by the SHA-256 of its cookie value, never the value itself. */
export interface SessionRecord {
  idHash: string;
  userId: string;
  stage: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  address: string;
}

/**
 * Browser sessions. Expiry is decided by the server (idle and absolute timeouts); this only
 * stores, touches and deletes.
 */
export class SessionRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  async insert(session: SessionRecord): Promise<void> {
    await this.db.insertInto('sessions').values(rowOf(session)).execute();
  }

  async find(idHash: string): Promise<SessionRecord | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('id_hash', '=', idHash)
      .executeTakeFirst();
    return row && recordOf(row);
  }

  async touch(idHash: string, lastSeenAt: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ last_seen_at: lastSeenAt })
      .where('id_hash', '=', idHash)
      .execute();
  }

  async setStage(idHash: string, stage: string): Promise<void> {
    await this.db.updateTable('sessions').set({ stage }).where('id_hash', '=', idHash).execute();
  }

  async delete(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  /** Ends every session of a user (but `exceptIdHash`): after a role change, a password change or disabling. */
  async deleteForUser(userId: string, exceptIdHash = ''): Promise<void> {
    await this.db
      .deleteFrom('sessions')
      .where('user_id', '=', userId)
      .where('id_hash', '!=', exceptIdHash)
      .execute();
  }

  /** Removes sessions idle since `idleBefore` or created before `createdBefore`. */
  async deleteExpired(idleBefore: string, createdBefore: string): Promise<void> {
    await this.db
      .deleteFrom('sessions')
      .where((expression) =>
        expression.or([
          expression('last_seen_at', '<', idleBefore),
          expression('created_at', '<', createdBefore),
        ]),
      )
      .execute();
  }
}

function rowOf(session: SessionRecord): SessionTable {
  return {
    id_hash: session.idHash,
    user_id: session.userId,
    stage: session.stage,
    csrf_token: session.csrfToken,
    created_at: session.createdAt,
    last_seen_at: session.lastSeenAt,
    address: session.address,
  };
}

function recordOf(row: SessionTable): SessionRecord {
  return {
    idHash: row.id_hash,
    userId: row.user_id,
    stage: row.stage,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    address: row.address,
  };
}
