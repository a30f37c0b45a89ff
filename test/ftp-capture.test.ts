import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type { FtpLoginObservation } from '../src/dissect/ftp/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { observeCapture } from './support/observe-capture.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
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
  toolsAvailable('tcpdump', 'tshark', 'busybox') &&
  canUseNetworkNamespaces() &&
  systemPythonHas('pyftpdlib', 'python3-pyftpdlib');

describe.skipIf(!canRun)('FTP logins recorded between busybox ftpget and pyftpdlib', () => {
  const directory = temporaryDirectory('vigil-ftp-');
  const capture = join(directory, 'ftp.pcap');
  let hosts: TwoHosts;
  const servers: ChildProcess[] = [];

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:30:e6:21:00:01',
      clientMac: '00:1a:fa:21:00:02',
      subnet: '10.92.0',
    });
    const share = join(directory, 'share');
    mkdirSync(share);
    writeFileSync(join(share, 'service-log.txt'), 'pump service log\n');
    const inServer = (...args: string[]) =>
      spawn('ip', ['netns', 'exec', hosts.server.namespace, ...args], { stdio: 'ignore' });
    servers.push(inServer(systemPython, '-m', 'pyftpdlib', '-i', hosts.server.ip, '-p', '21', '-d', share));
    servers.push(
      inServer(
        systemPython,
        '-m',
        'pyftpdlib',
        '-i',
        hosts.server.ip,
        '-p',
        '2121',
        '-d',
        share,
        '-u',
        'service',
        '-P',
        'pumpservice',
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const tcpdump = await startTcpdump(
      ['-i', 'eth0', 'tcp', 'port', '21', 'or', 'tcp', 'port', '2121'],
      capture,
      hosts.server.namespace,
    );
    const ftpget = (port: number, user: string, password: string) => {
      try {
        hosts.exec(
          hosts.client.namespace,
          'busybox',
          'ftpget',
          '-P',
          String(port),
          '-u',
          user,
          '-p',
          password,
          hosts.server.ip,
          join(directory, `got-${port}-${user}`),
          'service-log.txt',
        );
      } catch {
        // A refused login makes ftpget fail; the exchange is what the test needs.
      }
    };
    ftpget(21, 'anonymous', 'guest@');
    ftpget(2121, 'service', 'pumpservice');
    ftpget(2121, 'service', 'wrong-password');
    await stopTcpdump(tcpdump);
  }, 60_000);

  afterAll(() => {
    for (const server of servers) server.kill();
    hosts?.remove();
  });

  it('reports each login with the user name and verdict tshark shows, and never the password', async () => {
    const { observations, pipeline } = await observeCapture(capture);
    expect(pipeline.dissectCounters.malformed).toBe(0);
    const logins = observations.filter((o): o is FtpLoginObservation => o.kind === 'ftp.login');
    const decodeAs = ['-d', 'tcp.port==2121,ftp'];
    const users = tsharkFields(capture, ['ftp.request.arg'], 'ftp.request.command == "USER"', decodeAs).map(
      ([user]) => user,
    );
    const verdicts = tsharkFields(
      capture,
      ['ftp.response.code'],
      'ftp.response.code == 230 || ftp.response.code == 530',
      decodeAs,
    ).map(([code]) => code === '230');
    const passwords = tsharkFields(capture, ['frame.number'], 'ftp.request.command == "PASS"', decodeAs);
    expect(logins.map((login) => login.username)).toEqual(users);
    expect(logins.map((login) => login.isAccepted)).toEqual(verdicts);
    expect(logins.filter((login) => login.isPasswordSent)).toHaveLength(passwords.length);
    expect(logins.map((login) => [login.username, login.isAnonymous, login.isAccepted])).toEqual([
      ['anonymous', true, true],
      ['service', false, true],
      ['service', false, false],
    ]);
    const text = JSON.stringify(observations);
    expect(text).not.toContain('pumpservice');
    expect(text).not.toContain('wrong-password');
    const greetings = observations.filter((o) => o.kind === 'ftp.greeting');
    expect(greetings).toHaveLength(
      tsharkFields(capture, ['frame.number'], 'ftp.response.code == 220', decodeAs).length,
    );
  });

  it('raises anonymous-ftp and cleartext-credentials on the server', async () => {
    const store = await temporarySqliteStore();
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      // The capture holds only the FTP ports, no ARP: the server is known by its address alone.
      const server = (await store.devices.find(hosts.server.ip))!;
      expect(server.macs).toEqual([]);
      expect(server.findings.map((finding) => finding.type).sort()).toEqual([
        'anonymous-ftp',
        'cleartext-credentials',
      ]);
      expect(server.protocols).toContain('ftp');
      expect(JSON.stringify(await store.devices.list())).not.toContain('pumpservice');
    } finally {
      await store.close();
    }
  });
});
