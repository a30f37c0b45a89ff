import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type { RdpNegotiationObservation } from '../src/dissect/rdp/observation.js';
import type { VncDesktopObservation, VncHandshakeObservation } from '../src/dissect/vnc/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { startInNamespace, stopDaemons, waitForListener } from './support/daemons.js';
import { observeCapture } from './support/observe-capture.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { canUseNetworkNamespaces, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun =
  toolsAvailable('tcpdump', 'tshark', 'Xvnc', 'vncsnapshot', 'xrdp', 'xfreerdp', 'xvfb-run') &&
  canUseNetworkNamespaces();
const desktopName = 'ICU-CENTRAL-STATION';

/**
 * TigerVNC's Xvnc serving a desktop without a password (as some monitoring consoles ship) to
 * vncsnapshot, and xrdp answering FreeRDP's connection request.
 */
describe.skipIf(!canRun)('VNC and RDP recorded between Xvnc/vncsnapshot and xrdp/xfreerdp', () => {
  const directory = temporaryDirectory('vigil-remote-');
  const capture = join(directory, 'remote.pcap');
  let hosts: TwoHosts;
  const daemons: ChildProcess[] = [];

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:80:64:59:00:01',
      clientMac: '00:1a:fa:59:00:02',
      subnet: '10.96.0',
    });
    const server = hosts.server.namespace;
    daemons.push(
      startInNamespace(
        server,
        'Xvnc',
        ':7',
        '-SecurityTypes',
        'None',
        '-localhost',
        'no',
        '-geometry',
        '320x200',
        '-desktop',
        desktopName,
      ),
      startInNamespace(server, 'xrdp', '--nodaemon'),
    );
    await waitForListener(hosts, 5907);
    await waitForListener(hosts, 3389);
    const tcpdump = await startTcpdump(['-i', 'eth0', 'tcp port 5907 or tcp port 3389'], capture, server);
    const inClient = (command: string, ...args: string[]) => {
      try {
        hosts.exec(hosts.client.namespace, 'timeout', '15', command, ...args);
      } catch {
        // vncsnapshot gives up on an unchanging screen and xfreerdp on the login: the handshakes are what count.
      }
    };
    inClient('vncsnapshot', `${hosts.server.ip}:7`, join(directory, 'screen.jpg'));
    inClient(
      'xvfb-run',
      '-a',
      'xfreerdp',
      `/v:${hosts.server.ip}`,
      '/u:biomed',
      '/p:Service-2026',
      '/cert:ignore',
      '+auth-only',
    );
    await stopTcpdump(tcpdump);
  }, 90_000);

  afterAll(() => {
    stopDaemons(daemons);
    hosts?.remove();
  });

  it('reads the RFB versions, security type and desktop name as tshark does', async () => {
    const { observations, pipeline } = await observeCapture(capture);
    expect(pipeline.dissectCounters.malformed).toBe(0);
    const handshakes = observations.filter((o): o is VncHandshakeObservation => o.kind === 'vnc.handshake');
    const desktops = observations.filter((o): o is VncDesktopObservation => o.kind === 'vnc.desktop');
    const serverVersions = tsharkFields(capture, ['vnc.server_proto_ver'], 'vnc.server_proto_ver');
    const clientVersions = tsharkFields(capture, ['vnc.client_proto_ver'], 'vnc.client_proto_ver');
    const securityTypes = tsharkFields(capture, ['vnc.server_security_type'], 'vnc.server_security_type');
    const names = tsharkFields(capture, ['vnc.desktop_name', 'vnc.width', 'vnc.height'], 'vnc.desktop_name');
    expect(handshakes.map((h) => h.serverVersion)).toEqual(serverVersions.map(([version]) => version));
    expect(handshakes.map((h) => h.clientVersion)).toEqual(clientVersions.map(([version]) => version));
    // tshark prints security type 1 as its number; Vigil names it.
    expect(handshakes.map((h) => h.securityType)).toEqual(
      securityTypes.map(([type]) => (type === '1' ? 'none' : type)),
    );
    expect(desktops.map((d) => [d.desktopName, String(d.width), String(d.height)])).toEqual(names);
    expect(desktops[0]?.desktopName).toBe(desktopName);
  });

  it('reads the RDP protocols requested and selected as tshark does', async () => {
    const { observations } = await observeCapture(capture);
    const negotiations = observations.filter(
      (o): o is RdpNegotiationObservation => o.kind === 'rdp.negotiation',
    );
    const requested = tsharkFields(
      capture,
      ['rdp.negReq.requestedProtocols.ssl', 'rdp.negReq.requestedProtocols.hybrid'],
      'rdp.negReq.requestedProtocols',
    );
    // tshark names the response's field under negReq.
    const selected = tsharkFields(capture, ['rdp.negReq.selectedProtocol'], 'rdp.negReq.selectedProtocol');
    expect(negotiations).toHaveLength(selected.length);
    expect(
      negotiations.map((n) => [
        n.requestedProtocols.includes('tls'),
        n.requestedProtocols.includes('credssp'),
      ]),
    ).toEqual(
      requested.map(([ssl, hybrid]) => [ssl === '1' || ssl === 'True', hybrid === '1' || hybrid === 'True']),
    );
    const protocolByCode: Record<string, string> = {
      '0x00000000': 'rdp',
      '0x00000001': 'tls',
      '0x00000002': 'credssp',
    };
    expect(negotiations.map((n) => n.selectedProtocol)).toEqual(
      selected.map(([code]) => protocolByCode[code!]),
    );
    expect(JSON.stringify(observations)).not.toContain('biomed');
  });

  it('raises vnc-no-authentication and rdp-without-nla on the server', async () => {
    const store = await temporarySqliteStore();
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const server = (await store.devices.find(hosts.server.ip))!;
      expect(server.findings.map((finding) => finding.type).sort()).toEqual([
        'rdp-without-nla',
        'vnc-no-authentication',
      ]);
      expect(server.protocols).toEqual(expect.arrayContaining(['rdp', 'vnc']));
      expect(server.attributes.find((a) => a.name === 'vnc.desktop-name')?.value).toBe(desktopName);
    } finally {
      await store.close();
    }
  });
});
