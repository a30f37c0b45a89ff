import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import { tlsVersionNames } from '../src/dissect/tls/consts.js';
import type { TlsClientHelloObservation, TlsServerHelloObservation } from '../src/dissect/tls/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { observeCapture } from './support/observe-capture.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import {
  canUseNetworkNamespaces,
  run,
  selfSignedCertificate,
  startTcpdump,
  stopTcpdump,
  toolsAvailable,
} from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun = toolsAvailable('tcpdump', 'tshark', 'openssl') && canUseNetworkNamespaces();
const port = 8443;
/** OpenSSL refuses TLS 1.0 by default; the legacy client below needs the old ciphers back. */
const legacyCiphers = 'DEFAULT:@SECLEVEL=0';
const serverName = 'pacs01.radiology.example';

describe.skipIf(!canRun)('TLS recorded between openssl s_client and s_server', () => {
  const directory = temporaryDirectory('vigil-tls-');
  const capture = join(directory, 'tls.pcap');
  let hosts: TwoHosts;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:09:5c:44:01:01',
      clientMac: '00:a0:37:44:01:02',
      subnet: '10.90.0',
    });
    const { key, certificate } = selfSignedCertificate(directory, `/CN=${serverName}/O=Vigil Test`);
    server = spawn(
      'ip',
      [
        'netns',
        'exec',
        hosts.server.namespace,
        'openssl',
        's_server',
        '-accept',
        String(port),
        '-cert',
        certificate,
        '-key',
        key,
        '-cipher',
        legacyCiphers,
        '-min_protocol',
        'TLSv1',
        '-quiet',
      ],
      { stdio: 'ignore' },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const tcpdump = await startTcpdump(['-i', 'eth0'], capture, hosts.server.namespace);
    for (const version of ['-tls1_3', '-tls1_2', '-tls1']) {
      run(
        'ip',
        [
          'netns',
          'exec',
          hosts.client.namespace,
          'openssl',
          's_client',
          '-connect',
          `${hosts.server.ip}:${port}`,
          '-servername',
          serverName,
          '-alpn',
          'http/1.1',
          version,
          '-cipher',
          legacyCiphers,
        ],
        { input: '' },
      );
    }
    await stopTcpdump(tcpdump);
  }, 60_000);

  afterAll(() => {
    server?.kill();
    hosts?.remove();
  });

  const tshark = (fields: string[], filter: string) =>
    tsharkFields(capture, fields, filter, ['-d', `tcp.port==${port},tls`]);

  it('reads SNI, ALPN, JA3, JA3S and the chosen version as tshark does', async () => {
    const { observations, pipeline } = await observeCapture(capture);
    expect(pipeline.dissectCounters.malformed).toBe(0);
    const clientHellos = observations.filter(
      (o): o is TlsClientHelloObservation => o.kind === 'tls.client-hello',
    );
    const serverHellos = observations.filter(
      (o): o is TlsServerHelloObservation => o.kind === 'tls.server-hello',
    );
    expect(clientHellos.map((hello) => [hello.serverName, hello.alpn[0], hello.ja3])).toEqual(
      tshark(
        ['tls.handshake.extensions_server_name', 'tls.handshake.extensions_alpn_str', 'tls.handshake.ja3'],
        'tls.handshake.type == 1',
      ),
    );
    expect(serverHellos.map((hello) => [hello.ja3s, hello.version])).toEqual(
      tshark(
        ['tls.handshake.ja3s', 'tls.handshake.extensions.supported_version', 'tls.handshake.version'],
        'tls.handshake.type == 2',
      ).map(([ja3s, supportedVersion, legacyVersion]) => [
        ja3s,
        tlsVersionNames[Number(supportedVersion || legacyVersion)],
      ]),
    );
    expect(serverHellos.map((hello) => hello.version)).toEqual(['TLSv1.3', 'TLSv1.2', 'TLSv1.0']);
    // The certificate is in clear only below TLS 1.3.
    const certificates = observations.filter((o) => o.kind === 'tls.certificate');
    expect(certificates).toHaveLength(tshark(['frame.number'], 'tls.handshake.type == 11').length);
    expect(certificates).toHaveLength(2);
    expect(certificates[0]).toMatchObject({
      subject: expect.stringContaining(`CN=${serverName}`),
      isSelfSigned: true,
    });
  });

  it('flags the server that agreed to TLS 1.0 and fingerprints the client', async () => {
    const store = await temporarySqliteStore();
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const tlsServer = (await store.devices.find(hosts.server.mac))!;
      expect(tlsServer.findings.map((finding) => finding.type)).toEqual(['deprecated-tls']);
      const names = (name: string) =>
        tlsServer.attributes
          .filter((attribute) => attribute.name === name)
          .map((attribute) => attribute.value)
          .sort();
      expect(names('tls.version')).toEqual(['TLSv1.0', 'TLSv1.2', 'TLSv1.3']);
      expect(names('tls.server-name')).toEqual([serverName]);
      const client = (await store.devices.find(hosts.client.mac))!;
      expect(
        client.attributes.filter((attribute) => attribute.name === 'tls.ja4').length,
      ).toBeGreaterThanOrEqual(2);
      expect(client.protocols).toContain('tls');
    } finally {
      await store.close();
    }
  });
});
