import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type { Hl7MessageObservation } from '../src/dissect/hl7/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import type { DeviceRecord } from '../src/inventory/device-record.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { openStore } from '../src/store/open-store.js';
import { startInNamespace, stopDaemons, waitForListener } from './support/daemons.js';
import { observeCapture } from './support/observe-capture.js';
import { filesUnder, temporaryDirectory } from './support/temporary-store.js';
import {
  canUseNetworkNamespaces,
  startTcpdump,
  stopTcpdump,
  systemPython,
  systemPythonHas,
  toolsAvailable,
} from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun =
  toolsAvailable('tcpdump', 'tshark', 'mllp_send') &&
  canUseNetworkNamespaces() &&
  systemPythonHas('hl7.mllp', 'python3-hl7');
const mllpPort = 2575;
const decodeAsHl7 = ['-d', `tcp.port==${mllpPort},hl7`];
const receiverScript = join(import.meta.dirname, 'support', 'hl7-mllp-server.py');

/** Invented patient data the messages carry in clear and the store must never hold. */
const patientValues = ['DOE^JANE', 'PID-424242', '19700101', 'DOE^JOHN'];
const messages = {
  'oru.mllp': [
    'MSH|^~\\&|MONITOR-GW|ICU|EHR|HOSPITAL|20261128120000||ORU^R01^ORU_R01|MSG0001|P|2.5',
    'PID|1||PID-424242^^^HOSP^MR||DOE^JANE||19700101|F',
    'OBR|1||7788|8867-4^Heart rate^LN',
    'OBX|1|NM|8867-4^Heart rate^LN||72|/min|||||F',
  ],
  'adt.mllp': [
    'MSH|^~\\&|ADT-ENGINE|HOSPITAL|MONITOR-GW|ICU|20261128120100||ADT^A01^ADT_A01|MSG0002|P|2.5',
    'EVN|A01|20261128120100',
    'PID|1||PID-424242^^^HOSP^MR||DOE^JANE||19700101|F',
    'NK1|1|DOE^JOHN|SPO',
    'PV1|1|I|ICU^101^1',
  ],
};

/** mllp_send (python3-hl7) sending a monitor gateway's ORU^R01 and an ADT^A01 to an MLLP receiver that ACKs. */
describe.skipIf(!canRun)('HL7 v2 over MLLP recorded between mllp_send and a python3-hl7 receiver', () => {
  const directory = temporaryDirectory('vigil-hl7-');
  const capture = join(directory, 'hl7.pcap');
  let hosts: TwoHosts;
  const daemons: ChildProcess[] = [];

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:15:5d:17:00:01',
      clientMac: '00:09:02:17:00:02',
      subnet: '10.101.0',
    });
    for (const [file, segments] of Object.entries(messages))
      writeFileSync(join(directory, file), Buffer.from(`\u000b${segments.join('\r')}\r\u001c\r`, 'latin1'));
    daemons.push(
      startInNamespace(
        hosts.server.namespace,
        systemPython,
        receiverScript,
        hosts.server.ip,
        String(mllpPort),
      ),
    );
    await waitForListener(hosts, mllpPort);
    const tcpdump = await startTcpdump(
      ['-i', 'eth0', 'tcp', 'port', String(mllpPort)],
      capture,
      hosts.server.namespace,
    );
    for (const file of Object.keys(messages))
      hosts.exec(
        hosts.client.namespace,
        'mllp_send',
        '-q',
        '-p',
        String(mllpPort),
        '-f',
        join(directory, file),
        hosts.server.ip,
      );
    await stopTcpdump(tcpdump);
  }, 60_000);

  afterAll(() => {
    stopDaemons(daemons);
    hosts?.remove();
  });

  it('reads MSH fields, message types, acknowledgements and segments as tshark does, without patient values', async () => {
    const { observations, pipeline } = await observeCapture(capture);
    expect(pipeline.dissectCounters.malformed).toBe(0);
    const read = observations.filter((o): o is Hl7MessageObservation => o.kind === 'hl7.message');
    const oracle = tsharkFields(
      capture,
      ['hl7.message.type', 'hl7.event.type', 'hl7.segment'],
      'hl7',
      decodeAsHl7,
    );
    expect(read).toHaveLength(4);
    expect(
      read.map((m) => [
        m.messageCode,
        m.triggerEvent,
        m.sendingApplication,
        m.sendingFacility,
        m.receivingApplication,
        m.receivingFacility,
        m.controlId,
        m.version,
      ]),
    ).toEqual(
      oracle.map(([type, event, header]) => {
        // tshark's first segment is MSH, with its CR escaped; MSH-n is field n - 1 once split.
        const fields = header!.replace(/\\r$/, '').split('|');
        return [type, event, fields[2], fields[3], fields[4], fields[5], fields[9], fields[11]];
      }),
    );
    expect(read.map((m) => m.acknowledgementCode)).toEqual([undefined, 'AA', undefined, 'AA']);
    expect(read.filter((m) => m.isFromInitiator).map((m) => m.segments)).toEqual(
      Object.values(messages).map((segments) => segments.map((segment) => segment.slice(0, 3))),
    );
    expect(read.map((m) => m.phiSegments)).toEqual([['PID'], [], ['PID', 'NK1', 'PV1'], []]);
    const text = JSON.stringify(observations);
    for (const value of patientValues) expect(text).not.toContain(value);
  });

  it('stores roles, applications and findings, and no patient value in any table or file', async () => {
    const storeDirectory = temporaryDirectory('vigil-hl7-store-');
    const store = await openStore(join(storeDirectory, 'vigil.db'));
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const receiver = (await store.devices.find(hosts.server.ip))!;
      const sender = (await store.devices.find(hosts.client.ip))!;
      const values = (device: typeof sender, name: string) =>
        [...new Set(device.attributes.filter((a) => a.name === name).map((a) => a.value))].sort();
      expect(values(sender, 'clinical.role')).toEqual([
        'ADT source (EHR, interface engine)',
        'observation source (monitor gateway, lab analyser)',
      ]);
      expect(values(receiver, 'clinical.role')).toEqual([
        'ADT receiver',
        'results receiver (EHR, interface engine)',
      ]);
      expect(values(sender, 'hl7.application')).toEqual(['ADT-ENGINE', 'MONITOR-GW']);
      expect(sender.protocols).toContain('hl7');
      expect(receiver.findings.map((f) => f.type).sort()).toEqual(['hl7-no-tls', 'phi-cleartext']);
      expect(receiver.findings.find((f) => f.type === 'phi-cleartext')!.detail).toBe(
        'HL7: 2 of 4 messages carried NK1, PID, PV1',
      );
      const devicesJson = JSON.stringify(await store.devices.list());
      for (const value of patientValues) expect(devicesJson).not.toContain(value);
    } finally {
      await store.close();
    }
    const files = filesUnder(storeDirectory).map((file) =>
      readFileSync(join(storeDirectory, file)).toString('latin1'),
    );
    for (const value of patientValues) for (const file of files) expect(file).not.toContain(value);
    // What an analyst's script reads: `vigil devices --json` names the gateway's role and protocol.
    const listed = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'devices', '--json', '--db', join(storeDirectory, 'vigil.db')],
      { encoding: 'utf8' },
    );
    expect(listed.status).toBe(0);
    const devices = JSON.parse(listed.stdout) as DeviceRecord[];
    const gateway = devices.find((device) => device.ips.includes(hosts.client.ip))!;
    expect(gateway.roles).toContain('observation source (monitor gateway, lab analyser)');
    // Its ORU^R01 from MONITOR-GW make it a clinical gateway; its ADT from ADT-ENGINE, the reading
    // that loses, stays visible as an alternative. The receiver of results is an interface engine.
    expect(gateway.type).toBe('clinical gateway');
    expect(gateway.classification.type?.alternatives.map((a) => a.value)).toEqual([
      'interface engine',
      'EHR server',
    ]);
    expect(devices.find((device) => device.ips.includes(hosts.server.ip))?.type).toBe('interface engine');
    expect(gateway.protocols).toContain('hl7');
    for (const value of patientValues) expect(listed.stdout).not.toContain(value);
  });
});
