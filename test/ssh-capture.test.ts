import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type { SshBannerObservation } from '../src/dissect/ssh/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { observeCapture } from './support/observe-capture.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { canUseNetworkNamespaces, run, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const sshd = '/usr/sbin/sshd';
const canRun = toolsAvailable('tcpdump', 'tshark', 'ssh', 'ssh-keygen', sshd) && canUseNetworkNamespaces();
const port = 2222;

describe.skipIf(!canRun)('SSH banners recorded between OpenSSH ssh and sshd', () => {
  const directory = temporaryDirectory('vigil-ssh-');
  const capture = join(directory, 'ssh.pcap');
  let hosts: TwoHosts;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:0e:9f:51:00:01',
      clientMac: '00:1a:01:51:00:02',
      subnet: '10.91.0',
    });
    const hostKey = join(directory, 'host_key');
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
    // sshd insists on its privilege-separation directory.
    mkdirSync('/run/sshd', { recursive: true });
    server = spawn(
      'ip',
      [
        'netns',
        'exec',
        hosts.server.namespace,
        sshd,
        '-D',
        '-e',
        '-f',
        '/dev/null',
        '-h',
        hostKey,
        '-p',
        String(port),
        '-o',
        'PidFile=none',
      ],
      { stdio: 'ignore' },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const tcpdump = await startTcpdump(['-i', 'eth0'], capture, hosts.server.namespace);
    try {
      run('ip', [
        'netns',
        'exec',
        hosts.client.namespace,
        'ssh',
        '-o',
        'BatchMode=yes',
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'ConnectTimeout=5',
        '-p',
        String(port),
        `service@${hosts.server.ip}`,
        'true',
      ]);
    } catch {
      // No credentials are offered, so the login fails; the banners have been exchanged by then.
    }
    await stopTcpdump(tcpdump);
  }, 60_000);

  afterAll(() => {
    server?.kill();
    hosts?.remove();
  });

  it('reads both identification strings as tshark does, on a non-standard port', async () => {
    const { observations, pipeline } = await observeCapture(capture);
    const banners = observations.filter((o): o is SshBannerObservation => o.kind === 'ssh.banner');
    const oracle = tsharkFields(capture, ['frame.number', 'ip.src', 'ssh.protocol'], 'ssh.protocol', [
      '-d',
      `tcp.port==${port},ssh`,
    ]);
    expect(oracle).toHaveLength(2);
    expect(
      banners
        .map((banner) => [
          banner.evidence.packetNumber,
          banner.isFromServer ? banner.server.ip : banner.client.ip,
          banner.banner,
        ])
        .sort(),
    ).toEqual(oracle.map(([frame, ip, banner]) => [Number(frame), ip, banner]).sort());
    expect(pipeline.dissectCounters.malformed).toBe(0);
  });

  it('names the server software and operating system from its banner', async () => {
    const store = await temporarySqliteStore();
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const device = (await store.devices.find(hosts.server.mac))!;
      expect(device.protocols).toContain('ssh');
      const software = device.attributes.find((attribute) => attribute.name === 'software');
      expect(software?.value).toMatch(/^OpenSSH /);
      expect(
        device.attributes.find((attribute) => attribute.name === 'os' && attribute.source === 'ssh.banner')
          ?.value,
      ).toBe('Debian');
    } finally {
      await store.close();
    }
  });

  it('fingerprints both TCP stacks from the SYN and SYN-ACK as tshark reads them', async () => {
    const store = await temporarySqliteStore();
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const letters: Record<string, string> = { '0': 'E', '1': 'N', '2': 'M', '3': 'W', '4': 'S', '8': 'T' };
      const handshake = tsharkFields(
        capture,
        ['ip.src', 'ip.ttl', 'tcp.window_size_value', 'tcp.option_kind'],
        'tcp.flags.syn == 1',
        ['-E', 'occurrence=a', '-E', 'aggregator=,'],
      );
      expect(handshake).toHaveLength(2);
      for (const [ip, ttl, window, kinds] of handshake) {
        const device = (await store.devices.find(ip!))!;
        const initialTtl = [32, 64, 128, 255].find((value) => Number(ttl) <= value);
        const layout = kinds!
          .split(',')
          .map((kind) => letters[kind] ?? '?')
          .join(',');
        const signature = device.attributes.find((attribute) => attribute.name === 'tcp.syn-signature');
        expect(signature?.value).toBe(`${initialTtl}:${window}:${layout}`);
        // Both ends run Linux's TCP stack here.
        expect(
          device.attributes.find((attribute) => attribute.name === 'os' && attribute.source === 'tcp.syn')
            ?.value,
        ).toBe('Linux');
      }
    } finally {
      await store.close();
    }
  });
});
