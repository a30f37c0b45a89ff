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
import { canUseNetworkNamespaces, run, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';

/**
 * BusyBox's telnetd, the one embedded devices run. Debian's busybox package leaves it out, so CI
 * unpacks busybox-static beside it (see .ci/run); `VIGIL_BUSYBOX_TELNETD` may name another.
 */
const busybox = process.env.VIGIL_BUSYBOX_TELNETD ?? '/opt/busybox-static/bin/busybox';
const sshd = '/usr/sbin/sshd';
const vsftpd = '/usr/sbin/vsftpd';
const canRun =
  toolsAvailable('tcpdump', 'tshark', 'hydra', 'ssh', 'ssh-keygen', sshd, vsftpd, busybox) &&
  canUseNetworkNamespaces();

type Host = 'attacker' | 'pump' | 'gateway' | 'pacs' | 'biomed';

/**
 * hydra guessing the telnet login of an infusion pump (BusyBox telnetd with login(1) behind it),
 * the FTP login of a lab gateway (vsftpd) and the SSH login of a PACS (OpenSSH), all at once, as
 * one attacker would; before them the biomed engineer opens one SSH connection, as people do.
 * tshark counts the refusals and connections.
 */
describe.skipIf(!canRun)('hydra against telnetd, vsftpd and sshd', () => {
  const directory = temporaryDirectory('vigil-logins-');
  const capture = join(directory, 'logins.pcap');
  let lan: Segment<Host>;
  let store: Store;
  let alerts: Alert[];
  const ip = (host: Host) => lan.hosts[host].ip;

  /** Runs a program on a host and resolves with its exit code, without blocking the others. */
  const runOn = async (host: Host, command: string, ...args: string[]) => {
    const child = spawn('ip', ['netns', 'exec', lan.hosts[host].namespace, command, ...args], {
      stdio: 'ignore',
    });
    const [code] = await once(child, 'exit');
    return code as number | null;
  };

  beforeAll(async () => {
    lan = createSegment<Host>('10.68.0', {
      attacker: { mac: '02:68:00:00:00:66', host: 66 },
      pump: { mac: '00:1a:01:68:00:21', host: 21 },
      gateway: { mac: '00:c0:b7:68:00:31', host: 31 },
      pacs: { mac: '00:0c:29:68:00:30', host: 30 },
      biomed: { mac: '3c:52:82:68:00:40', host: 40 },
    });
    lan.start('pump', busybox, 'telnetd', '-F', '-p', '23', '-b', ip('pump'), '-l', '/bin/login');
    mkdirSync('/var/run/vsftpd/empty', { recursive: true });
    const ftpConfig = join(directory, 'vsftpd.conf');
    writeFileSync(
      ftpConfig,
      [
        'listen=YES',
        'listen_ipv6=NO',
        `listen_address=${ip('gateway')}`,
        'anonymous_enable=NO',
        'local_enable=YES',
        'pam_service_name=vsftpd',
        'secure_chroot_dir=/var/run/vsftpd/empty',
        'background=NO',
        'seccomp_sandbox=NO',
        '',
      ].join('\n'),
    );
    lan.start('gateway', vsftpd, ftpConfig);
    const hostKey = join(directory, 'host_key');
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
    mkdirSync('/run/sshd', { recursive: true });
    // Passwords checked without PAM's two-second delay, so hydra's guesses fit a short test.
    lan.start(
      'pacs',
      sshd,
      '-D',
      '-e',
      '-f',
      '/dev/null',
      '-h',
      hostKey,
      '-o',
      `ListenAddress=${ip('pacs')}`,
      '-o',
      'PidFile=none',
      '-o',
      'UsePAM=no',
      '-o',
      'PasswordAuthentication=yes',
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const tcpdump = await startTcpdump(['-i', 'br0'], capture, lan.switchNamespace);
    // The biomed engineer: one SSH connection (with no key the PACS knows).
    await runOn(
      'biomed',
      'ssh',
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'ConnectTimeout=5',
      `biomed@${ip('pacs')}`,
      'true',
    );
    const guesses = ['123456', 'password', 'admin', 'biomed', 'service', 'pump123', 'letmein', ''];
    const shortList = join(directory, 'passwords.txt');
    writeFileSync(shortList, guesses.join('\n'));
    // BusyBox login answers each wrong password after a pause, and under load hydra's telnet
    // module gives up on some tries: three times the threshold's worth keeps at least five refusals.
    const telnetList = join(directory, 'passwords-telnet.txt');
    writeFileSync(
      telnetList,
      [...guesses, ...Array.from({ length: 16 }, (_, index) => `Pump-${index}`)].join('\n'),
    );
    // A real wordlist's length: sshd allows six tries per connection, so hydra must reconnect.
    const longList = join(directory, 'passwords-long.txt');
    writeFileSync(longList, `${Array.from({ length: 96 }, (_, index) => `Guess-${index}`).join('\n')}\n`);
    const hydra = (service: string, target: Host, list: string, ...options: string[]) =>
      runOn(
        'attacker',
        'hydra',
        '-l',
        'biomed',
        '-P',
        list,
        '-t',
        '4',
        ...options,
        `${service}://${ip(target)}`,
      );
    await Promise.all([
      hydra('telnet', 'pump', telnetList),
      hydra('ftp', 'gateway', shortList),
      // sshd hangs up after its sixth try; hydra otherwise waits 32 s before it reconnects.
      hydra('ssh', 'pacs', longList, '-w', '2'),
    ]);
    await stopTcpdump(tcpdump);
    ({ store, alerts } = await alertsOfCapture(capture));
  }, 180_000);

  afterAll(async () => {
    lan?.remove();
    await store?.close();
  });

  const guessingOf = (type: string, target: Host) => {
    const alert = onlyAlert(
      alerts,
      `${type} on ${target}`,
      (found) => found.type === type && found.targets[0]?.ip === ip(target),
    );
    expect(alert.sources.map((source) => source.ip)).toEqual([ip('attacker')]);
    expect(alert.sources[0]?.mac).toBe(lan.hosts.attacker.mac);
    expect(alert.techniques).toEqual(['T1110']);
    return alert;
  };

  it("counts each telnet refusal tshark shows from the pump's login, every try of each connection", () => {
    const refusals = tsharkFields(
      capture,
      ['frame.number'],
      `ip.src==${ip('pump')} && tcp.srcport==23 && tcp.payload contains "Login incorrect"`,
    );
    expect(refusals.length).toBeGreaterThanOrEqual(5);
    const guessing = guessingOf('login-brute-force', 'pump');
    expect(guessing.count).toBe(refusals.length);
    expect(guessing.detail.service).toEqual(['telnet']);
    expect(guessing.detail.usernames).toContain('biomed');
  });

  it("counts each 530 tshark shows from vsftpd's FTP login", () => {
    const refusals = tsharkFields(
      capture,
      ['frame.number'],
      `ip.src==${ip('gateway')} && ip.dst==${ip('attacker')} && ftp.response.code==530`,
    );
    expect(refusals.length).toBeGreaterThanOrEqual(5);
    const guessing = guessingOf('login-brute-force', 'gateway');
    expect(guessing.count).toBe(refusals.length);
    expect(guessing.detail.usernames).toEqual(['biomed']);
  });

  it('counts every SSH connection hydra opened to the PACS, as tshark counts their handshakes', () => {
    const connections = tsharkFields(
      capture,
      ['tcp.stream'],
      `ip.src==${ip('attacker')} && ip.dst==${ip('pacs')} && tcp.dstport==22 && tcp.flags.syn==1 && tcp.flags.ack==0`,
    );
    expect(connections.length).toBeGreaterThanOrEqual(15);
    const churn = guessingOf('connection-churn', 'pacs');
    expect(churn.count).toBe(connections.length);
    expect(churn.detail.service).toEqual(['SSH']);
  });

  it('sees no login accepted, and raises nothing about the biomed engineer or the servers', () => {
    expect(alerts.filter((alert) => alert.type === 'login-after-failures')).toEqual([]);
    const innocent = [ip('biomed'), ip('pump'), ip('gateway'), ip('pacs')];
    for (const alert of alerts)
      for (const source of alert.sources)
        expect(innocent, `${alert.type}: ${alert.summary}`).not.toContain(source.ip);
    const biomedSsh = tsharkFields(
      capture,
      ['tcp.stream'],
      `ip.src==${ip('biomed')} && tcp.dstport==22 && tcp.flags.syn==1 && tcp.flags.ack==0`,
    );
    expect(biomedSsh).toHaveLength(1);
  });
});
