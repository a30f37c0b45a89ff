import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { CaptureRing } from '../src/capture/capture-ring.js';
import { createSegment, type Segment } from './support/segment.js';
import { temporaryDirectory } from './support/temporary-store.js';
import {
  canUseNetworkNamespaces,
  run,
  startTcpdump,
  stopTcpdump,
  systemPython,
  systemPythonHas,
  toolsAvailable,
} from './support/tools.js';
import { tsharkFields, tsharkPacketCount } from './support/tshark-oracle.js';
import { vigilOn } from './support/vigil-cli.js';

const canRun =
  toolsAvailable(
    'tcpdump',
    'tshark',
    'storescp',
    'echoscu',
    'storescu',
    'dump2dcm',
    'dnsmasq',
    'udhcpc',
    'mllp_send',
  ) &&
  systemPythonHas('hl7.mllp', 'python3-hl7') &&
  canUseNetworkNamespaces();
const receiverScript = join(import.meta.dirname, 'support', 'hl7-mllp-server.py');
const mllpPort = 2575;

type Host = 'modality' | 'pacs' | 'workstation' | 'analyser' | 'lis';

/** A lab result as an analyser's middleware sends it (a made-up patient): the sensor stores only that PHI was seen. */
const oru = Buffer.from(
  `\u000b${[
    'MSH|^~\\&|ANALYSER|LAB|LIS|HOSPITAL|20261206090000||ORU^R01^ORU_R01|SENSOR1|P|2.5',
    'PID|1||PID-727272^^^HOSP^MR||DOE^JANE||19700101|F',
    'OBX|1|NM|2345-7^GLUCOSE^LN||5.4|mmol/L',
  ].join('\r')}\r\u001c\r`,
  'latin1',
);

/** A secondary-capture image with empty patient elements, for a real C-STORE. */
const datasetDump = `
(0008,0016) UI =SecondaryCaptureImageStorage
(0008,0018) UI [1.2.826.0.1.3680043.10.1234.7.1]
(0008,0060) CS [OT]
(0010,0010) PN []
(0010,0020) LO []
(0020,000d) UI [1.2.826.0.1.3680043.10.1234.7.2]
(0020,000e) UI [1.2.826.0.1.3680043.10.1234.7.3]
`;

/** The devices a store holds, with the facts that make them what they are. */
function inventoryOf(path: string) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return {
      devices: db.prepare('select id from devices order by id').all(),
      attributes: db
        .prepare('select device_id, name, value, source from device_attributes order by 1, 2, 3, 4')
        .all(),
      protocols: db.prepare('select device_id, protocol from device_protocols order by 1, 2').all(),
      findings: db.prepare('select device_id, type from device_findings order by 1, 2').all(),
    };
  } finally {
    db.close();
  }
}

const deviceCount = (path: string) => {
  try {
    return inventoryOf(path).devices.length;
  } catch {
    return 0; // the sensor has not created its store yet
  }
};

const baselineCount = (path: string) => {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (
      db
        .prepare("select count(distinct subject) as subjects from baselines where subject like 'device:%'")
        .get() as { subjects: number }
    ).subjects;
  } finally {
    db.close();
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `vigil sensor --interface br0` on the switch of a network-namespace segment while dcmtk's
 * echoscu and storescu talk to storescp, an analyser takes a DHCP lease from dnsmasq with busybox
 * udhcpc and sends a lab result with mllp_send: devices are stored while it runs (its commits), and
 * once interrupted its store holds what `vigil ingest` makes of tcpdump's own recording of the
 * same bridge. tshark counts that recording's packets against the sensor's.
 */
describe.skipIf(!canRun)('vigil sensor capturing live on a bridge', () => {
  let lan: Segment<Host> | undefined;
  let sensor: ChildProcess | undefined;
  afterAll(() => {
    sensor?.kill('SIGKILL');
    lan?.remove();
  });

  it('stores devices as traffic flows, and ends with what an ingest of the same packets stores', async () => {
    const directory = temporaryDirectory('vigil-sensor-');
    lan = createSegment<Host>('10.72.0', {
      modality: { mac: '00:1a:01:72:00:21', host: 21 },
      pacs: { mac: '00:09:0f:72:00:05', host: 5 },
      workstation: { mac: '3c:52:82:72:00:40', host: 40 },
      analyser: { mac: '00:c0:ee:72:00:31', host: 31 },
      lis: { mac: '00:50:56:72:00:07', host: 7 },
    });
    const image = join(directory, 'image.dcm');
    writeFileSync(join(directory, 'image.dump'), datasetDump);
    run('dump2dcm', ['--write-xfer-little', join(directory, 'image.dump'), image]);
    lan.start('pacs', 'storescp', '--aetitle', 'PACS', '--output-directory', directory, '104');
    lan.start('lis', systemPython, receiverScript, lan.hosts.lis.ip, String(mllpPort));
    lan.start(
      'lis',
      'dnsmasq',
      '--no-daemon',
      '--conf-file=/dev/null',
      '--port=0',
      '--interface=eth0',
      '--bind-interfaces',
      '--dhcp-range=10.72.0.100,10.72.0.150,1h',
      `--dhcp-leasefile=${join(directory, 'leases')}`,
      `--pid-file=${join(directory, 'dnsmasq.pid')}`,
      '--dhcp-authoritative',
    );
    const leaseScript = join(directory, 'udhcpc.script');
    // Takes the lease without configuring it: the analyser keeps its static address.
    writeFileSync(leaseScript, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const message = join(directory, 'oru.hl7');
    writeFileSync(message, oru);

    const recording = join(directory, 'oracle.pcap');
    const oracle = await startTcpdump(['-i', 'br0'], recording, lan.switchNamespace);
    const database = join(directory, 'sensor.db');
    const ringFolder = join(directory, 'ring');
    sensor = spawn(
      'ip',
      [
        'netns',
        'exec',
        lan.switchNamespace,
        process.execPath,
        '--import',
        'tsx',
        'src/cli/main.ts',
        'sensor',
        '--interface',
        'br0',
        '--commit-interval',
        '0.2',
        '--review-interval',
        '1',
        '--json',
        '--db',
        database,
        // Kept as it passes, in files of about 2 KB here so that the ring rotates many times.
        '--ring',
        ringFolder,
        '--ring-file',
        '0.002',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VIGIL_DB: '' } },
    );
    let stdout = '';
    let stderr = '';
    sensor.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    sensor.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = once(sensor, 'exit');
    // The sensor reports after each commit: its capture is running once it has committed.
    for (let waited = 0; !stderr.includes('sensor br0:') && waited < 30_000; waited += 50) await sleep(50);
    expect(stderr, 'the sensor reports its commits').toContain('sensor br0:');

    const ip = (host: Host) => lan!.hosts[host].ip;
    lan.exec('modality', 'echoscu', '-aec', 'PACS', ip('pacs'), '104');
    lan.exec('modality', 'storescu', '-aec', 'PACS', ip('pacs'), '104', image);
    lan.exec('workstation', 'echoscu', '-aec', 'PACS', ip('pacs'), '104');
    lan.exec(
      'analyser',
      'udhcpc',
      '-i',
      'eth0',
      '-n',
      '-q',
      '-f',
      '-t',
      '5',
      '-T',
      '1',
      '-s',
      leaseScript,
      '-x',
      'hostname:chem-analyser-1',
    );
    for (let attempt = 0; attempt < 50; attempt += 1) {
      try {
        lan.exec('analyser', 'mllp_send', '-q', '-p', String(mllpPort), '-f', message, ip('lis'));
        break;
      } catch {
        await sleep(100); // the receiver is still starting
      }
    }
    // Stored while it runs: the sensor commits without being stopped.
    for (let waited = 0; deviceCount(database) < 5 && waited < 20_000; waited += 100) await sleep(100);
    expect(deviceCount(database), 'devices stored while the sensor runs').toBe(5);
    // And its baselines learn while it runs, one review window after another.
    for (let waited = 0; baselineCount(database) < 5 && waited < 20_000; waited += 100) await sleep(100);
    expect(baselineCount(database), 'device baselines written while the sensor runs').toBeGreaterThanOrEqual(
      5,
    );

    sensor.kill('SIGINT');
    const [code] = await exited;
    await stopTcpdump(oracle);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as {
      packets: number;
      capturedByTcpdump: number;
      droppedByKernel: number;
      receivedByFilter: number;
      stream: string;
      ring: { files: number; bytes: number; failed: string | null };
    };
    console.log(`sensor-live: ${JSON.stringify(report)}`);
    expect(report.droppedByKernel).toBe(0);
    expect(report.packets).toBe(report.capturedByTcpdump);
    // The kernel's count may include packets it still held when tcpdump stopped: at least what was read.
    expect(report.receivedByFilter).toBeGreaterThanOrEqual(report.packets);
    // The oracle ran from before the sensor started to after it stopped: it holds every packet the sensor read.
    expect(tsharkPacketCount(recording)).toBeGreaterThanOrEqual(report.packets);
    expect(report.packets).toBeGreaterThan(10);

    const ingested = join(directory, 'ingest.db');
    expect(vigilOn(ingested)('ingest', recording).status).toBe(0);
    const expected = inventoryOf(ingested);
    const actual = inventoryOf(database);
    expect(expected.devices).toHaveLength(5);
    // The traffic named for live capture is there: DICOM, DHCP with its host name, HL7 with its PHI seen.
    expect(expected.protocols.map((row) => (row as { protocol: string }).protocol)).toEqual(
      expect.arrayContaining(['dicom', 'dhcp', 'hl7']),
    );
    expect(JSON.stringify(expected.attributes)).toContain('chem-analyser-1');
    expect(JSON.stringify(actual)).not.toContain('DOE');
    for (const table of Object.keys(expected) as (keyof typeof expected)[])
      expect(actual[table], table).toEqual(expected[table]);

    // The ring holds exactly the packets the sensor read, in valid pcap files, in the order
    // tcpdump's own recording has them, and takes every evidence offset to its packet.
    expect(report.stream).toMatch(/^br0@\d{4}-/);
    expect(report.ring.failed).toBeNull();
    const ring = new CaptureRing(ringFolder, { maxBytes: 1e12, maxAgeMs: 1e12 }, report.stream);
    expect(ring.entries.length).toBe(report.ring.files);
    expect(report.ring.files).toBeGreaterThanOrEqual(3);
    const md5 = ['-o', 'frame.generate_md5_hash:TRUE'];
    const ringHashes = ring.entries.flatMap((entry) =>
      tsharkFields(join(ringFolder, entry.file), ['frame.md5_hash'], undefined, md5).map(([hash]) => hash!),
    );
    expect(ringHashes).toHaveLength(report.packets);
    const oracleHashes = tsharkFields(recording, ['frame.md5_hash'], undefined, md5).map(([hash]) => hash!);
    // Where the ring's run of packets starts in the recording: the same frame (a repeated DHCP
    // discover, an ARP probe) can come twice, so the whole run is matched, not its first hash.
    const first = oracleHashes.findIndex((_, start) =>
      ringHashes.every((hash, offset) => oracleHashes[start + offset] === hash),
    );
    expect(first, 'the ring holds a run of the recording, in order').toBeGreaterThanOrEqual(0);
    const evidence = new Database(database, { readonly: true })
      .prepare(
        'select distinct evidence_capture as capture, evidence_offset as offset from device_attributes',
      )
      .all() as { capture: string; offset: number }[];
    expect(evidence.length).toBeGreaterThan(5);
    const hashes = new Set(oracleHashes);
    for (const { capture, offset } of evidence) {
      expect(capture).toBe(report.stream);
      const located = ring.locate(capture, offset);
      expect(located, `evidence at ${offset}`).toBeDefined();
      const file = readFileSync(located!.file);
      const frame = file.subarray(
        located!.offset + 16,
        located!.offset + 16 + file.readUInt32LE(located!.offset + 8),
      );
      expect(hashes.has(createHash('md5').update(frame).digest('hex'))).toBe(true);
    }
  }, 120_000);
});
