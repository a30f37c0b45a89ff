import { type Dialect, PostgresDialect } from 'kysely';
import pg from 'pg';

const int8Oid = 20;

/**
 * The scale-out backend. Counters are `bigint` columns; pg returns those as strings by default,
 * and every value Vigil stores fits a double exactly, so they are parsed as numbers here, once.
 *
 * @example
 * const dialect = createPostgresDialect('postgres://vigil@db.example/vigil');
 */
export function createPostgresDialect(url: string): Dialect {
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === int8Oid ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  return new PostgresDialect({ pool });
}
