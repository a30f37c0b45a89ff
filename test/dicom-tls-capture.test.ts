import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { startInNamespace, stopDaemons, waitForListener } from './support/daemons.js';
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

const canRun =
  toolsAvailable('tcpdump', 'tshark', 'openssl', 'storescp', 'storescu', 'dump2dcm') &&
  canUseNetworkNamespaces();
const dicomTlsPort = 2762;

/** storescu storing an image in storescp over DICOM TLS (dcmtk's +tla and +tls). */
describe.skipIf(!canRun)('DICOM TLS recorded between dcmtk storescu and storescp', () => {
  const directory = temporaryDirectory('vigil-dicom-tls-');
  const capture = join(directory, 'dicom-tls.pcap');
  let hosts: TwoHosts;
  const daemons: ChildProcess[] = [];

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:50:56:dd:00:01',
      clientMac: '00:0e:7f:dd:00:02',
      subnet: '10.103.0',
    });
    const { key, certificate } = selfSignedCertificate(directory, '/CN=pacs-tls');
    writeFileSync(
      join(directory, 'image.dump'),
      '(0008,0016) UI =SecondaryCaptureImageStorage\n(0008,0018) UI [1.2.826.0.1.3680043.10.5555.9]\n(0008,0060) CS [OT]\n',
    );
    run('dump2dcm', ['-g', join(directory, 'image.dump'), join(directory, 'image.dcm')]);
    daemons.push(
      startInNamespace(
        hosts.server.namespace,
        'storescp',
        '+tls',
        key,
        certificate,
        '-ic',
        '--ignore',
        String(dicomTlsPort),
      ),
    );
    await waitForListener(hosts, dicomTlsPort);
    const tcpdump = await startTcpdump(
      ['-i', 'eth0', 'tcp', 'port', String(dicomTlsPort)],
      capture,
      hosts.server.namespace,
    );
    hosts.exec(
      hosts.client.namespace,
      'storescu',
      '+tla',
      '-ic',
      hosts.server.ip,
      String(dicomTlsPort),
      join(directory, 'image.dcm'),
    );
    await stopTcpdump(tcpdump);
  }, 60_000);

  afterAll(() => {
    stopDaemons(daemons);
    hosts?.remove();
  });

  it('notes DICOM TLS on both ends, and raises no cleartext DICOM finding', async () => {
    // tshark sees a TLS handshake and nothing of DICOM, as Vigil must.
    const handshakes = tsharkFields(capture, ['tls.handshake.type'], 'tls.handshake', [
      '-d',
      `tcp.port==${dicomTlsPort},tls`,
    ]);
    expect(handshakes.length).toBeGreaterThanOrEqual(2);
    const store = await temporarySqliteStore();
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      for (const ip of [hosts.server.ip, hosts.client.ip]) {
        const device = (await store.devices.find(ip))!;
        expect(device.protocols).toEqual(expect.arrayContaining(['tls', 'dicom-tls']));
        expect(device.protocols).not.toContain('dicom');
        expect(device.findings.map((finding) => finding.type)).not.toContain('dicom-no-tls');
      }
    } finally {
      await store.close();
    }
  });
});
