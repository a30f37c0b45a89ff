import { spawnSync } from 'node:child_process';

/**
 * Runs the `vigil` command from source against one store, as a user would (`--db` appended,
 * `VIGIL_DB` cleared), and returns its exit status and output.
 *
 * @example
 * const vigil = vigilOn(join(directory, 'vigil.db'));
 * expect(vigil('ingest', capture).status).toBe(0);
 */
export function vigilOn(database: string) {
  return (...args: string[]) => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args, '--db', database],
      {
        encoding: 'utf8',
        env: { ...process.env, VIGIL_DB: '' },
      },
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
}
