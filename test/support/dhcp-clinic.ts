import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, startTcpdump, stopTcpdump } from './tools.js';

/** A device of the recorded clinic: real medical-vendor OUIs, invented serial parts, no patient data. */
export interface ClinicClient {
  mac: string;
  hostname: string;
  vendorClass: string;
}

export const clinicClients: readonly ClinicClient[] = [
  { mac: '00:1a:01:4e:21:07', hostname: 'icu-pump-07', vendorClass: 'ICU Medical Plum 360' },
  { mac: '00:a0:37:31:02:11', hostname: 'icu-monitor-11', vendorClass: 'Mindray BeneVision' },
  { mac: '00:30:e6:90:44:02', hostname: 'or-anesthesia-02', vendorClass: 'Draeger Perseus' },
  { mac: '44:4b:5d:0c:aa:31', hostname: 'rad-us-31', vendorClass: 'GE Healthcare LOGIQ' },
  { mac: '58:42:e4:77:10:05', hostname: 'ward-pump-05', vendorClass: 'Baxter Sigma Spectrum' },
];

export const clinicServerAddress = '10.77.0.1';

/**
 * Records a real DHCP exchange: dnsmasq serves leases on a bridge in one network namespace,
 * and each client, in a namespace of its own with the MAC above, asks busybox udhcpc for a lease
 * with its host name and vendor class, then pings the server (ARP and ICMP). tcpdump on the
 * server's bridge writes everything to `captureFile`. Needs root (network namespaces).
 */
export async function recordDhcpClinic(
  captureFile: string,
  workDirectory: string,
  clients: readonly ClinicClient[] = clinicClients,
): Promise<void> {
  const tag = `${process.pid % 100_000}`;
  const server = `vigil-srv-${tag}`;
  const clientNamespaces = clients.map((_, index) => `vigil-c${index}-${tag}`);
  const netns = (namespace: string, ...args: string[]) => run('ip', ['netns', 'exec', namespace, ...args]);
  const script = join(workDirectory, 'udhcpc.script');
  // Configure only the address: the stock script would rewrite the host's /etc/resolv.conf.
  const shellScript = [
    '#!/bin/sh',
    'case "$1" in bound|renew) ip addr add "$ip/$mask" dev "$interface" ;; esac',
    'exit 0',
    '',
  ];
  writeFileSync(script, shellScript.join('\n'), { mode: 0o755 });
  try {
    run('ip', ['netns', 'add', server]);
    netns(server, 'ip', 'link', 'set', 'lo', 'up');
    netns(server, 'ip', 'link', 'add', 'br0', 'type', 'bridge');
    netns(server, 'ip', 'addr', 'add', `${clinicServerAddress}/24`, 'dev', 'br0');
    netns(server, 'ip', 'link', 'set', 'br0', 'address', '02:00:5e:77:00:01');
    netns(server, 'ip', 'link', 'set', 'br0', 'up');
    clients.forEach((client, index) => {
      const namespace = clientNamespaces[index]!;
      run('ip', ['netns', 'add', namespace]);
      run('ip', [
        'link',
        'add',
        `vc${index}-${tag}`,
        'netns',
        namespace,
        'type',
        'veth',
        'peer',
        'name',
        `vs${index}`,
        'netns',
        server,
      ]);
      netns(namespace, 'ip', 'link', 'set', `vc${index}-${tag}`, 'name', 'eth0');
      netns(namespace, 'ip', 'link', 'set', 'eth0', 'address', client.mac);
      netns(namespace, 'ip', 'link', 'set', 'eth0', 'up');
      netns(server, 'ip', 'link', 'set', `vs${index}`, 'master', 'br0');
      netns(server, 'ip', 'link', 'set', `vs${index}`, 'up');
    });
    const tcpdump = await startTcpdump(['-i', 'br0'], captureFile, server);
    const dnsmasq = spawn(
      'ip',
      [
        'netns',
        'exec',
        server,
        'dnsmasq',
        '--no-daemon',
        '--conf-file=/dev/null',
        '--port=0',
        '--interface=br0',
        '--bind-interfaces',
        '--dhcp-range=10.77.0.50,10.77.0.99,1h',
        `--dhcp-leasefile=${join(workDirectory, 'leases')}`,
        `--pid-file=${join(workDirectory, 'dnsmasq.pid')}`,
        '--dhcp-authoritative',
      ],
      { stdio: 'ignore' },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    try {
      clients.forEach((client, index) => {
        const namespace = clientNamespaces[index]!;
        netns(
          namespace,
          'udhcpc',
          '-i',
          'eth0',
          '-n',
          '-q',
          '-f',
          '-t',
          '5',
          '-T',
          '1',
          '-s',
          script,
          '-x',
          `hostname:${client.hostname}`,
          '-V',
          client.vendorClass,
        );
        netns(namespace, 'busybox', 'ping', '-c', '1', '-W', '2', clinicServerAddress);
      });
    } finally {
      const exited = once(dnsmasq, 'exit');
      dnsmasq.kill();
      await exited;
      await stopTcpdump(tcpdump);
    }
  } finally {
    for (const namespace of [...clientNamespaces, server]) {
      try {
        run('ip', ['netns', 'delete', namespace]);
      } catch {
        // Already gone: nothing to clean.
      }
    }
  }
}
