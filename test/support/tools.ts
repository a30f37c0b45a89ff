import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

/** True when `command` is on the PATH. */
export function hasTool(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether tests needing these tools can run here. On a developer's laptop a missing tool skips
 * the test; under CI=true it is a failure, because CI installs every tool the tests need.
 */
export function toolsAvailable(...commands: string[]): boolean {
  const missing = commands.filter((command) => !hasTool(command));
  if (missing.length === 0) return true;
  if (process.env.CI === 'true') throw new Error(`CI is missing required tools: ${missing.join(', ')}`);
  return false;
}

/** True when this process may create network namespaces (root with CAP_SYS_ADMIN). */
export function canUseNetworkNamespaces(): boolean {
  if (!hasTool('ip')) return false;
  const name = `vigil-probe-${process.pid}`;
  try {
    execFileSync('ip', ['netns', 'add', name], { stdio: 'ignore' });
    execFileSync('ip', ['netns', 'delete', name], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('CI cannot create network namespaces (needs root)');
    return false;
  }
}

export function run(command: string, args: readonly string[], options: { input?: string } = {}): string {
  // Capture stderr too: it appears in the error when the command fails, and not in the test log otherwise.
  return execFileSync(command, args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: 'pipe',
    ...options,
  });
}

/** Starts tcpdump writing `file` and resolves once it is listening. */
export async function startTcpdump(
  args: readonly string[],
  file: string,
  netns?: string,
): Promise<ChildProcess> {
  const command = netns ? 'ip' : 'tcpdump';
  const fullArgs = [
    ...(netns ? ['netns', 'exec', netns, 'tcpdump'] : []),
    '-U',
    '--immediate-mode',
    // A 16 MiB kernel buffer: with the default 2 MiB a loaded machine (CI runs test files side by
    // side) can drop packets of a burst before tcpdump reads them, and an attack then looks smaller.
    '-B',
    '16384',
    '-n',
    '-w',
    file,
    ...args,
  ];
  const child = spawn(command, fullArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tcpdump did not start: ${stderr}`)), 10_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tcpdump exited with ${code}: ${stderr}`));
    });
  });
  return child;
}

/** Stops tcpdump with SIGINT (which flushes its buffer) and waits for it to exit. */
export async function stopTcpdump(child: ChildProcess): Promise<void> {
  // Give the kernel a moment to deliver the last packets to the capture socket.
  await new Promise((resolve) => setTimeout(resolve, 300));
  let summary = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    summary += chunk.toString();
  });
  const exited = once(child, 'exit');
  child.kill('SIGINT');
  await exited;
  // Said in the test's output, so a failure downstream of a lossy recording explains itself.
  const dropped = /(\d+) packets? dropped by kernel/.exec(summary);
  if (dropped !== null && Number(dropped[1]) > 0) console.warn(`tcpdump: ${dropped[0]}`);
}

/** Debian's Python packages install for the system interpreter, not whichever python3 is first on the PATH. */
export const systemPython = '/usr/bin/python3';

/**
 * Whether the system Python can import `module` (from Debian's `debianPackage`). Missing on a
 * developer's laptop it skips the test; under CI=true it is a failure, as for any tool.
 */
export function systemPythonHas(module: string, debianPackage: string): boolean {
  const isThere =
    hasTool(systemPython) &&
    spawnSync(systemPython, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
  if (!isThere && process.env.CI === 'true') throw new Error(`CI is missing ${debianPackage}`);
  return isThere;
}

/** Makes a self-signed RSA certificate and key with openssl in `directory`; returns their paths. */
export function selfSignedCertificate(
  directory: string,
  subject: string,
): { key: string; certificate: string } {
  const key = join(directory, 'key.pem');
  const certificate = join(directory, 'cert.pem');
  run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    certificate,
    '-days',
    '30',
    '-subj',
    subject,
  ]);
  return { key, certificate };
}
