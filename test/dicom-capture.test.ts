import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type {
  DicomAssociationObservation,
  DicomCommandObservation,
} from '../src/dissect/dicom/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import type { DeviceRecord } from '../src/inventory/device-record.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { openStore } from '../src/store/open-store.js';
import { startInNamespace, stopDaemons, waitForListener } from './support/daemons.js';
import { observeCapture } from './support/observe-capture.js';
import { filesUnder, temporaryDirectory } from './support/temporary-store.js';
import { canUseNetworkNamespaces, run, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun =
  toolsAvailable('tcpdump', 'tshark', 'Orthanc', 'echoscu', 'storescu', 'findscu', 'dump2dcm') &&
  canUseNetworkNamespaces();
/** Orthanc on a port no port table names DICOM: recognition must come from the bytes. */
const dicomPort = 4242;
const decodeAsDicom = ['-d', `tcp.port==${dicomPort},dicom`];

/** Invented patient data that the capture carries in clear and the store must never hold. */
const patientValues = ['DOE^JANE', 'PID-424242', '19700101', 'HOUSE^GREGORY', 'ACC-77123'];

/** A CT image with its equipment and an (invented) patient, as a scanner would send it. */
const ctDataset = `
(0008,0016) UI =CTImageStorage
(0008,0018) UI [1.2.826.0.1.3680043.10.5555.1.1]
(0008,0020) DA [20261128]
(0008,0050) SH [ACC-77123]
(0008,0060) CS [CT]
(0008,0070) LO [Vigil Imaging Systems]
(0008,0080) LO [Saint Example Hospital]
(0008,0090) PN [HOUSE^GREGORY]
(0008,1010) SH [CT-ROOM-2]
(0008,1090) LO [Tomograph 5000]
(0010,0010) PN [DOE^JANE]
(0010,0020) LO [PID-424242]
(0010,0030) DA [19700101]
(0010,0040) CS [F]
(0018,1000) LO [SN-CT-99812]
(0018,1020) LO [VA48A]
(0020,000d) UI [1.2.826.0.1.3680043.10.5555.2]
(0020,000e) UI [1.2.826.0.1.3680043.10.5555.3]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0010) US 16
(0028,0011) US 16
(0028,0100) US 8
(0028,0101) US 8
(0028,0102) US 7
(0028,0103) US 0
(7fe0,0010) OB ${Array.from({ length: 256 }, () => '00').join('\\')}
`;

/**
 * dcmtk against Orthanc: a verification with echoscu's default AE title, a CT image stored by
 * storescu as a scanner would, and a study query by findscu whose answer names the patient.
 */
describe.skipIf(!canRun)('DICOM recorded between dcmtk (echoscu, storescu, findscu) and Orthanc', () => {
  const directory = temporaryDirectory('vigil-dicom-orthanc-');
  const capture = join(directory, 'dicom.pcap');
  let hosts: TwoHosts;
  const daemons: ChildProcess[] = [];

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:50:56:dc:00:01',
      clientMac: '00:0e:7f:dc:00:02',
      subnet: '10.100.0',
    });
    const storage = join(directory, 'orthanc');
    mkdirSync(storage);
    const configuration = join(directory, 'orthanc.json');
    writeFileSync(
      configuration,
      JSON.stringify({
        Name: 'VIGIL-PACS',
        StorageDirectory: storage,
        IndexDirectory: storage,
        DicomAet: 'VIGIL-PACS',
        DicomPort: dicomPort,
        HttpServerEnabled: false,
        DicomCheckCalledAet: false,
        DicomAlwaysAllowEcho: true,
        DicomAlwaysAllowFind: true,
        Plugins: [],
      }),
    );
    writeFileSync(join(directory, 'ct.dump'), ctDataset);
    run('dump2dcm', ['-g', join(directory, 'ct.dump'), join(directory, 'ct.dcm')]);
    const tcpdump = await startTcpdump(
      ['-i', 'eth0', 'tcp', 'port', String(dicomPort)],
      capture,
      hosts.server.namespace,
    );
    daemons.push(startInNamespace(hosts.server.namespace, 'Orthanc', configuration));
    await waitForListener(hosts, dicomPort);
    const inClient = (...args: string[]) =>
      hosts.exec(hosts.client.namespace, ...(args as [string, ...string[]]));
    const server = [hosts.server.ip, String(dicomPort)];
    inClient('echoscu', '-aec', 'VIGIL-PACS', ...server);
    inClient('storescu', '-aet', 'CT-SCANNER-01', '-aec', 'VIGIL-PACS', ...server, join(directory, 'ct.dcm'));
    inClient(
      'findscu',
      '-S',
      '-aet',
      'CT-SCANNER-01',
      '-aec',
      'VIGIL-PACS',
      '-k',
      'QueryRetrieveLevel=STUDY',
      '-k',
      'PatientName=DOE*',
      '-k',
      'PatientID',
      '-k',
      'StudyInstanceUID',
      ...server,
    );
    await stopTcpdump(tcpdump);
  }, 90_000);

  afterAll(() => {
    stopDaemons(daemons);
    hosts?.remove();
  });

  it('reads AE titles, SOP classes, implementations and commands as tshark does', async () => {
    const { observations, pipeline } = await observeCapture(capture);
    expect(pipeline.dissectCounters.malformed).toBe(0);
    const associations = observations.filter(
      (o): o is DicomAssociationObservation => o.kind === 'dicom.association',
    );
    const requests = tsharkFields(
      capture,
      ['dicom.assoc.ae.calling', 'dicom.assoc.ae.called', 'dicom.userinfo.version', 'dicom.pctx.abss.syntax'],
      'dicom.pdu.type == 1',
      [...decodeAsDicom, '-E', 'occurrence=a', '-E', 'aggregator=|'],
    );
    const accepts = tsharkFields(capture, ['dicom.userinfo.version'], 'dicom.pdu.type == 2', decodeAsDicom);
    expect(
      associations.map((a) => [a.callingAeTitle, a.calledAeTitle, a.requestorImplementationVersionName]),
    ).toEqual(
      requests.map(([calling, called, version]) => [calling!.trim(), called!.trim(), version!.trim()]),
    );
    expect(associations.map((a) => a.acceptorImplementationVersionName)).toEqual(
      accepts.map(([version]) => version!.trim()),
    );
    // tshark prints each abstract syntax as `name (UID)`; Vigil keeps the UID and names those it knows.
    expect(associations.map((a) => a.presentationContexts.map((c) => c.abstractSyntax).join('|'))).toEqual(
      requests.map(([, , , syntaxes]) =>
        syntaxes!
          .split('|')
          .map((syntax) => /\(([0-9.]+)\)$/.exec(syntax)?.[1] ?? syntax)
          .join('|'),
      ),
    );
    const commands = observations.filter((o): o is DicomCommandObservation => o.kind === 'dicom.command');
    const tsharkCommands = tsharkFields(capture, ['_ws.col.Info'], 'dicom', decodeAsDicom).flatMap(
      ([info]) => info!.match(/[CN]-[A-Z-]+-R(?:Q|SP)/g) ?? [],
    );
    // Vigil reports each kind once per side and association; here every kind occurs once, except pending C-FIND-RSPs.
    expect([...new Set(commands.map((c) => c.command))].sort()).toEqual([...new Set(tsharkCommands)].sort());
    expect(commands.find((c) => c.command === 'C-STORE-RQ')?.sopClassName).toBe('CT Image Storage');
  });

  it('never stores the patient values the capture carries, in any table or file', async () => {
    const storeDirectory = temporaryDirectory('vigil-dicom-store-');
    const databaseFile = join(storeDirectory, 'vigil.db');
    const store = await openStore(databaseFile);
    await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
    await store.close();
    // The capture does carry them, as tshark shows.
    const onTheWire = spawnSync('tshark', ['-r', capture, ...decodeAsDicom, '-V'], {
      encoding: 'utf8',
    }).stdout;
    for (const value of patientValues) expect(onTheWire).toContain(value);
    const database = new Database(databaseFile, { readonly: true });
    const tables = database
      .prepare("select name from sqlite_master where type = 'table'")
      .all()
      .map((row) => (row as { name: string }).name);
    expect(tables).toContain('device_findings');
    const everything = tables
      .map((table) => JSON.stringify(database.prepare(`select * from "${table}"`).all()))
      .join('\n');
    database.close();
    const files = filesUnder(storeDirectory).map((file) =>
      readFileSync(join(storeDirectory, file)).toString('latin1'),
    );
    for (const value of patientValues) {
      expect(everything).not.toContain(value);
      for (const file of files) expect(file).not.toContain(value);
    }
    expect(everything).toContain('PatientName');
    // What an analyst's script reads: `vigil devices --json` names the scanner's identity and both roles.
    const listed = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'devices', '--json', '--db', databaseFile],
      {
        encoding: 'utf8',
      },
    );
    expect(listed.status).toBe(0);
    const devices = JSON.parse(listed.stdout) as DeviceRecord[];
    const scanner = devices.find((device) => device.ips.includes(hosts.client.ip))!;
    const archive = devices.find((device) => device.ips.includes(hosts.server.ip))!;
    expect([scanner.manufacturer, scanner.model, scanner.firmware, scanner.roles]).toEqual([
      'Vigil Imaging Systems',
      'Tomograph 5000',
      'VA48A',
      ['CT modality'],
    ]);
    expect(archive.roles).toEqual(['PACS/archive']);
    // Typed by the classification rules from those roles, with the rule named as evidence.
    expect([
      scanner.type,
      scanner.category,
      scanner.classification.type?.evidence.map((e) => e.rule),
    ]).toEqual(['CT scanner', 'medical', ['role-ct-modality']]);
    expect([archive.type, archive.category]).toEqual(['PACS', 'medical']);
    expect(scanner.protocols).toContain('dicom');
    expect(archive.protocols).toContain('dicom');
    for (const value of patientValues) expect(listed.stdout).not.toContain(value);
  });

  it('gives the scanner and the archive their identity, roles and findings', async () => {
    const store = await openStore(join(temporaryDirectory('vigil-dicom-roles-'), 'vigil.db'));
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const archive = (await store.devices.find(hosts.server.ip))!;
      const scanner = (await store.devices.find(hosts.client.ip))!;
      const values = (device: typeof archive, name: string) =>
        [...new Set(device.attributes.filter((a) => a.name === name).map((a) => a.value))].sort();
      expect(values(archive, 'dicom.ae-title')).toEqual(['VIGIL-PACS']);
      expect(values(archive, 'clinical.role')).toEqual(['PACS/archive']);
      expect(values(scanner, 'clinical.role')).toEqual(['CT modality']);
      expect(values(scanner, 'dicom.ae-title')).toEqual(['CT-SCANNER-01', 'ECHOSCU']);
      expect(values(scanner, 'manufacturer')).toEqual(['Vigil Imaging Systems']);
      expect(values(scanner, 'model')).toEqual(['Tomograph 5000']);
      expect(values(scanner, 'serial-number')).toEqual(['SN-CT-99812']);
      expect(values(scanner, 'software-version')).toEqual(['VA48A']);
      expect(values(scanner, 'modality')).toEqual(['CT']);
      expect(archive.protocols).toContain('dicom');
      expect(scanner.protocols).toContain('dicom');
      expect(archive.findings.map((f) => f.type).sort()).toEqual([
        'dicom-no-tls',
        'dicom-promiscuous-scp',
        'phi-cleartext',
      ]);
      const phi = archive.findings.find((f) => f.type === 'phi-cleartext')!;
      // Summed over the two associations that carried patient data: the store and the query.
      expect(phi.detail).toBe(
        'DICOM: 3 of 3 data sets carried AccessionNumber, PatientBirthDate, PatientID, PatientName, ReferringPhysicianName',
      );
      expect(scanner.findings.map((f) => f.type)).toEqual(['phi-cleartext']);
    } finally {
      await store.close();
    }
  });
});
