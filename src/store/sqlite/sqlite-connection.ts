import Database from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver, SqliteDialect } from 'kysely';

/**
 * The embedded backend: one SQLite file, in WAL mode so readers (the CLI, the server) do not
 * block an ingest, with foreign keys enforced. Transactions begin IMMEDIATE: a transaction that
 * reads and then writes (a merge judges what is new before it writes) would otherwise fail at
 * once with "database is locked" when another process (a server following commits, a sensor)
 * wrote in between, since a deferred reader cannot become a writer on a stale snapshot; begun
 * immediate, it waits for the write lock up to the busy timeout instead.
 *
 * @example
 * const dialect = createSqliteDialect('./vigil.db');
 */
export function createSqliteDialect(path: string): Dialect {
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return new ImmediateTransactionsDialect({ database });
}

class ImmediateTransactionsDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}
