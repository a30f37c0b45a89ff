import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type { NbnsMessageObservation } from '../src/dissect/nbns/observation.js';
import type { SmbHostInfoObservation, SmbNegotiateObservation } from '../src/dissect/smb/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import type { Observation } from '../src/observe/observation.js';
import { waitForListener } from './support/daemons.js';
import { observeCapture } from './support/observe-capture.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { canUseNetworkNamespaces, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun =
  toolsAvailable('tcpdump', 'tshark', 'smbd', 'nmbd', 'smbclient', 'nmblookup') && canUseNetworkNamespaces();
const allOccurrences = ['-E', 'occurrence=a', '-E', 'aggregator=,'];

/**
 * A Samba file server (an archive's share, as on many PACS and modality consoles) that still
 * accepts SMBv1, and smbclient connecting with NT1, SMB2 and SMB3 over 445 and 139; nmbd
 * registering its NetBIOS names and answering nmblookup's query and node-status request.
 */
describe.skipIf(!canRun)('SMB and NBNS recorded between Samba and smbclient/nmblookup', () => {
  const directory = temporaryDirectory('vigil-samba-');
  const capture = join(directory, 'samba.pcap');
  let hosts: TwoHosts;
  const daemons: ChildProcess[] = [];
  let observations: Observation[];
  let malformed: number;

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:15:5d:39:00:01',
      clientMac: '00:1a:fa:39:00:02',
      subnet: '10.93.0',
    });
    const configuration = writeSambaConfiguration(directory, hosts.server.ip);
    const tcpdump = await startTcpdump(
      ['-i', 'eth0', 'tcp port 445 or tcp port 139 or udp port 137'],
      capture,
      hosts.server.namespace,
    );
    for (const daemon of ['smbd', 'nmbd'])
      daemons.push(
        spawn(
          'ip',
          [
            'netns',
            'exec',
            hosts.server.namespace,
            daemon,
            '--foreground',
            '--no-process-group',
            '-s',
            configuration,
          ],
          { stdio: 'ignore' },
        ),
      );
    await waitForListener(hosts, 445);
    const smbclient = (...args: string[]) => {
      try {
        hosts.exec(hosts.client.namespace, 'smbclient', ...args, '-c', 'ls');
      } catch {
        // A refused session still shows its negotiate and session setup, which is what is tested.
      }
    };
    const share = `//${hosts.server.ip}/images`;
    smbclient('-N', '--option=client min protocol=NT1', '-m', 'NT1', share);
    smbclient('-N', '--option=client min protocol=NT1', '-m', 'NT1', '-p', '139', share);
    smbclient('-U', 'biomed%Pump-Service-2026', '-m', 'SMB3', share);
    smbclient('-N', '-m', 'SMB2', share);
    // nmbd registers its names by broadcast a few seconds after starting, later on a loaded machine:
    // ask until it answers.
    await retry(() => hosts.exec(hosts.client.namespace, 'nmblookup', '-B', '10.93.0.255', 'PACS-ARCHIVE'));
    await retry(() => hosts.exec(hosts.client.namespace, 'nmblookup', '-A', hosts.server.ip));
    await stopTcpdump(tcpdump);
    const result = await observeCapture(capture);
    observations = result.observations;
    malformed = result.pipeline.dissectCounters.malformed;
  }, 90_000);

  afterAll(() => {
    // nmbd outlives SIGTERM while it waits on its sockets; nothing of theirs needs a clean shutdown.
    for (const daemon of daemons) daemon.kill('SIGKILL');
    hosts?.remove();
  });

  it('reads each negotiate as tshark does: offered dialects, the choice, SMBv1 and signing', () => {
    expect(malformed).toBe(0);
    const negotiations = observations.filter((o): o is SmbNegotiateObservation => o.kind === 'smb.negotiate');
    const smb1Offers = tsharkFields(
      capture,
      ['smb.dialect'],
      'smb.cmd == 0x72 && smb.flags.response == 0',
      allOccurrences,
    );
    const smb1Answers = tsharkFields(
      capture,
      ['smb.dialect.index', 'smb.sm.sig_required'],
      'smb.cmd == 0x72 && smb.flags.response == 1',
    );
    const smb2Offers = tsharkFields(
      capture,
      ['smb2.dialect'],
      'smb2.cmd == 0 && smb2.flags.response == 0',
      allOccurrences,
    );
    const smb2Answers = tsharkFields(
      capture,
      ['smb2.dialect', 'smb2.sec_mode.sign_required'],
      'smb2.cmd == 0 && smb2.flags.response == 1',
    );
    const expected = [
      ...smb1Answers.map(([index, signing], at) => {
        const offered = smb1Offers[at]![0]!.split(',');
        return { isSmb1: true, offered, chosen: offered[Number(index)], signing: signing === '1' };
      }),
      ...smb2Answers.map(([dialect, signing], at) => ({
        isSmb1: false,
        offered: smb2Offers[at]![0]!.split(',').map(tsharkDialectName),
        chosen: tsharkDialectName(dialect!),
        signing: signing === '1',
      })),
    ];
    const seen = negotiations.map((negotiation) => ({
      isSmb1: negotiation.isSmb1,
      offered: negotiation.offeredDialects,
      chosen: negotiation.chosenDialect,
      signing: negotiation.isSigningRequired,
    }));
    expect(seen.filter((n) => n.isSmb1)).toEqual(expected.filter((n) => n.isSmb1));
    expect(seen.filter((n) => !n.isSmb1)).toEqual(expected.filter((n) => !n.isSmb1));
    expect(seen.map((n) => n.chosen)).toEqual(['NT LANMAN 1.0', 'NT LANMAN 1.0', '3.1.1', '2.1']);
  });

  it('reads native OS, LAN manager and NTLMSSP names as tshark does, and no user name or password', () => {
    const hostInfo = observations.filter((o): o is SmbHostInfoObservation => o.kind === 'smb.host-info');
    const native = tsharkFields(capture, ['smb.native_os', 'smb.native_lanman'], 'smb.native_os');
    expect(
      hostInfo
        .filter((info) => info.nativeOs !== undefined)
        .map((info) => [info.nativeOs, info.nativeLanManager]),
    ).toEqual(native);
    const challenges = tsharkFields(
      capture,
      [
        'ntlmssp.challenge.target_info.nb_computer_name',
        'ntlmssp.challenge.target_info.nb_domain_name',
        'ntlmssp.challenge.target_info.dns_computer_name',
      ],
      'ntlmssp.messagetype == 2',
    );
    expect(
      hostInfo
        .filter((info) => info.netbiosComputerName !== undefined)
        .map((info) => [info.netbiosComputerName, info.netbiosDomainName, info.dnsComputerName]),
    ).toEqual(challenges);
    const authentications = tsharkFields(
      capture,
      ['ntlmssp.auth.hostname', 'ntlmssp.auth.domain'],
      'ntlmssp.messagetype == 3',
    );
    expect(
      hostInfo
        .filter((info) => info.workstation !== undefined)
        .map((info) => [info.workstation, info.domain]),
    ).toEqual(authentications);
    const versions = tsharkFields(
      capture,
      ['ntlmssp.version.major', 'ntlmssp.version.minor', 'ntlmssp.version.build_number'],
      'ntlmssp.version',
    ).map((parts) => parts.join('.'));
    expect(hostInfo.map((info) => info.ntlmOsVersion).filter((version) => version !== undefined)).toEqual(
      versions,
    );
    expect(challenges[0]![0]).toBe('PACS-ARCHIVE');
    const text = JSON.stringify(observations);
    expect(text).not.toContain('Pump-Service-2026');
    expect(text).not.toContain('biomed');
  });

  it('reads NetBIOS names, their types and addresses as tshark does', () => {
    const messages = observations.filter((o): o is NbnsMessageObservation => o.kind === 'nbns.message');
    const oracle = tsharkFields(capture, ['nbns.flags.opcode', 'nbns.flags.response', 'nbns.addr'], 'nbns');
    expect(messages.map((m) => [m.opcode, m.isResponse, m.records[0]?.address ?? ''])).toEqual(
      oracle.map(([opcode, response, address]) => [opcodeName(opcode!), response === '1', address]),
    );
    const names = tsharkFields(capture, ['nbns.name'], 'nbns').map(([name]) =>
      name!.replace(/,.*$/, '').replace(/ \(.*\)$/, ''),
    );
    expect(messages.map((m) => `${m.name}<${m.suffix!.toString(16).padStart(2, '0')}>`)).toEqual(
      names.map((name) => name.replace(/^\*(<00>)+$/, '*<00>')),
    );
    const nodeTable = tsharkFields(capture, ['nbns.netbios_name'], 'nbns.netbios_name', allOccurrences);
    const nodeAnswer = messages.find((m) => m.nodeNames.length > 0)!;
    expect(nodeAnswer.nodeNames.map((n) => n.name)).toEqual(nodeTable[0]![0]!.split(','));
    expect(messages.some((m) => m.opcode === 'registration' && m.name === 'PACS-ARCHIVE')).toBe(true);
  });

  it('gives the server its names, workgroup and software, and raises smbv1 and unsigned SMB', async () => {
    const store = await temporarySqliteStore();
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const server = (await store.devices.find(hosts.server.ip))!;
      const values = (name: string) =>
        [...new Set(server.attributes.filter((a) => a.name === name).map((a) => a.value))].sort();
      expect(values('netbios.name')).toEqual(['PACS-ARCHIVE']);
      expect(values('netbios.workgroup')).toEqual(['RADIOLOGY']);
      expect(values('hostname')).toContain('PACS-ARCHIVE');
      expect(values('software')[0]).toMatch(/^Samba 4\./);
      // Samba reports Windows 6.1 with build 0: it must not be taken for Windows 7.
      expect(values('os').filter((os) => os.startsWith('Windows'))).toEqual([]);
      expect(server.protocols).toEqual(expect.arrayContaining(['smb', 'nbns']));
      expect(server.findings.map((finding) => finding.type).sort()).toEqual([
        'smb-signing-not-required',
        'smbv1',
      ]);
      const client = (await store.devices.find(hosts.client.ip))!;
      expect(client.findings.map((finding) => finding.type)).toEqual(['smbv1']);
    } finally {
      await store.close();
    }
  });
});

/** tshark prints SMB2 dialects as hex codes (`0x0311`); Vigil names them by version (`3.1.1`). */
function tsharkDialectName(code: string): string {
  const names: Record<string, string> = {
    '0x0202': '2.0.2',
    '0x0210': '2.1',
    '0x02ff': '2.???',
    '0x0300': '3.0',
    '0x0302': '3.0.2',
    '0x0311': '3.1.1',
  };
  return names[code.toLowerCase()] ?? code;
}

function opcodeName(code: string): string {
  return (
    ({ '0': 'query', '5': 'registration', '6': 'release', '8': 'refresh' } as Record<string, string>)[code] ??
    code
  );
}

function writeSambaConfiguration(directory: string, ip: string): string {
  const state = join(directory, 'samba-state');
  const share = join(directory, 'images');
  for (const folder of [state, share]) mkdirSync(folder, { recursive: true });
  writeFileSync(join(share, 'series-0001.dcm'), 'not really DICOM\n');
  const path = join(directory, 'smb.conf');
  writeFileSync(
    path,
    [
      '[global]',
      '  workgroup = RADIOLOGY',
      '  netbios name = PACS-ARCHIVE',
      '  server min protocol = NT1',
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
      '[images]',
      `  path = ${share}`,
      '  guest ok = yes',
      '  read only = yes',
      '',
    ].join('\n'),
  );
  return path;
}

/** Runs `attempt` until it stops throwing, a second apart, at most 20 times. */
async function retry(attempt: () => unknown): Promise<void> {
  for (let remaining = 20; ; remaining -= 1) {
    try {
      attempt();
      return;
    } catch (error) {
      if (remaining <= 1) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}
