import { type ChildProcess, spawn } from 'node:child_process';
import { run } from './tools.js';

export interface RoutedHost {
  namespace: string;
  ip: string;
  /** The host's subnet, `10.72.1.0/24`. */
  subnet: string;
}

/** Hosts each on a subnet of its own, joined by a router namespace that forwards between them. */
export interface RoutedNetwork<Name extends string> {
  hosts: Record<Name, RoutedHost>;
  router: string;
  exec(host: Name, command: string, ...args: string[]): string;
  inRouter(command: string, ...args: string[]): string;
  start(host: Name, command: string, ...args: string[]): ChildProcess;
  remove(): void;
}

/**
 * A router (a namespace forwarding IPv4) with one point-to-point link per host: host `name` is
 * `prefix.N.2/24` behind the router's `prefix.N.1`, so every packet between hosts crosses the
 * router's forward hook, where a firewall loaded into the router namespace decides it. Needs root.
 *
 * @example
 * const network = createRoutedNetwork('10.72', { modality: 1, pacs: 2, guest: 9 });
 * network.inRouter('nft', '-f', 'policy.nft');
 */
export function createRoutedNetwork<Name extends string>(
  prefix: string,
  plan: Record<Name, number>,
): RoutedNetwork<Name> {
  const tag = `${process.pid % 100_000}${Math.floor(Math.random() * 100)}`;
  const router = `vigil-rt-${tag}`;
  const names = Object.keys(plan) as Name[];
  const hosts = {} as Record<Name, RoutedHost>;
  const inNamespace = (namespace: string, command: string, ...args: string[]) =>
    run('ip', ['netns', 'exec', namespace, command, ...args]);
  const started: ChildProcess[] = [];
  run('ip', ['netns', 'add', router]);
  inNamespace(router, 'ip', 'link', 'set', 'lo', 'up');
  inNamespace(router, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1');
  names.forEach((name, index) => {
    const network = plan[name];
    const namespace = `vigil-r${index}-${tag}`;
    hosts[name] = { namespace, ip: `${prefix}.${network}.2`, subnet: `${prefix}.${network}.0/24` };
    run('ip', ['netns', 'add', namespace]);
    run('ip', [
      'link',
      'add',
      `r${index}-${tag}`,
      'netns',
      router,
      'type',
      'veth',
      'peer',
      'name',
      'eth0',
      'netns',
      namespace,
    ]);
    inNamespace(router, 'ip', 'addr', 'add', `${prefix}.${network}.1/24`, 'dev', `r${index}-${tag}`);
    inNamespace(router, 'ip', 'link', 'set', `r${index}-${tag}`, 'up');
    inNamespace(namespace, 'ip', 'addr', 'add', `${prefix}.${network}.2/24`, 'dev', 'eth0');
    inNamespace(namespace, 'ip', 'link', 'set', 'eth0', 'up');
    inNamespace(namespace, 'ip', 'link', 'set', 'lo', 'up');
    inNamespace(namespace, 'ip', 'route', 'add', 'default', 'via', `${prefix}.${network}.1`);
  });
  return {
    hosts,
    router,
    exec: (host, command, ...args) => inNamespace(hosts[host].namespace, command, ...args),
    inRouter: (command, ...args) => inNamespace(router, command, ...args),
    start(host, command, ...args) {
      const child = spawn('ip', ['netns', 'exec', hosts[host].namespace, command, ...args], {
        stdio: 'ignore',
      });
      started.push(child);
      return child;
    },
    remove() {
      for (const child of started) child.kill('SIGKILL');
      for (const namespace of [...names.map((name) => hosts[name].namespace), router]) {
        try {
          run('ip', ['netns', 'delete', namespace]);
        } catch {
          // Already gone.
        }
      }
    },
  };
}
