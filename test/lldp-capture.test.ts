import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type { NeighbourAdvertisementObservation } from '../src/dissect/lldp/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { observeCapture } from './support/observe-capture.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { canUseNetworkNamespaces, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun = toolsAvailable('tcpdump', 'tshark', 'lldpd') && canUseNetworkNamespaces();
const systemName = 'ward-central-station-2';
const description = 'Central station for ward monitors (test agent)';

describe.skipIf(!canRun)('LLDP and CDP recorded from lldpd', () => {
  const directory = temporaryDirectory('vigil-lldp-');
  const capture = join(directory, 'lldp.pcap');
  let hosts: TwoHosts;
  let lldpd: ChildProcess | undefined;
  const configuration = `/tmp/vigil-lldpd-${process.pid}.conf`;

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:09:5c:02:00:01',
      clientMac: '00:1a:01:02:00:02',
      subnet: '10.94.0',
    });
    writeFileSync(configuration, `configure system hostname ${systemName}\nconfigure lldp tx-interval 1\n`);
    const tcpdump = await startTcpdump(
      ['-i', 'eth0', 'ether', 'proto', '0x88cc', 'or', 'ether', 'dst', '01:00:0c:cc:cc:cc'],
      capture,
      hosts.client.namespace,
    );
    // -l and -cc force both LLDP and CDP, whatever the peer speaks; -k keeps the build machine's kernel version out of the description.
    // Its control socket and configuration live outside the test directory, which lldpd's unprivileged
    // helper cannot enter.
    lldpd = spawn(
      'ip',
      [
        'netns',
        'exec',
        hosts.server.namespace,
        'lldpd',
        '-d',
        '-l',
        '-cc',
        '-k',
        '-I',
        'eth0',
        '-S',
        description,
        '-P',
        'PIC-iX',
        '-m',
        hosts.server.ip,
        '-u',
        `/tmp/vigil-lldpd-${process.pid}.socket`,
        '-O',
        configuration,
      ],
      { stdio: 'ignore' },
    );
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    lldpd.kill();
    await stopTcpdump(tcpdump);
  }, 60_000);

  afterAll(() => {
    lldpd?.kill();
    rmSync(configuration, { force: true });
    hosts?.remove();
  });

  it('reads name, description, capabilities and management address as tshark does', async () => {
    const { observations, pipeline } = await observeCapture(capture);
    expect(pipeline.dissectCounters.malformed).toBe(0);
    const advertisements = observations.filter(
      (o): o is NeighbourAdvertisementObservation => o.kind === 'neighbour.advertisement',
    );
    const lldp = advertisements.filter((advertisement) => advertisement.protocol === 'lldp');
    const oracle = tsharkFields(
      capture,
      ['frame.number', 'eth.src', 'lldp.tlv.system.name', 'lldp.tlv.system.desc', 'lldp.mgn.addr.ip4'],
      'lldp',
    );
    expect(oracle.length).toBeGreaterThanOrEqual(2);
    expect(
      lldp.map((a) => [
        a.evidence.packetNumber,
        a.sourceMac,
        a.systemName,
        a.systemDescription,
        a.managementAddress,
      ]),
    ).toEqual(
      // The last LLDP frame is lldpd's shutdown notice (TTL 0), with no name or description.
      oracle.map(([frame, mac, name, desc, address]) => [
        Number(frame),
        mac,
        name || undefined,
        desc || undefined,
        address || undefined,
      ]),
    );
    expect(lldp[0]).toMatchObject({
      systemName,
      systemDescription: description,
      managementAddress: hosts.server.ip,
    });
    const cdp = advertisements.filter((advertisement) => advertisement.protocol === 'cdp');
    const cdpOracle = tsharkFields(capture, ['frame.number', 'cdp.deviceid', 'cdp.platform'], 'cdp');
    expect(cdp.map((a) => [a.evidence.packetNumber, a.chassisId, a.platform])).toEqual(
      cdpOracle.map(([frame, deviceId, platform]) => [
        Number(frame),
        deviceId || undefined,
        platform || undefined,
      ]),
    );
  });

  it('names the advertising device by its own MAC', async () => {
    const store = await temporarySqliteStore();
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const device = (await store.devices.find(hosts.server.mac))!;
      expect(device.hostnames).toContain(systemName);
      expect(device.protocols).toContain('lldp');
      expect(device.ips).toContain(hosts.server.ip);
      expect(device.attributes.find((attribute) => attribute.name === 'lldp.system-description')?.value).toBe(
        description,
      );
      expect([device.type, device.category, device.classification.type?.evidence.map((e) => e.rule)]).toEqual(
        ['central station', 'medical', ['lldp-central-station']],
      );
    } finally {
      await store.close();
    }
  });
});
