import { run } from './tools.js';

export interface TwoHosts {
  server: { namespace: string; ip: string; mac: string };
  client: { namespace: string; ip: string; mac: string };
  /** Runs a command inside a namespace and returns its output. */
  exec(namespace: string, command: string, ...args: string[]): string;
  remove(): void;
}

/**
 * Two hosts on one Ethernet segment: network namespaces joined by a veth pair, with private
 * addresses and fixed MACs, so a test can record real traffic between real programs. Needs root.
 */
export function createTwoHosts(options: { serverMac: string; clientMac: string; subnet?: string }): TwoHosts {
  const tag = `${process.pid % 100_000}${Math.floor(Math.random() * 100)}`;
  const subnet = options.subnet ?? '10.88.0';
  const server = { namespace: `vigil-s-${tag}`, ip: `${subnet}.1`, mac: options.serverMac };
  const client = { namespace: `vigil-c-${tag}`, ip: `${subnet}.2`, mac: options.clientMac };
  const exec = (namespace: string, command: string, ...args: string[]) =>
    run('ip', ['netns', 'exec', namespace, command, ...args]);
  run('ip', ['netns', 'add', server.namespace]);
  run('ip', ['netns', 'add', client.namespace]);
  run('ip', [
    'link',
    'add',
    `vs-${tag}`,
    'netns',
    server.namespace,
    'type',
    'veth',
    'peer',
    'name',
    `vc-${tag}`,
    'netns',
    client.namespace,
  ]);
  for (const [host, link] of [
    [server, `vs-${tag}`],
    [client, `vc-${tag}`],
  ] as const) {
    exec(host.namespace, 'ip', 'link', 'set', link, 'name', 'eth0');
    exec(host.namespace, 'ip', 'link', 'set', 'eth0', 'address', host.mac);
    exec(host.namespace, 'ip', 'addr', 'add', `${host.ip}/24`, 'dev', 'eth0');
    exec(host.namespace, 'ip', 'link', 'set', 'eth0', 'up');
    exec(host.namespace, 'ip', 'link', 'set', 'lo', 'up');
  }
  return {
    server,
    client,
    exec,
    remove() {
      for (const namespace of [server.namespace, client.namespace]) {
        try {
          run('ip', ['netns', 'delete', namespace]);
        } catch {
          // Already gone.
        }
      }
    },
  };
}
