import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type { DnsMessageObservation } from '../src/dissect/dns/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { observeCapture } from './support/observe-capture.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { canUseNetworkNamespaces, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun = toolsAvailable('tcpdump', 'tshark', 'busybox', 'dnsmasq') && canUseNetworkNamespaces();

describe.skipIf(!canRun)('DNS recorded between busybox nslookup and dnsmasq', () => {
  const directory = temporaryDirectory('vigil-dns-');
  const capture = join(directory, 'dns.pcap');
  let hosts: TwoHosts;
  let dnsmasq: ChildProcess | undefined;

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:50:56:aa:00:53',
      clientMac: '44:4b:5d:0c:00:02',
      subnet: '10.89.0',
    });
    dnsmasq = spawn(
      'ip',
      [
        'netns',
        'exec',
        hosts.server.namespace,
        'dnsmasq',
        '--no-daemon',
        '--conf-file=/dev/null',
        '--no-resolv',
        '--no-hosts',
        `--listen-address=${hosts.server.ip}`,
        '--bind-interfaces',
        `--pid-file=${join(directory, 'dnsmasq.pid')}`,
        '--host-record=pacs01.radiology.example,10.89.0.50',
        `--host-record=ct02.radiology.example,${hosts.client.ip}`,
        '--address=/vendor-cloud.example/203.0.113.7',
      ],
      { stdio: 'ignore' },
    );
    await new Promise((resolve) => setTimeout(resolve, 700));
    const tcpdump = await startTcpdump(['-i', 'eth0'], capture, hosts.server.namespace);
    for (const name of [
      'ct02.radiology.example',
      'pacs01.radiology.example',
      'vendor-cloud.example',
      'missing.radiology.example',
    ]) {
      try {
        hosts.exec(hosts.client.namespace, 'busybox', 'nslookup', name, hosts.server.ip);
      } catch {
        // NXDOMAIN makes nslookup fail; the exchange is what the test needs.
      }
    }
    await stopTcpdump(tcpdump);
  }, 60_000);

  afterAll(() => {
    dnsmasq?.kill();
    hosts?.remove();
  });

  it('reads every query and answer as tshark does', async () => {
    const { observations, pipeline } = await observeCapture(capture);
    expect(pipeline.dissectCounters.malformed).toBe(0);
    const messages = observations.filter((o): o is DnsMessageObservation => o.kind === 'dns.message');
    const oracle = tsharkFields(
      capture,
      [
        'frame.number',
        'ip.src',
        'dns.flags.response',
        'dns.id',
        'dns.flags.rcode',
        'dns.qry.name',
        'dns.a',
        'dns.aaaa',
      ],
      'dns',
      ['-E', 'occurrence=a', '-E', 'aggregator=,'],
    );
    expect(oracle.length).toBeGreaterThanOrEqual(8);
    expect(
      messages.map((message) => [
        message.evidence.packetNumber,
        message.sender.ip,
        message.isResponse,
        message.transactionId,
        message.responseCode,
        message.questions.map((question) => question.name).join(','),
        message.answers
          .filter((answer) => answer.type === 'A')
          .map((answer) => answer.value)
          .join(','),
        message.answers
          .filter((answer) => answer.type === 'AAAA')
          .map((answer) => answer.value)
          .join(','),
      ]),
    ).toEqual(
      oracle.map(([frame, ip, response, id, rcode, names, a, aaaa]) => [
        Number(frame),
        ip,
        response === '1' || response === 'True',
        Number(id),
        Number(rcode),
        names,
        a ?? '',
        aaaa ?? '',
      ]),
    );
  });

  it('names a device seen on the wire from DNS answers, and no device that was only named', async () => {
    const store = await temporarySqliteStore();
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const client = (await store.devices.find(hosts.client.mac))!;
      expect(client.hostnames).toContain('ct02.radiology.example');
      expect(client.protocols).toContain('dns');
      const server = (await store.devices.find(hosts.server.mac))!;
      expect(server.attributes.find((attribute) => attribute.name === 'role')?.value).toBe('dns-server');
      expect(await store.devices.find('10.89.0.50')).toBeUndefined();
      expect(await store.devices.find('203.0.113.7')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
