import { type ChildProcess, spawn } from 'node:child_process';
import { run } from './tools.js';

export interface SegmentHost {
  namespace: string;
  ip: string;
  mac: string;
}

/** Hosts on one switched Ethernet segment, and a way to run programs on them. */
export interface Segment<Name extends string> {
  hosts: Record<Name, SegmentHost>;
  /** The namespace holding the bridge: tcpdump on `br0` there sees every frame. */
  switchNamespace: string;
  exec(host: Name, command: string, ...args: string[]): string;
  /** Starts a long-running program on a host; the test kills it. */
  start(host: Name, command: string, ...args: string[]): ChildProcess;
  remove(): void;
}

/**
 * A switch (a Linux bridge in a namespace of its own) with one namespace per host plugged into
 * it, each with a fixed MAC and an address in `subnet`.0/24: real programs on each host, every
 * frame seen on the bridge, as a SPAN port shows them. Needs root.
 *
 * @example
 * const lan = createSegment('10.66.0', { attacker: { mac: '02:66:00:00:00:66', host: 66 }, pump: { mac: '00:1a:01:00:00:21', host: 21 } });
 * lan.exec('attacker', 'nmap', '-sS', lan.hosts.pump.ip);
 */
export function createSegment<Name extends string>(
  subnet: string,
  plan: Record<Name, { mac: string; host: number }>,
): Segment<Name> {
  const tag = `${process.pid % 100_000}${Math.floor(Math.random() * 100)}`;
  const switchNamespace = `vigil-sw-${tag}`;
  const names = Object.keys(plan) as Name[];
  const hosts = {} as Record<Name, SegmentHost>;
  const inNamespace = (namespace: string, command: string, ...args: string[]) =>
    run('ip', ['netns', 'exec', namespace, command, ...args]);
  const started: ChildProcess[] = [];
  run('ip', ['netns', 'add', switchNamespace]);
  inNamespace(switchNamespace, 'ip', 'link', 'add', 'br0', 'type', 'bridge');
  // Forward at once: a bridge's learning delays would drop the first frames of a short test.
  inNamespace(switchNamespace, 'ip', 'link', 'set', 'br0', 'type', 'bridge', 'forward_delay', '0');
  inNamespace(switchNamespace, 'ip', 'link', 'set', 'br0', 'up');
  names.forEach((name, index) => {
    const { mac, host } = plan[name];
    const namespace = `vigil-h${index}-${tag}`;
    hosts[name] = { namespace, ip: `${subnet}.${host}`, mac };
    run('ip', ['netns', 'add', namespace]);
    run('ip', [
      'link',
      'add',
      `p${index}-${tag}`,
      'netns',
      switchNamespace,
      'type',
      'veth',
      'peer',
      'name',
      'eth0',
      'netns',
      namespace,
    ]);
    inNamespace(switchNamespace, 'ip', 'link', 'set', `p${index}-${tag}`, 'master', 'br0');
    inNamespace(switchNamespace, 'ip', 'link', 'set', `p${index}-${tag}`, 'up');
    inNamespace(namespace, 'ip', 'link', 'set', 'eth0', 'address', mac);
    inNamespace(namespace, 'ip', 'addr', 'add', `${subnet}.${host}/24`, 'dev', 'eth0');
    inNamespace(namespace, 'ip', 'link', 'set', 'eth0', 'up');
    inNamespace(namespace, 'ip', 'link', 'set', 'lo', 'up');
  });
  return {
    hosts,
    switchNamespace,
    exec: (host, command, ...args) => inNamespace(hosts[host].namespace, command, ...args),
    start(host, command, ...args) {
      const child = spawn('ip', ['netns', 'exec', hosts[host].namespace, command, ...args], {
        stdio: 'ignore',
      });
      started.push(child);
      return child;
    },
    remove() {
      for (const child of started) child.kill('SIGKILL');
      for (const namespace of [...names.map((name) => hosts[name].namespace), switchNamespace]) {
        try {
          run('ip', ['netns', 'delete', namespace]);
        } catch {
          // Already gone.
        }
      }
    },
  };
}
