import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../src/detect/alert.js';
import type { Store } from '../src/store/open-store.js';
import { alertsOfCapture, onlyAlert } from './support/capture-alerts.js';
import { createSegment, type Segment } from './support/segment.js';
import { temporaryDirectory } from './support/temporary-store.js';
import {
  canUseNetworkNamespaces,
  startTcpdump,
  stopTcpdump,
  systemPython,
  systemPythonHas,
  toolsAvailable,
} from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { vigilOn } from './support/vigil-cli.js';

const canRun =
  toolsAvailable('tcpdump', 'tshark', 'nmap', 'hydra', 'arpspoof', 'socat', 'busybox') &&
  canUseNetworkNamespaces() &&
  systemPythonHas('pyftpdlib', 'python3-pyftpdlib');

type Host = 'attacker' | 'pump' | 'pacs' | 'biomed';
const servicePassword = 'Pump-Service-7';

/**
 * Real attacks on a recorded ward segment: nmap (SYN, connect and UDP scans), hydra guessing the
 * FTP login of an infusion pump's service port until it finds the password, arpspoof posing as
 * the PACS to the pump; and the biomed engineer's ordinary FTP login beside them.
 * tshark, on the same capture, says what happened.
 */
describe.skipIf(!canRun)('attacks recorded with nmap, hydra and arpspoof', () => {
  const directory = temporaryDirectory('vigil-attacks-');
  const capture = join(directory, 'attacks.pcap');
  let lan: Segment<Host>;
  let store: Store;
  let alerts: Alert[];
  const ip = (host: Host) => lan.hosts[host].ip;

  beforeAll(async () => {
    lan = createSegment<Host>('10.66.0', {
      attacker: { mac: '02:66:00:00:00:66', host: 66 },
      pump: { mac: '00:1a:01:66:00:21', host: 21 },
      pacs: { mac: '00:0c:29:66:00:30', host: 30 },
      biomed: { mac: '3c:52:82:66:00:40', host: 40 },
    });
    // Closed UDP ports answer at once, as a pump's stack would without Linux's ICMP rate limit.
    lan.exec('pump', 'sysctl', '-q', '-w', 'net.ipv4.icmp_ratelimit=0');
    const share = join(directory, 'share');
    mkdirSync(share);
    writeFileSync(join(share, 'pump-log.txt'), 'service log\n');
    lan.start(
      'pump',
      systemPython,
      '-m',
      'pyftpdlib',
      '-i',
      ip('pump'),
      '-p',
      '21',
      '-d',
      share,
      '-u',
      'biomed',
      '-P',
      servicePassword,
    );
    lan.start('pacs', 'socat', 'TCP-LISTEN:104,reuseaddr,fork', 'EXEC:/bin/cat');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const tcpdump = await startTcpdump(['-i', 'br0'], capture, lan.switchNamespace);
    // The biomed engineer fetches the pump's log with the right password: nothing to see.
    lan.exec(
      'biomed',
      'busybox',
      'ftpget',
      '-u',
      'biomed',
      '-p',
      servicePassword,
      ip('pump'),
      '/dev/null',
      'pump-log.txt',
    );
    lan.exec('attacker', 'nmap', '-n', '-Pn', '-sS', '-p', '1-200', '--max-retries', '0', ip('pump'));
    lan.exec('attacker', 'nmap', '-n', '-Pn', '-sT', '-p', '1-200', '--max-retries', '0', ip('pacs'));
    lan.exec('attacker', 'nmap', '-n', '-Pn', '-sU', '-p', '1-40', '--max-retries', '1', ip('pump'));
    const passwords = join(directory, 'passwords.txt');
    writeFileSync(
      passwords,
      ['123456', 'password', 'admin', 'biomed', 'service', 'pump123', servicePassword, ''].join('\n'),
    );
    lan.exec('attacker', 'hydra', '-l', 'biomed', '-P', passwords, '-t', '1', '-f', `ftp://${ip('pump')}`);
    // arpspoof tells the pump, every two seconds, that the PACS's address is at the attacker.
    const spoof = spawn(
      'ip',
      ['netns', 'exec', lan.hosts.attacker.namespace, 'arpspoof', '-i', 'eth0', '-t', ip('pump'), ip('pacs')],
      { stdio: 'ignore' },
    );
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const exited = once(spoof, 'exit');
    spoof.kill('SIGKILL');
    await exited;
    await stopTcpdump(tcpdump);
    ({ store, alerts } = await alertsOfCapture(capture));
  }, 180_000);

  afterAll(async () => {
    lan?.remove();
    await store?.close();
  });

  const only = (type: string) => onlyAlert(alerts, type, (alert) => alert.type === type);

  it('names the port scans with the attacker, both victims and every port tshark saw probed', () => {
    const scan = only('port-scan');
    expect(scan.key).toBe(ip('attacker'));
    expect(scan.sources.map((source) => source.ip)).toEqual([ip('attacker')]);
    expect(scan.targets.map((target) => target.ip).sort()).toEqual([ip('pump'), ip('pacs')].sort());
    expect(scan.detail.method?.sort()).toEqual(['TCP SYN', 'TCP connect', 'UDP']);
    expect(scan.techniques).toEqual(['T0846', 'T1046']);
    const synPorts = tsharkFields(
      capture,
      ['tcp.dstport'],
      `ip.src==${ip('attacker')} && tcp.flags.syn==1 && tcp.flags.ack==0`,
    );
    const udpPorts = tsharkFields(capture, ['udp.dstport'], `ip.src==${ip('attacker')} && udp && !icmp`);
    const expected = new Set([
      ...synPorts.map(([port]) => `${port}/tcp`),
      ...udpPorts.map(([port]) => `${port}/udp`),
    ]);
    // Ports 21 and 23 were also probed by the scans; hydra's sessions there carried data and are no probes.
    expect(new Set(scan.detail.ports)).toEqual(expected);
    expect(scan.evidence[0]?.capture).toBe(capture);
  });

  it('names hydra guessing FTP, counts each refusal tshark shows, and the guess that worked', () => {
    const guessing = alerts.find(
      (alert) => alert.type === 'login-brute-force' && alert.detail.service?.[0] === 'FTP',
    );
    expect(guessing).toBeDefined();
    expect(guessing?.sources[0]?.ip).toBe(ip('attacker'));
    expect(guessing?.targets[0]?.ip).toBe(ip('pump'));
    const refusals = tsharkFields(
      capture,
      ['frame.number'],
      `ip.src==${ip('pump')} && ip.dst==${ip('attacker')} && ftp.response.code==530`,
    );
    expect(guessing?.count).toBe(refusals.length);
    expect(guessing?.detail.usernames).toEqual(['biomed']);
    const worked = only('login-after-failures');
    expect(worked.severity).toBe('critical');
    expect(worked.summary).toContain(`FTP login accepted for biomed from ${ip('attacker')} to ${ip('pump')}`);
    // No password is in any alert.
    expect(JSON.stringify(alerts)).not.toContain(servicePassword);
  });

  it("names arpspoof's MAC as the one claiming the PACS's address, counted as tshark counts its replies", () => {
    const spoofing = only('address-conflict');
    expect(spoofing.key).toBe(lan.hosts.attacker.mac);
    expect(spoofing.targets).toMatchObject([{ ip: ip('pacs'), mac: lan.hosts.pacs.mac }]);
    const claims = tsharkFields(
      capture,
      ['frame.number'],
      `arp.src.proto_ipv4==${ip('pacs')} && arp.src.hw_mac==${lan.hosts.attacker.mac}`,
    );
    expect(spoofing.count).toBe(claims.length);
    expect(spoofing.techniques).toEqual(['T0830', 'T1557.002']);
  });

  it('raises nothing about the biomed engineer, the pump or the PACS as sources', () => {
    const innocent = [ip('biomed'), ip('pump'), ip('pacs'), lan.hosts.pacs.mac, lan.hosts.pump.mac];
    for (const alert of alerts)
      for (const source of alert.sources) {
        expect(innocent, `${alert.type}: ${alert.summary}`).not.toContain(source.ip);
        expect(innocent, `${alert.type}: ${alert.summary}`).not.toContain(source.mac);
      }
  });

  it('ties each party to its device, and keeps the PACS address on the PACS', async () => {
    const scan = only('port-scan');
    const attacker = await store.devices.find(lan.hosts.attacker.mac);
    expect(scan.sources[0]?.deviceId).toBe(attacker?.id);
    const pacs = await store.devices.find(lan.hosts.pacs.mac);
    expect(pacs?.ips).toContain(ip('pacs'));
    expect(attacker?.ips).not.toContain(ip('pacs'));
    expect(only('address-conflict').targets[0]?.deviceId).toBe(pacs?.id);
  });

  it('lists them with vigil alerts --json in the documented fields', () => {
    const listed = JSON.parse(
      vigilOn(store.location)('alerts', '--json', '--severity', 'high').stdout,
    ) as Alert[];
    expect(listed.length).toBeGreaterThanOrEqual(3);
    for (const alert of listed) {
      expect(['high', 'critical']).toContain(alert.severity);
      for (const field of [
        'id',
        'type',
        'severity',
        'techniques',
        'sources',
        'targets',
        'firstSeen',
        'lastSeen',
        'count',
        'status',
        'summary',
        'evidence',
      ])
        expect(alert).toHaveProperty(field);
      for (const party of [...alert.sources, ...alert.targets])
        expect(Object.keys(party)).toEqual(expect.arrayContaining(['deviceId', 'ip', 'mac']));
    }
  });
});
