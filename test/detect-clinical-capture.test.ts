import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type { Alert } from '../src/detect/alert.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import type { Store } from '../src/store/open-store.js';
import { createSegment, type Segment } from './support/segment.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
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

const canRun =
  toolsAvailable('tcpdump', 'tshark', 'Orthanc', 'storescu', 'findscu', 'dump2dcm', 'mllp_send') &&
  canUseNetworkNamespaces() &&
  systemPythonHas('hl7.mllp', 'python3-hl7');

type Host = 'pacs' | 'modality' | 'viewer' | 'lis' | 'ehr' | 'attacker';
const dicomPort = 104;
const mllpPort = 2575;
const receiverScript = join(import.meta.dirname, 'support', 'hl7-mllp-server.py');

/** A CT image with its equipment and an invented patient, as the modality sends it every day. */
const ctDataset = `
(0008,0016) UI =CTImageStorage
(0008,0018) UI [1.2.826.0.1.3680043.10.5555.7.1]
(0008,0060) CS [CT]
(0008,0070) LO [Vigil Imaging Systems]
(0010,0010) PN [ROE^RICHARD]
(0010,0020) LO [PID-515151]
(0020,000d) UI [1.2.826.0.1.3680043.10.5555.7.2]
(0020,000e) UI [1.2.826.0.1.3680043.10.5555.7.3]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0010) US 4
(0028,0011) US 4
(0028,0100) US 8
(0028,0101) US 8
(0028,0102) US 7
(0028,0103) US 0
(7fe0,0010) OB ${Array.from({ length: 16 }, () => '00').join('\\')}
`;

/** The laboratory system's usual result, and the same kind of message from a host that never sent one. */
const oru = (sender: string, control: string) =>
  Buffer.from(
    `\u000b${[
      `MSH|^~\\&|${sender}|LAB|EHR|HOSPITAL|20261205090000||ORU^R01^ORU_R01|${control}|P|2.5`,
      'PID|1||PID-515151^^^HOSP^MR||ROE^RICHARD||19650202|M',
      'OBR|1||LAB-1|2345-7^GLUCOSE^LN',
      'OBX|1|NM|2345-7^GLUCOSE^LN||5.4|mmol/L',
    ].join('\r')}\r\u001c\r`,
    'latin1',
  );

/**
 * Theft of patient data the way it is done, recorded on a radiology segment: a day of ordinary
 * work (the CT stores its images, the viewer queries the PACS, the laboratory sends results to
 * the EHR) teaches the baselines; on the next, beside the same work, a host queries the PACS
 * with dcmtk's findscu under an AE title the PACS never saw, and sends HL7 results to the EHR
 * with mllp_send. tshark, on the same capture, says who did what.
 */
describe.skipIf(!canRun)(
  'clinical protocol abuse recorded with findscu against Orthanc and mllp_send',
  () => {
    const directory = temporaryDirectory('vigil-clinical-abuse-');
    const learningCapture = join(directory, 'ordinary-day.pcap');
    const attackCapture = join(directory, 'next-day.pcap');
    let lan: Segment<Host>;
    let store: Store;
    let learnedAlerts: Alert[];
    let alerts: Alert[];
    const ip = (host: Host) => lan.hosts[host].ip;
    // The attacker's address (.66) sits in the guest network's part of the segment.
    const zones = [
      { name: 'radiology', cidr: '10.67.0.0/24', trust: 'clinical' as const },
      { name: 'guest Wi-Fi', cidr: '10.67.0.64/27', trust: 'untrusted' as const },
    ];

    const listening = async (host: Host, port: number) => {
      for (let attempt = 0; attempt < 100; attempt += 1) {
        if (lan.exec(host, 'ss', '-ltn', `sport = :${port}`).includes(`:${port}`)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`nothing listens on ${port} on ${host}`);
    };
    const query = (host: Host, aeTitle: string) =>
      lan.exec(
        host,
        'findscu',
        '-S',
        '-aet',
        aeTitle,
        '-aec',
        'VIGIL-PACS',
        '-k',
        'QueryRetrieveLevel=STUDY',
        '-k',
        'PatientName',
        '-k',
        'PatientID',
        '-k',
        'StudyInstanceUID',
        ip('pacs'),
        String(dicomPort),
      );
    const ordinaryWork = (day: number) => {
      lan.exec(
        'modality',
        'storescu',
        '-aet',
        'CT-ROOM-2',
        '-aec',
        'VIGIL-PACS',
        ip('pacs'),
        String(dicomPort),
        join(directory, 'ct.dcm'),
      );
      query('viewer', 'READING-ROOM');
      const message = join(directory, `lab-${day}.hl7`);
      writeFileSync(message, oru('LIS', `LAB${day}`));
      lan.exec('lis', 'mllp_send', '-q', '-p', String(mllpPort), '-f', message, ip('ehr'));
    };

    beforeAll(async () => {
      lan = createSegment<Host>('10.67.0', {
        pacs: { mac: '00:0c:29:67:00:05', host: 5 },
        modality: { mac: '00:50:56:67:00:20', host: 20 },
        viewer: { mac: '3c:52:82:67:00:30', host: 30 },
        lis: { mac: '00:15:5d:67:00:40', host: 40 },
        ehr: { mac: '00:15:5d:67:00:50', host: 50 },
        attacker: { mac: '02:67:00:00:00:66', host: 66 },
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
          DicomAlwaysAllowFind: true,
          Plugins: [],
        }),
      );
      writeFileSync(join(directory, 'ct.dump'), ctDataset);
      run('dump2dcm', ['-g', join(directory, 'ct.dump'), join(directory, 'ct.dcm')]);
      lan.start('pacs', 'Orthanc', configuration);
      lan.start('ehr', systemPython, receiverScript, ip('ehr'), String(mllpPort));
      await listening('pacs', dicomPort);
      await listening('ehr', mllpPort);

      let tcpdump = await startTcpdump(['-i', 'br0'], learningCapture, lan.switchNamespace);
      ordinaryWork(1);
      ordinaryWork(2);
      await stopTcpdump(tcpdump);

      tcpdump = await startTcpdump(['-i', 'br0'], attackCapture, lan.switchNamespace);
      ordinaryWork(3);
      query('attacker', 'STUDY-HARVEST');
      const forged = join(directory, 'forged.hl7');
      writeFileSync(forged, oru('LIS', 'FAKE1'));
      lan.exec('attacker', 'mllp_send', '-q', '-p', String(mllpPort), '-f', forged, ip('ehr'));
      ordinaryWork(4);
      await stopTcpdump(tcpdump);

      store = await temporarySqliteStore();
      const options = { store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load(), zones };
      const learned = await ingestCapture({ ...options, capture: learningCapture, learn: true });
      learnedAlerts = [...(await store.alerts.getMany(learned.alertIds)).values()];
      const judged = await ingestCapture({ ...options, capture: attackCapture });
      expect(judged.devicesCompared).toBeGreaterThanOrEqual(5);
      alerts = [...(await store.alerts.getMany(judged.alertIds)).values()];
    }, 120_000);

    afterAll(async () => {
      await store?.close();
      lan?.remove();
    });

    it('learns the ordinary day without an alert', () => {
      expect(learnedAlerts.map((alert) => alert.summary)).toEqual([]);
    });

    it('names the unknown AE title querying the PACS, as tshark saw it call', () => {
      const calls = tsharkFields(attackCapture, ['ip.src', 'dicom.assoc.ae.calling'], 'dicom.pdu.type == 1', [
        '-d',
        `tcp.port==${dicomPort},dicom`,
      ]).map(([source, calling]) => `${calling!.trim()} from ${source}`);
      expect(calls).toContain(`STUDY-HARVEST from ${ip('attacker')}`);
      const query = alerts.filter((alert) => alert.type === 'dicom-query-from-new-peer');
      expect(query).toHaveLength(1);
      expect(query[0]).toMatchObject({
        severity: 'high',
        techniques: ['T0811', 'T0882'],
        sources: [{ ip: ip('attacker') }],
        targets: [{ ip: ip('pacs'), mac: lan.hosts.pacs.mac }],
      });
      expect(query[0]?.detail.caller).toEqual([`"STUDY-HARVEST" at ${ip('attacker')}`]);
      // It says what the baseline held: the reading room's viewer.
      expect(query[0]?.detail.baselineCallers).toEqual([`"READING-ROOM" at ${ip('viewer')}`]);
    });

    it('names the host sending HL7 to the EHR for the first time, as tshark saw the message', () => {
      const senders = tsharkFields(attackCapture, ['ip.src'], `tcp.dstport == ${mllpPort} && tcp.len > 0`);
      expect(new Set(senders.map(([source]) => source))).toEqual(new Set([ip('lis'), ip('attacker')]));
      const hl7 = alerts.filter((alert) => alert.type === 'hl7-new-sender');
      expect(hl7).toHaveLength(1);
      expect(hl7[0]).toMatchObject({ sources: [{ ip: ip('attacker') }], targets: [{ ip: ip('ehr') }] });
      expect(hl7[0]?.detail.baselineSenders).toEqual([`LIS|LAB at ${ip('lis')}`]);
    });

    it('names the guest network host speaking DICOM and HL7 into radiology, as tshark saw it', () => {
      const associations = tsharkFields(
        attackCapture,
        ['ip.dst'],
        `dicom.pdu.type == 1 && ip.src == ${ip('attacker')}`,
        ['-d', `tcp.port==${dicomPort},dicom`],
      );
      const mllp = tsharkFields(
        attackCapture,
        ['ip.dst'],
        `ip.src == ${ip('attacker')} && tcp.dstport == ${mllpPort} && tcp.len > 0`,
      );
      expect(new Set([...associations, ...mllp].map(([target]) => target))).toEqual(
        new Set([ip('pacs'), ip('ehr')]),
      );
      const crossing = alerts.filter((alert) => alert.type === 'clinical-protocol-from-untrusted-zone');
      expect(crossing).toHaveLength(1);
      expect(crossing[0]).toMatchObject({
        severity: 'high',
        techniques: ['T0886', 'T0882'],
        sources: [{ ip: ip('attacker'), mac: lan.hosts.attacker.mac }],
      });
      expect(new Set(crossing[0]?.targets.map((target) => target.ip))).toEqual(
        new Set([ip('pacs'), ip('ehr')]),
      );
      expect(crossing[0]?.detail).toMatchObject({
        protocol: ['DICOM', 'HL7'],
        untrustedZone: ['guest Wi-Fi'],
        otherZone: ['radiology'],
      });
      expect(crossing[0]?.summary).toContain('in the untrusted zone guest Wi-Fi');
    });

    it('raises nothing about the ordinary work beside it', () => {
      for (const alert of alerts)
        expect(
          alert.sources.map((source) => source.ip),
          alert.summary,
        ).toEqual([ip('attacker')]);
    });
  },
);
