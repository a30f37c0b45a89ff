import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../src/detect/alert.js';
import type { Store } from '../src/store/open-store.js';
import { alertsOfCapture, onlyAlert } from './support/capture-alerts.js';
import { createSegment, type Segment } from './support/segment.js';
import { temporaryDirectory } from './support/temporary-store.js';
import { canUseNetworkNamespaces, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';

const canRun = toolsAvailable('tcpdump', 'tshark', 'smbd', 'smbclient') && canUseNetworkNamespaces();

const fileServers = Array.from({ length: 10 }, (_, index) => `server${index + 1}`);
type Host = string;
const workstationMac = '3c:52:82:69:00:66';
const serverMac = (index: number) => `00:15:5d:69:00:${(index + 11).toString(16).padStart(2, '0')}`;
// 160 file operations against the detector's threshold of 100 in five minutes: margin for a
// loaded machine, where smbclient or the capture could lose a few.
const encryptedFiles = 80;

/**
 * A compromised workstation on a hospital's office segment: smbclient opening the shares of ten
 * file servers one after another (lateral movement), then on the first writing eighty files and
 * renaming each to `.locked` (ransomware at work). Ten real smbd, one per host. The biomed
 * engineer beside it lists one share, as people do. tshark says which hosts answered and which
 * files were written and renamed.
 */
describe.skipIf(!canRun)('smbclient fanning out to ten Samba servers and encrypting a share', () => {
  const directory = temporaryDirectory('vigil-smb-attack-');
  const capture = join(directory, 'smb.pcap');
  let lan: Segment<Host>;
  let store: Store;
  let alerts: Alert[];
  const ip = (host: Host) => lan.hosts[host]!.ip;

  beforeAll(async () => {
    lan = createSegment<Host>('10.69.0', {
      workstation: { mac: workstationMac, host: 66 },
      biomed: { mac: '3c:52:82:69:00:40', host: 40 },
      ...Object.fromEntries(
        fileServers.map((name, index) => [name, { mac: serverMac(index), host: index + 11 }]),
      ),
    });
    for (const name of fileServers) {
      const configuration = writeSambaConfiguration(join(directory, name), ip(name), name);
      lan.start(name, 'smbd', '--foreground', '--no-process-group', '-s', configuration);
    }
    for (const name of fileServers) await waitForSmb(lan, name);
    const local = join(directory, 'workstation-files');
    mkdirSync(local);
    const files = Array.from({ length: encryptedFiles }, (_, index) => `study-${index}.dcm`);
    for (const file of files) writeFileSync(join(local, file), `report ${file}\n`);
    const tcpdump = await startTcpdump(['-i', 'br0', 'tcp port 445'], capture, lan.switchNamespace);
    const smbclient = (from: Host, server: Host, share: string, commands: string) =>
      lan.exec(from, 'smbclient', `//${ip(server)}/${share}`, '-N', '-m', 'SMB3', '-c', commands);
    smbclient('biomed', 'server1', 'reports', 'ls');
    for (const name of fileServers) smbclient('workstation', name, 'reports', 'ls');
    smbclient(
      'workstation',
      'server1',
      'reports',
      [
        `lcd ${local}`,
        ...files.map((file) => `put ${file}`),
        ...files.map((file) => `rename ${file} ${file}.locked`),
      ].join('; '),
    );
    await stopTcpdump(tcpdump);
    ({ store, alerts } = await alertsOfCapture(capture));
  }, 180_000);

  afterAll(async () => {
    lan?.remove();
    await store?.close();
  });

  const only = (type: string) => onlyAlert(alerts, type, (alert) => alert.type === type);

  it('names the workstation moving to every file server that answered it, as tshark shows', () => {
    const movement = only('lateral-movement');
    expect(movement.sources).toMatchObject([{ ip: ip('workstation'), mac: workstationMac }]);
    const answered = tsharkFields(
      capture,
      ['ip.src'],
      `ip.dst==${ip('workstation')} && tcp.srcport==445 && tcp.flags.syn==1 && tcp.flags.ack==1`,
    ).map(([source]) => source!);
    expect(new Set(answered).size).toBe(fileServers.length);
    expect(movement.targets.map((target) => target.ip).sort()).toEqual([...new Set(answered)].sort());
    expect(movement.detail.services).toEqual(['SMB']);
    expect(movement.techniques).toEqual(['T0886', 'T1021']);
  });

  it('names the files written and renamed on the share, counted as tshark counts them', () => {
    const toServer = `ip.src==${ip('workstation')} && ip.dst==${ip('server1')} && smb2.flags.response==0`;
    const written = new Set(
      tsharkFields(capture, ['smb2.fid'], `${toServer} && smb2.cmd==9`).map(([fid]) => fid),
    );
    const renames = tsharkFields(
      capture,
      ['frame.number'],
      `${toServer} && smb2.cmd==17 && smb2.file_info.infolevel==0x0a`,
    );
    expect(written.size).toBe(encryptedFiles);
    expect(renames).toHaveLength(encryptedFiles);
    const ransomware = only('ransomware-smb');
    expect(ransomware.sources).toMatchObject([{ ip: ip('workstation') }]);
    expect(ransomware.targets).toMatchObject([{ ip: ip('server1'), mac: serverMac(0) }]);
    expect(ransomware.severity).toBe('critical');
    expect(ransomware.count).toBe(written.size + renames.length);
    expect(JSON.stringify(ransomware)).not.toContain('study-');
  });

  it('raises nothing about the biomed engineer or the file servers', () => {
    const innocent = [ip('biomed'), ...fileServers.map((name) => ip(name))];
    for (const alert of alerts)
      for (const source of alert.sources)
        expect(innocent, `${alert.type}: ${alert.summary}`).not.toContain(source.ip);
  });
});

function writeSambaConfiguration(directory: string, ip: string, name: string): string {
  const state = join(directory, 'state');
  const share = join(directory, 'reports');
  for (const folder of [state, share]) mkdirSync(folder, { recursive: true });
  writeFileSync(join(share, 'readme.txt'), `reports on ${name}\n`);
  const path = join(directory, 'smb.conf');
  writeFileSync(
    path,
    [
      '[global]',
      '  workgroup = HOSPITAL',
      `  netbios name = ${name.toUpperCase()}`,
      '  security = user',
      '  map to guest = Bad User',
      ...['private dir', 'lock directory', 'state directory', 'cache directory', 'pid directory'].map(
        (setting) => `  ${setting} = ${state}`,
      ),
      `  log file = ${state}/log.%m`,
      `  interfaces = ${ip}/24`,
      '  bind interfaces only = yes',
      '  load printers = no',
      '  disable spoolss = yes',
      '[reports]',
      `  path = ${share}`,
      '  guest ok = yes',
      '  read only = no',
      '  force user = root',
      '',
    ].join('\n'),
  );
  return path;
}

/** Waits until the host's smbd listens on 445. */
async function waitForSmb(lan: Segment<Host>, host: Host): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (lan.exec(host, 'ss', '-ltn', 'sport = :445').includes(':445')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`smbd on ${host} does not listen on 445`);
}
