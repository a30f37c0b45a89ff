import { type ChildProcess, spawn } from 'node:child_process';
import type { TwoHosts } from './two-hosts.js';

/** Starts a long-running server program inside a namespace; its output is discarded. */
export function startInNamespace(namespace: string, command: string, ...args: string[]): ChildProcess {
  return spawn('ip', ['netns', 'exec', namespace, command, ...args], { stdio: 'ignore' });
}

/**
 * Stops daemons started for a test. SIGKILL, because some (nmbd, xrdp) outlive SIGTERM while they
 * wait on their sockets, and nothing of theirs needs a clean shutdown.
 */
export function stopDaemons(daemons: readonly ChildProcess[]): void {
  for (const daemon of daemons) daemon.kill('SIGKILL');
}

/** Resolves once something in the server namespace listens on `port` (TCP, or UDP when asked). */
export async function waitForListener(hosts: TwoHosts, port: number, protocol: 'tcp' | 'udp' = 'tcp') {
  const flag = protocol === 'tcp' ? '-ltn' : '-lun';
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (hosts.exec(hosts.server.namespace, 'ss', flag, `sport = :${port}`).includes(`:${port}`)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listens on ${protocol} port ${port} in ${hosts.server.namespace}`);
}
