import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type { DnsMessageObservation } from '../src/dissect/dns/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { startInNamespace, stopDaemons } from './support/daemons.js';
import { observeCapture } from './support/observe-capture.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { canUseNetworkNamespaces, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun =
  toolsAvailable('tcpdump', 'tshark', 'avahi-daemon', 'llmnrd', 'llmnr-query') && canUseNetworkNamespaces();
const allOccurrences = ['-E', 'occurrence=a', '-E', 'aggregator=,'];

/**
 * Avahi announcing a gateway's host name and workstation service over multicast DNS (DNS-SD),
 * and llmnrd answering llmnr-query for a console's name over LLMNR, as Windows-era and Linux
 * devices name themselves on clinical networks without a DNS server.
 */
describe.skipIf(!canRun)('mDNS/DNS-SD from avahi-daemon and LLMNR between llmnrd and llmnr-query', () => {
  const directory = temporaryDirectory('vigil-multicast-names-');
  const capture = join(directory, 'names.pcap');
  let hosts: TwoHosts;
  const daemons: ChildProcess[] = [];

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:1a:01:53:00:01',
      clientMac: '00:1a:fa:53:00:02',
      subnet: '10.99.0',
    });
    for (const namespace of [hosts.server.namespace, hosts.client.namespace])
      hosts.exec(namespace, 'ip', 'route', 'add', '224.0.0.0/4', 'dev', 'eth0');
    const avahiConfiguration = join(directory, 'avahi-daemon.conf');
    writeFileSync(
      avahiConfiguration,
      [
        '[server]',
        'host-name=infusion-gw',
        'domain-name=local',
        'use-ipv4=yes',
        'use-ipv6=no',
        'allow-interfaces=eth0',
        'enable-dbus=no',
        '[wide-area]',
        'enable-wide-area=no',
        '[publish]',
        'publish-workstation=yes',
        'publish-hinfo=yes',
        '',
      ].join('\n'),
    );
    const tcpdump = await startTcpdump(
      ['-i', 'eth0', 'udp port 5353 or udp port 5355'],
      capture,
      hosts.server.namespace,
    );
    const server = hosts.server.namespace;
    daemons.push(
      startInNamespace(
        server,
        'avahi-daemon',
        '-f',
        avahiConfiguration,
        '--no-drop-root',
        '--no-chroot',
        '--no-rlimits',
      ),
      startInNamespace(server, 'llmnrd', '-i', 'eth0', '-H', 'ct-console'),
    );
    // Avahi probes its names three times, 250 ms apart, then announces them (RFC 6762 §8).
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    hosts.exec(hosts.client.namespace, 'llmnr-query', '-I', 'eth0', '-T', 'A', 'ct-console');
    await stopTcpdump(tcpdump);
  }, 60_000);

  afterAll(() => {
    stopDaemons(daemons);
    hosts?.remove();
  });

  it('reads every mDNS and LLMNR message, its questions and answer records, as tshark does', async () => {
    const { observations, pipeline } = await observeCapture(capture);
    expect(pipeline.dissectCounters.malformed).toBe(0);
    const messages = observations.filter((o): o is DnsMessageObservation => o.kind === 'dns.message');
    const oracle = tsharkFields(
      capture,
      [
        'udp.dstport',
        'dns.flags.response',
        'dns.qry.name',
        'dns.count.auth_rr',
        'dns.resp.name',
        'dns.resp.type',
      ],
      'mdns || llmnr',
      allOccurrences,
    );
    expect(oracle.length).toBeGreaterThanOrEqual(4);
    // Vigil keeps answer and additional records; tshark lists authority records (an mDNS probe's) too,
    // and files an SRV record's owner under dns.srv.* rather than dns.resp.name.
    const typeCodes: Record<string, string> = {
      A: '1',
      AAAA: '28',
      PTR: '12',
      SRV: '33',
      TXT: '16',
      HINFO: '13',
    };
    expect(
      messages.map((m) => [
        m.protocol,
        m.isResponse,
        m.questions.map((q) => q.name).join(','),
        m.answers
          .filter((a) => a.type !== 'SRV')
          .map((a) => a.name)
          .join(','),
        m.answers.map((a) => typeCodes[a.type] ?? a.type).join(','),
      ]),
    ).toEqual(
      oracle.map(([port, response, questions, authorities, names, types]) => [
        port === '5353' ? 'mdns' : 'llmnr',
        response === '1' || response === 'True',
        questions ?? '',
        authorities === '0' ? (names ?? '') : expect.any(String),
        authorities === '0' ? (types ?? '') : expect.any(String),
      ]),
    );
    expect(messages.some((m) => m.protocol === 'llmnr' && m.isResponse)).toBe(true);
  });

  it('names the device from its own announcements and answers, with its services', async () => {
    const store = await temporarySqliteStore();
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const server = (await store.devices.find(hosts.server.ip))!;
      expect(server.hostnames).toEqual(expect.arrayContaining(['infusion-gw.local', 'ct-console']));
      expect(server.attributes.filter((a) => a.name === 'mdns.service').map((a) => a.value)).toContain(
        '_workstation._tcp.local',
      );
      expect(server.attributes.find((a) => a.name === 'mdns.hinfo')?.value).toMatch(/^[A-Z0-9_]+;LINUX$/);
      expect(server.protocols).toEqual(expect.arrayContaining(['mdns', 'llmnr']));
    } finally {
      await store.close();
    }
  });
});
