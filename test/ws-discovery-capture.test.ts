import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type { DpwsMetadataObservation, WsDiscoveryObservation } from '../src/dissect/sdc/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { startInNamespace, stopDaemons } from './support/daemons.js';
import { observeCapture } from './support/observe-capture.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { canUseNetworkNamespaces, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun = toolsAvailable('tcpdump', 'tshark', 'wsdd') && canUseNetworkNamespaces();
/** tshark reads SOAP-over-UDP as XML only with its heuristic turned on. */
const xmlOverUdp = ['--enable-heuristic', 'xml_udp', '-E', 'occurrence=a', '-E', 'aggregator=|'];

/**
 * wsdd announcing a host over WS-Discovery (Hello), and a second wsdd in discovery mode probing
 * and resolving it, then fetching its DPWS metadata: the discovery exchange SDC medical devices
 * use (IEEE 11073-20702), from a real implementation.
 */
describe.skipIf(!canRun)('WS-Discovery recorded between two wsdd instances', () => {
  const directory = temporaryDirectory('vigil-wsd-');
  const capture = join(directory, 'wsd.pcap');
  let hosts: TwoHosts;
  const daemons: ChildProcess[] = [];

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:1b:21:37:00:01',
      clientMac: '00:1a:fa:37:00:02',
      subnet: '10.102.0',
    });
    for (const namespace of [hosts.server.namespace, hosts.client.namespace])
      hosts.exec(namespace, 'ip', 'route', 'add', '224.0.0.0/4', 'dev', 'eth0');
    const tcpdump = await startTcpdump(
      ['-i', 'eth0', 'udp port 3702 or tcp port 5357'],
      capture,
      hosts.server.namespace,
    );
    daemons.push(
      startInNamespace(hosts.server.namespace, 'wsdd', '-i', 'eth0', '-4', '-n', 'INFUSION-GW', '-w', 'ICU'),
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    daemons.push(
      startInNamespace(hosts.client.namespace, 'wsdd', '-i', 'eth0', '-4', '-D', '-o', '-l', String(5_359)),
    );
    // Discovery mode probes at start, then resolves the answering endpoint and fetches its metadata:
    // wait for that answer (tcpdump -U writes each packet as it comes), then a little for the rest.
    for (let waited = 0; waited < 20_000 && !readFileSync(capture).includes('GetResponse'); waited += 250)
      await new Promise((resolve) => setTimeout(resolve, 250));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    stopDaemons(daemons);
    await stopTcpdump(tcpdump);
  }, 60_000);

  afterAll(() => {
    stopDaemons(daemons);
    hosts?.remove();
  });

  it('reads every message, its action, endpoint, types and addresses as tshark reads the XML', async () => {
    const { observations, pipeline } = await observeCapture(capture);
    expect(pipeline.dissectCounters.malformed).toBe(0);
    const messages = observations.filter(
      (o): o is WsDiscoveryObservation => o.kind === 'ws-discovery.message',
    );
    const oracle = tsharkFields(
      capture,
      ['frame.number', 'xml.cdata'],
      'udp.port == 3702 && xml',
      xmlOverUdp,
    );
    expect(messages.map((m) => m.evidence.packetNumber)).toEqual(oracle.map(([frame]) => Number(frame)));
    // Resolve and ResolveMatches follow when the discovering wsdd gets to them; the core exchange always comes.
    expect([...new Set(messages.map((m) => m.action))]).toEqual(
      expect.arrayContaining(['Hello', 'Probe', 'ProbeMatches']),
    );
    for (const [index, message] of messages.entries()) {
      const values = oracle[index]![1]!.split('|');
      expect(values.some((value) => value.endsWith(`/discovery/${message.action}`))).toBe(true);
      if (message.endpoint !== undefined) expect(values).toContain(message.endpoint);
      for (const address of message.xAddrs) expect(values.join(' ').split(' ')).toContain(address);
      if (message.types.length > 0)
        expect(values.join(' ').split(' ')).toEqual(
          expect.arrayContaining(message.types.map((t) => expect.stringMatching(new RegExp(`:${t.name}$`)))),
        );
      expect(message.isSdcMedicalDevice).toBe(false);
    }
  });

  it('reads the DPWS metadata the discovering wsdd fetched over HTTP as tshark reads the XML', async () => {
    const { observations } = await observeCapture(capture);
    const answers = observations.filter((o): o is DpwsMetadataObservation => o.kind === 'dpws.metadata');
    const oracle = tsharkFields(capture, ['frame.number', 'xml.cdata'], 'http.response && xml', xmlOverUdp);
    expect(answers).toHaveLength(oracle.length);
    expect(oracle.length).toBeGreaterThan(0);
    for (const [index, answer] of answers.entries()) {
      const values = oracle[index]![1]!.split('|');
      expect(values).toContain('http://schemas.xmlsoap.org/ws/2004/09/transfer/GetResponse');
      const read = [answer.friendlyName, answer.firmwareVersion, answer.serialNumber, answer.manufacturer];
      expect(read.every((value) => value !== undefined && values.includes(value))).toBe(true);
      expect([answer.modelName, answer.deviceCategory].every((value) => values.includes(value!))).toBe(true);
      expect(values).toContain(`${answer.computerName}/Workgroup:ICU`);
      expect(answer.server.ip).toBe(hosts.server.ip);
    }
  });

  it('describes the announced host by its endpoint, types and addresses', async () => {
    const store = await temporarySqliteStore();
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      // The capture holds only discovery and metadata traffic, no ARP: the host is known by its address.
      const device = (await store.devices.find(hosts.server.ip))!;
      const values = (name: string) => device.attributes.filter((a) => a.name === name).map((a) => a.value);
      expect(values('ws-discovery.endpoint')[0]).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(values('ws-discovery.xaddr')[0]).toMatch(
        new RegExp(`^http://${hosts.server.ip.replaceAll('.', '\\.')}:5357/`),
      );
      expect(values('ws-discovery.types')).toContain('Device Computer');
      // Its metadata: wsdd names itself as manufacturer and model, and the host by its -n name.
      expect([values('manufacturer'), values('model'), values('software-version')]).toEqual([
        ['wsdd'],
        ['wsdd'],
        ['1.0'],
      ]);
      expect(values('hostname')).toContain('INFUSION-GW');
      expect(device.protocols).toContain('ws-discovery');
      expect(device.protocols).not.toContain('sdc');
    } finally {
      await store.close();
    }
  });
});
