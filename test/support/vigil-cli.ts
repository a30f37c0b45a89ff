import { spawn, spawnSync } from 'node:child_process';

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
        // A simulation's JSON lists every flow: well past spawnSync's 1 MiB default.
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, VIGIL_DB: '' },
      },
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
}

/**
 * As `vigilOn`, without blocking the test's own event loop: for a command that talks to a server
 * the test itself runs (a webhook receiver).
 */
export function vigilOnAsync(database: string) {
  return (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', ...args, '--db', database],
        {
          env: { ...process.env, VIGIL_DB: '' },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
}
