import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type { SyslogMessageObservation } from '../src/dissect/syslog/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { observeCapture } from './support/observe-capture.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { canUseNetworkNamespaces, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun = toolsAvailable('tcpdump', 'tshark', 'logger') && canUseNetworkNamespaces();
const messageText = 'ORU^R01 relayed; segment contents withheld';

describe.skipIf(!canRun)('syslog recorded from util-linux logger', () => {
  const directory = temporaryDirectory('vigil-syslog-');
  const capture = join(directory, 'syslog.pcap');
  let hosts: TwoHosts;

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:50:56:51:40:01',
      clientMac: '00:18:65:51:40:02',
      subnet: '10.96.0',
    });
    const tcpdump = await startTcpdump(['-i', 'eth0', 'udp', 'port', '514'], capture, hosts.server.namespace);
    for (const format of ['--rfc5424', '--rfc3164']) {
      hosts.exec(
        hosts.client.namespace,
        'logger',
        '--udp',
        '--server',
        hosts.server.ip,
        '--port',
        '514',
        format,
        '--tag',
        'hl7-bridge',
        '--priority',
        'local0.warning',
        messageText,
      );
    }
    await stopTcpdump(tcpdump);
  }, 60_000);

  afterAll(() => {
    hosts?.remove();
  });

  it('reads facility, severity, host and application as tshark does, and never the message', async () => {
    const { observations, pipeline } = await observeCapture(capture);
    expect(pipeline.dissectCounters.malformed).toBe(0);
    const messages = observations.filter((o): o is SyslogMessageObservation => o.kind === 'syslog.message');
    const oracle = tsharkFields(
      capture,
      ['frame.number', 'syslog.facility', 'syslog.level', 'syslog.hostname', 'syslog.appname'],
      'syslog',
    );
    expect(oracle).toHaveLength(2);
    expect(
      messages.map((message) => [
        message.evidence.packetNumber,
        message.facility,
        message.severity,
        message.hostname,
      ]),
    ).toEqual(
      oracle.map(([frame, facility, level, hostname]) => [
        Number(frame),
        Number(facility),
        Number(level),
        hostname || undefined,
      ]),
    );
    // tshark reads APP-NAME only from RFC 5424; in RFC 3164 it is the TAG logger was given.
    expect(messages[0]!.appName).toBe(oracle[0]![4]);
    expect(messages[1]!.appName).toBe('hl7-bridge');
    expect(messages.map((message) => message.format)).toEqual(['rfc5424', 'rfc3164']);
    expect(JSON.stringify(observations)).not.toContain('ORU^R01');
  });

  it('makes the receiver a syslog collector and names the sender', async () => {
    const store = await temporarySqliteStore();
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const collector = (await store.devices.find(hosts.server.ip))!;
      expect(collector.attributes.find((attribute) => attribute.name === 'role')?.value).toBe(
        'syslog-collector',
      );
      const sender = (await store.devices.find(hosts.client.ip))!;
      expect(sender.attributes.find((attribute) => attribute.name === 'syslog.app')?.value).toBe(
        'hl7-bridge',
      );
      expect(JSON.stringify(await store.devices.list())).not.toContain('ORU^R01');
    } finally {
      await store.close();
    }
  });
});
