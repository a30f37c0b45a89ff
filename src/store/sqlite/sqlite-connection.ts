import Database from 'better-sqlite3';
import { type Dialect, SqliteDialect } from 'kysely';

/**
 * The embedded backend: one SQLite file, in WAL mode so readers (the CLI, later the server) do
 * not block an ingest, with foreign keys enforced.
 *
 * @example
 * const dialect = createSqliteDialect('./vigil.db');
 */
export function createSqliteDialect(path: string): Dialect {
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return new SqliteDialect({ database });
}
