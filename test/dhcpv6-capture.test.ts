import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type { Dhcpv6MessageObservation } from '../src/dissect/dhcpv6/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { observeCapture } from './support/observe-capture.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { canUseNetworkNamespaces, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun = toolsAvailable('tcpdump', 'tshark', 'dnsmasq', 'dhclient') && canUseNetworkNamespaces();
const hostname = 'pump-v6-07';
const messageTypes: Record<string, string> = {
  '1': 'solicit',
  '2': 'advertise',
  '3': 'request',
  '7': 'reply',
};

describe.skipIf(!canRun)('DHCPv6 recorded between ISC dhclient and dnsmasq', () => {
  const directory = temporaryDirectory('vigil-dhcpv6-');
  const capture = join(directory, 'dhcpv6.pcap');
  let hosts: TwoHosts;
  let dnsmasq: ChildProcess | undefined;

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:50:56:66:00:01',
      clientMac: '00:1a:01:66:00:02',
      subnet: '10.98.0',
    });
    hosts.exec(hosts.server.namespace, 'ip', '-6', 'addr', 'add', 'fd00:98::1/64', 'dev', 'eth0', 'nodad');
    dnsmasq = spawn(
      'ip',
      [
        'netns',
        'exec',
        hosts.server.namespace,
        'dnsmasq',
        '--no-daemon',
        '--conf-file=/dev/null',
        '--port=0',
        '--interface=eth0',
        '--bind-interfaces',
        '--dhcp-range=fd00:98::100,fd00:98::1ff,64,1h',
        `--dhcp-leasefile=${join(directory, 'leases')}`,
        `--pid-file=${join(directory, 'dnsmasq.pid')}`,
      ],
      { stdio: 'ignore' },
    );
    // A DHCPv6 client binds to its link-local address, usable once duplicate-address detection ends.
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const tentative = hosts.exec(
        hosts.client.namespace,
        'ip',
        '-6',
        'addr',
        'show',
        'dev',
        'eth0',
        'tentative',
      );
      const linkLocal = hosts.exec(
        hosts.client.namespace,
        'ip',
        '-6',
        'addr',
        'show',
        'dev',
        'eth0',
        'scope',
        'link',
      );
      if (tentative.trim() === '' && linkLocal.includes('fe80::')) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const configuration = join(directory, 'dhclient.conf');
    writeFileSync(configuration, `send fqdn.fqdn "${hostname}";\n`);
    const tcpdump = await startTcpdump(
      ['-i', 'eth0', 'udp', 'port', '546', 'or', 'udp', 'port', '547'],
      capture,
      hosts.server.namespace,
    );
    try {
      hosts.exec(
        hosts.client.namespace,
        'dhclient',
        '-6',
        '-1',
        '-cf',
        configuration,
        '-lf',
        join(directory, 'dhclient.leases'),
        '-pf',
        join(directory, 'dhclient.pid'),
        '-sf',
        '/bin/true',
        'eth0',
      );
    } finally {
      await stopTcpdump(tcpdump);
      hosts.exec(hosts.client.namespace, 'dhclient', '-6', '-x', '-pf', join(directory, 'dhclient.pid'));
    }
  }, 60_000);

  afterAll(() => {
    dnsmasq?.kill();
    hosts?.remove();
  });

  it('reads message type, transaction, DUID, FQDN and leased address as tshark does', async () => {
    const { observations, pipeline } = await observeCapture(capture);
    expect(pipeline.dissectCounters.malformed).toBe(0);
    const messages = observations.filter((o): o is Dhcpv6MessageObservation => o.kind === 'dhcpv6.message');
    const oracle = tsharkFields(
      capture,
      [
        'frame.number',
        'dhcpv6.msgtype',
        'dhcpv6.xid',
        'dhcpv6.client_domain',
        'dhcpv6.tld',
        'dhcpv6.iaaddr.ip',
        'dhcpv6.duidllt.link_layer_addr',
      ],
      'dhcpv6',
    );
    expect(oracle.map(([, type]) => messageTypes[type!])).toEqual([
      'solicit',
      'advertise',
      'request',
      'reply',
    ]);
    expect(
      messages.map((m) => [
        m.evidence.packetNumber,
        m.messageType,
        m.transactionId,
        m.fqdn,
        m.addresses[0],
        m.duidLinkLayerAddress,
      ]),
    ).toEqual(
      // tshark files a one-label name (what dhclient sends) under dhcpv6.tld, longer ones under client_domain.
      oracle.map(([frame, type, xid, fqdn, tld, address, duidMac]) => [
        Number(frame),
        messageTypes[type!],
        Number(xid),
        fqdn || tld?.replace(/\.$/, '') || undefined,
        address || undefined,
        duidMac,
      ]),
    );
  });

  it('gives the client its lease, name and DUID', async () => {
    const store = await temporarySqliteStore();
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const client = (await store.devices.find(hosts.client.mac))!;
      expect(client.protocols).toContain('dhcpv6');
      expect(client.hostnames).toContain(hostname);
      const [leased] = tsharkFields(capture, ['dhcpv6.iaaddr.ip'], 'dhcpv6.msgtype == 7')[0]!;
      expect(client.ips).toContain(leased);
      expect(client.attributes.some((attribute) => attribute.name === 'dhcpv6.duid')).toBe(true);
    } finally {
      await store.close();
    }
  });
});
