import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoutedNetwork, type RoutedNetwork } from './support/routed-network.js';
import { temporaryDirectory } from './support/temporary-store.js';
import {
  canUseNetworkNamespaces,
  run,
  startTcpdump,
  stopTcpdump,
  systemPython,
  systemPythonHas,
  toolsAvailable,
} from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { vigilOn } from './support/vigil-cli.js';

const canRun =
  toolsAvailable(
    'tcpdump',
    'tshark',
    'nft',
    'iptables-restore',
    'storescp',
    'storescu',
    'dump2dcm',
    'mllp_send',
    'nmap',
    'telnet',
    'socat',
  ) &&
  canUseNetworkNamespaces() &&
  systemPythonHas('hl7.mllp', 'python3-hl7');

const dicomPort = 104;
const mllpPort = 2575;
const telnetPort = 23;
const receiverScript = join(import.meta.dirname, 'support', 'hl7-mllp-server.py');

/** A CT image as a scanner sends it (the patient is invented). */
const ctDataset = `
(0008,0016) UI =CTImageStorage
(0008,0018) UI [1.2.826.0.1.3680043.10.5555.7.1]
(0008,0060) CS [CT]
(0010,0010) PN [DOE^JANE]
(0020,000d) UI [1.2.826.0.1.3680043.10.5555.7]
(0020,000e) UI [1.2.826.0.1.3680043.10.5555.7.2]
`;
const hl7Message = [
  'MSH|^~\\&|LAB|HOSPITAL|EHR|HOSPITAL|20261207120000||ORU^R01^ORU_R01|MSG0007|P|2.5',
  'PID|1||PID-424242^^^HOSP^MR||DOE^JANE||19700101|F',
  'OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/L|||||F',
];

/**
 * A segmentation policy learned from real clinical traffic, exported, and enforced by the kernel:
 * a modality's C-STORE (dcmtk) and a laboratory's HL7 message (python3-hl7) cross a router to the
 * PACS while it learns; the nftables export, then the iptables one, loaded on that router, let them
 * through again while an nmap scan and a telnet from the guest network are dropped. The tools'
 * exit codes and tshark on the PACS's link are the oracle.
 */
describe.skipIf(!canRun)('an exported policy enforced on a router between namespaces', () => {
  const directory = temporaryDirectory('vigil-segment-fw-');
  const vigil = vigilOn(join(directory, 'vigil.db'));
  const dataset = join(directory, 'ct.dcm');
  const message = join(directory, 'oru.mllp');
  let network: RoutedNetwork<'modality' | 'lab' | 'pacs' | 'guest'>;

  const cStore = () =>
    spawnSync(
      'ip',
      [
        'netns',
        'exec',
        network.hosts.modality.namespace,
        'storescu',
        '-to',
        '5',
        '-aet',
        'CT-01',
        '-aec',
        'PACS',
        network.hosts.pacs.ip,
        String(dicomPort),
        dataset,
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
  const hl7 = () =>
    spawnSync(
      'ip',
      [
        'netns',
        'exec',
        network.hosts.lab.namespace,
        'timeout',
        '10',
        'mllp_send',
        '-q',
        '-p',
        String(mllpPort),
        '-f',
        message,
        network.hosts.pacs.ip,
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
  /** nmap's verdict per port: open, closed or filtered. */
  const scan = () => {
    const output = network.exec(
      'guest',
      'nmap',
      '-sS',
      '-Pn',
      '-n',
      '--max-retries',
      '1',
      '-p',
      `${dicomPort},${mllpPort},${telnetPort}`,
      '-oG',
      '-',
      network.hosts.pacs.ip,
    );
    const ports = /Ports: (.*?)(\t|$)/m.exec(output)?.[1] ?? '';
    return Object.fromEntries(
      ports.split(', ').map((entry) => {
        const [port, state] = entry.split('/');
        return [port, state];
      }),
    );
  };
  const telnet = () =>
    spawnSync(
      'ip',
      [
        'netns',
        'exec',
        network.hosts.guest.namespace,
        'timeout',
        '5',
        'telnet',
        network.hosts.pacs.ip,
        String(telnetPort),
      ],
      { encoding: 'utf8', input: '', timeout: 20_000 },
    );
  /** Runs the clinical flows and the attacks while tcpdump records the PACS's link; returns the capture. */
  const exercise = async (name: string) => {
    const capture = join(directory, `${name}.pcap`);
    const tcpdump = await startTcpdump(['-i', 'eth0'], capture, network.hosts.pacs.namespace);
    const results = { cStore: cStore(), hl7: hl7(), scan: scan(), telnet: telnet() };
    await stopTcpdump(tcpdump);
    return { capture, ...results };
  };
  const framesFrom = (capture: string, address: string, filter = '') =>
    tsharkFields(capture, ['frame.number'], `ip.src==${address}${filter}`, [
      '-d',
      `tcp.port==${mllpPort},hl7`,
    ]).length;

  beforeAll(async () => {
    network = createRoutedNetwork('10.72', { modality: 1, lab: 3, pacs: 2, guest: 9 });
    writeFileSync(join(directory, 'ct.dump'), ctDataset);
    run('dump2dcm', ['-g', join(directory, 'ct.dump'), dataset]);
    writeFileSync(message, Buffer.from(`\u000b${hl7Message.join('\r')}\r\u001c\r`, 'latin1'));
    network.start('pacs', 'storescp', '-od', directory, '-aet', 'PACS', String(dicomPort));
    network.start('pacs', systemPython, receiverScript, network.hosts.pacs.ip, String(mllpPort));
    network.start('pacs', 'socat', `TCP-LISTEN:${telnetPort},fork,reuseaddr`, 'EXEC:/bin/cat');
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const listening = network.exec('pacs', 'ss', '-ltn');
      if ([dicomPort, mllpPort, telnetPort].every((port) => listening.includes(`:${port} `))) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    writeFileSync(
      join(directory, 'zones.json'),
      JSON.stringify([
        { name: 'imaging', cidr: network.hosts.modality.subnet, trust: 'clinical' },
        { name: 'laboratory', cidr: network.hosts.lab.subnet, trust: 'clinical' },
        { name: 'PACS', cidr: network.hosts.pacs.subnet, trust: 'clinical' },
        { name: 'guest Wi-Fi', cidr: network.hosts.guest.subnet, trust: 'untrusted' },
      ]),
    );
  }, 60_000);

  afterAll(() => network?.remove());

  it('is open before any policy: the scan finds the PACS services and telnet connects', () => {
    expect(scan()).toEqual({ [dicomPort]: 'open', [mllpPort]: 'open', [telnetPort]: 'open' });
    expect(telnet().stdout).toContain('Connected to');
  }, 60_000);

  it('learns from the clinical flows, and its nftables and iptables exports each pass them and drop the guest', async () => {
    const learning = join(directory, 'learning.pcap');
    const tcpdump = await startTcpdump(['-i', 'eth0'], learning, network.hosts.pacs.namespace);
    expect(cStore().status).toBe(0);
    expect(hl7().status).toBe(0);
    await stopTcpdump(tcpdump);
    const zones = join(directory, 'zones.json');
    expect(vigil('ingest', learning, '--zones', zones).status).toBe(0);
    const generated = vigil(
      'policy',
      'generate',
      '--granularity',
      'device',
      '--zones',
      zones,
      '--by',
      'analyst',
    );
    expect(generated.stderr).toBe('');
    expect(generated.stdout).toMatch(/^pol-1: draft/);

    const nftables = join(directory, 'policy.nft');
    writeFileSync(nftables, vigil('policy', 'export', '--format', 'nftables').stdout);
    network.inRouter('nft', '-c', '-f', nftables);
    network.inRouter('nft', '-f', nftables);
    const underNft = await exercise('nftables');
    const iptables = join(directory, 'policy.iptables');
    writeFileSync(iptables, vigil('policy', 'export', '--format', 'iptables').stdout);
    network.inRouter('nft', 'delete', 'table', 'inet', 'vigil');
    network.inRouter('iptables-restore', '--test', iptables);
    network.inRouter('iptables-restore', iptables);
    const underIptables = await exercise('iptables');

    for (const enforced of [underNft, underIptables]) {
      expect(enforced.cStore.status, enforced.cStore.stderr).toBe(0);
      expect(enforced.hl7.status, enforced.hl7.stderr).toBe(0);
      expect(enforced.scan).toEqual({
        [dicomPort]: 'filtered',
        [mllpPort]: 'filtered',
        [telnetPort]: 'filtered',
      });
      expect(enforced.telnet.stdout).not.toContain('Connected to');
      // tshark on the PACS's link: the clinical flows arrived, nothing from the guest did.
      expect(framesFrom(enforced.capture, network.hosts.modality.ip, ' && dicom')).toBeGreaterThan(0);
      expect(framesFrom(enforced.capture, network.hosts.lab.ip, ' && hl7')).toBeGreaterThan(0);
      expect(framesFrom(enforced.capture, network.hosts.guest.ip)).toBe(0);
    }
  }, 180_000);
});
