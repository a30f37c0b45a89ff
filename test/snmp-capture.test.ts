import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import { defaultCommunities, snmpPduTypes } from '../src/dissect/snmp/consts.js';
import type { SnmpMessageObservation } from '../src/dissect/snmp/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { observeCapture } from './support/observe-capture.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { canUseNetworkNamespaces, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun = toolsAvailable('tcpdump', 'tshark', 'snmpd', 'snmpget') && canUseNetworkNamespaces();
const sysDescr = 'Infusion gateway 1.6.1 on embedded Linux (test agent)';
const sysName = 'infusion-hub-3';
const systemOids = ['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.1.2.0'];

describe.skipIf(!canRun)('SNMP recorded between net-snmp snmpget and snmpd', () => {
  const directory = temporaryDirectory('vigil-snmp-');
  const capture = join(directory, 'snmp.pcap');
  let hosts: TwoHosts;
  let agent: ChildProcess | undefined;

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:a0:37:16:10:01',
      clientMac: '00:50:56:16:10:02',
      subnet: '10.93.0',
    });
    const configuration = join(directory, 'snmpd.conf');
    writeFileSync(
      configuration,
      [
        `agentAddress udp:${hosts.server.ip}:161`,
        'rocommunity public 10.93.0.0/24',
        `sysName ${sysName}`,
        `sysDescr ${sysDescr}`,
        '',
      ].join('\n'),
    );
    agent = spawn(
      'ip',
      [
        'netns',
        'exec',
        hosts.server.namespace,
        'snmpd',
        '-f',
        '-Lo',
        '-C',
        '-c',
        configuration,
        '-p',
        join(directory, 'snmpd.pid'),
      ],
      { stdio: 'ignore' },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const tcpdump = await startTcpdump(['-i', 'eth0', 'udp', 'port', '161'], capture, hosts.server.namespace);
    const snmpget = (version: string, community: string) => {
      try {
        hosts.exec(
          hosts.client.namespace,
          'snmpget',
          '-m',
          '',
          version,
          '-c',
          community,
          '-t',
          '1',
          '-r',
          '0',
          hosts.server.ip,
          ...systemOids,
        );
      } catch {
        // An unknown community gets no answer: snmpget times out, which is the point.
      }
    };
    snmpget('-v2c', 'public');
    snmpget('-v1', 'public');
    snmpget('-v2c', 'n0t-a-default');
    await stopTcpdump(tcpdump);
  }, 60_000);

  afterAll(() => {
    agent?.kill();
    hosts?.remove();
  });

  it('reads version, PDU type, default-community status and the system group as tshark does', async () => {
    const { observations, pipeline } = await observeCapture(capture);
    expect(pipeline.dissectCounters.malformed).toBe(0);
    const messages = observations.filter((o): o is SnmpMessageObservation => o.kind === 'snmp.message');
    const oracle = tsharkFields(
      capture,
      ['frame.number', 'ip.src', 'snmp.version', 'snmp.data', 'snmp.community'],
      'snmp',
    );
    expect(
      messages.map((message) => [
        message.evidence.packetNumber,
        message.sender.ip,
        message.version,
        message.pduType,
        message.isDefaultCommunity,
      ]),
    ).toEqual(
      oracle.map(([frame, ip, version, pdu, community]) => [
        Number(frame),
        ip,
        version === '0' ? 'v1' : 'v2c',
        snmpPduTypes[0xa0 + Number(pdu)],
        defaultCommunities.has(community!),
      ]),
    );
    expect(messages.map((message) => message.pduType)).toEqual(['get', 'response', 'get', 'response', 'get']);
    const responses = messages.filter((message) => message.pduType === 'response');
    expect(responses.map((response) => [response.sysDescr, response.sysName])).toEqual([
      [sysDescr, sysName],
      [sysDescr, sysName],
    ]);
    const oracleObjectIds = tsharkFields(capture, ['snmp.value.oid'], 'snmp.data == 2').map(([oid]) => oid);
    expect(responses.map((response) => response.sysObjectId)).toEqual(oracleObjectIds);
    expect(JSON.stringify(observations)).not.toContain('n0t-a-default');
  });

  it('raises default-snmp-community on the agent that answered to public, and names it', async () => {
    const store = await temporarySqliteStore();
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const device = (await store.devices.find(hosts.server.ip))!;
      expect(device.findings.map((finding) => finding.type)).toEqual(['default-snmp-community']);
      expect(device.hostnames).toContain(sysName);
      expect(device.attributes.find((attribute) => attribute.name === 'snmp.sys-descr')?.value).toBe(
        sysDescr,
      );
      // What the agent says it is types it.
      expect([device.type, device.classification.type?.evidence.map((e) => e.rule)]).toEqual([
        'clinical gateway',
        ['snmp-clinical-gateway'],
      ]);
      const manager = (await store.devices.find(hosts.client.ip))!;
      expect(manager.findings).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
