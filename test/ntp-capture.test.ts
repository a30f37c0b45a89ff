import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type { NtpMessageObservation } from '../src/dissect/ntp/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { observeCapture } from './support/observe-capture.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { canUseNetworkNamespaces, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun = toolsAvailable('tcpdump', 'tshark', 'chronyd') && canUseNetworkNamespaces();
const modes: Record<string, string> = { '3': 'client', '4': 'server' };

describe.skipIf(!canRun)('NTP recorded between two chronyd, one serving and one querying', () => {
  const directory = temporaryDirectory('vigil-ntp-');
  const capture = join(directory, 'ntp.pcap');
  let hosts: TwoHosts;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:50:56:12:30:01',
      clientMac: '00:a0:37:12:30:02',
      subnet: '10.97.0',
    });
    const serverConfiguration = join(directory, 'server.conf');
    const clientConfiguration = join(directory, 'client.conf');
    writeFileSync(
      serverConfiguration,
      [
        `bindaddress ${hosts.server.ip}`,
        'allow 10.97.0.0/24',
        'local stratum 8',
        'cmdport 0',
        `pidfile ${join(directory, 'server.pid')}`,
        '',
      ].join('\n'),
    );
    writeFileSync(
      clientConfiguration,
      [`server ${hosts.server.ip} iburst`, 'cmdport 0', `pidfile ${join(directory, 'client.pid')}`, ''].join(
        '\n',
      ),
    );
    // -x: never touch the clock of the machine the tests run on.
    server = spawn(
      'ip',
      ['netns', 'exec', hosts.server.namespace, 'chronyd', '-d', '-x', '-f', serverConfiguration],
      { stdio: 'ignore' },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const tcpdump = await startTcpdump(['-i', 'eth0', 'udp', 'port', '123'], capture, hosts.server.namespace);
    try {
      hosts.exec(hosts.client.namespace, 'chronyd', '-Q', '-t', '10', '-f', clientConfiguration);
    } finally {
      await stopTcpdump(tcpdump);
    }
  }, 60_000);

  afterAll(() => {
    server?.kill();
    hosts?.remove();
  });

  it('reads version, mode, stratum and reference as tshark does', async () => {
    const { observations, pipeline } = await observeCapture(capture);
    expect(pipeline.dissectCounters.malformed).toBe(0);
    const messages = observations.filter((o): o is NtpMessageObservation => o.kind === 'ntp.message');
    const oracle = tsharkFields(
      capture,
      ['frame.number', 'ip.src', 'ntp.flags.vn', 'ntp.flags.mode', 'ntp.stratum'],
      'ntp',
    );
    expect(oracle.length).toBeGreaterThanOrEqual(2);
    expect(
      messages.map((message) => [
        message.evidence.packetNumber,
        message.sender.ip,
        message.version,
        message.mode,
        message.stratum,
      ]),
    ).toEqual(
      oracle.map(([frame, ip, version, mode, stratum]) => [
        Number(frame),
        ip,
        Number(version),
        modes[mode!],
        Number(stratum),
      ]),
    );
    expect(
      messages.filter((message) => message.mode === 'server').every((message) => message.stratum === 8),
    ).toBe(true);
    // tshark prints the reference id as hex bytes; above stratum 1 they are an IPv4 address.
    const references = tsharkFields(capture, ['ntp.refid'], 'ntp.flags.mode == 4').map(([hex]) =>
      [...Buffer.from(hex!, 'hex')].join('.'),
    );
    expect(
      messages.filter((message) => message.mode === 'server').map((message) => message.referenceId),
    ).toEqual(references);
  });

  it('makes the answering host an NTP server of stratum 8', async () => {
    const store = await temporarySqliteStore();
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const device = (await store.devices.find(hosts.server.ip))!;
      expect(device.attributes.find((attribute) => attribute.name === 'role')?.value).toBe('ntp-server');
      expect(device.attributes.find((attribute) => attribute.name === 'ntp.stratum')?.value).toBe('8');
    } finally {
      await store.close();
    }
  });
});
