import pg from 'pg';

/** The PostgreSQL server benches use: VIGIL_BENCH_POSTGRES_URL, or this machine's own. */
export const benchPostgresUrl =
  process.env.VIGIL_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A database of its own on the bench server, created empty (its URL) and dropped by `drop`; null
 * when the server does not answer, so a bench on a laptop without one runs its SQLite half.
 */
export async function scratchPostgres(
  label: string,
): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const name = `vigil_bench_${label}_${process.pid}`;
  const admin = new pg.Client({ connectionString: benchPostgresUrl, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch (error) {
    console.log(`PostgreSQL at ${benchPostgresUrl} does not answer (${(error as Error).message}): skipped`);
    return null;
  }
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(benchPostgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: benchPostgresUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name}`);
      await cleanup.end();
    },
  };
}
