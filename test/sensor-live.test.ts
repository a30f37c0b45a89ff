import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSegment, type Segment } from './support/segment.js';
import { temporaryDirectory } from './support/temporary-store.js';
import { canUseNetworkNamespaces, run, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkPacketCount } from './support/tshark-oracle.js';
import { vigilOn } from './support/vigil-cli.js';

const canRun =
  toolsAvailable('tcpdump', 'tshark', 'storescp', 'echoscu', 'storescu', 'dump2dcm') &&
  canUseNetworkNamespaces();

type Host = 'modality' | 'pacs' | 'workstation';

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `vigil sensor --interface br0` on the switch of a network-namespace segment while dcmtk's
 * echoscu and storescu talk to storescp: devices are stored while it runs (its commits), and
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
    });
    const image = join(directory, 'image.dcm');
    writeFileSync(join(directory, 'image.dump'), datasetDump);
    run('dump2dcm', ['--write-xfer-little', join(directory, 'image.dump'), image]);
    lan.start('pacs', 'storescp', '--aetitle', 'PACS', '--output-directory', directory, '104');

    const recording = join(directory, 'oracle.pcap');
    const oracle = await startTcpdump(['-i', 'br0'], recording, lan.switchNamespace);
    const database = join(directory, 'sensor.db');
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
        '--json',
        '--db',
        database,
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
    // Stored while it runs: the sensor commits without being stopped.
    for (let waited = 0; deviceCount(database) < 3 && waited < 20_000; waited += 100) await sleep(100);
    expect(deviceCount(database), 'devices stored while the sensor runs').toBeGreaterThanOrEqual(3);

    sensor.kill('SIGINT');
    const [code] = await exited;
    await stopTcpdump(oracle);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as {
      packets: number;
      droppedByKernel: number;
      receivedByFilter: number;
    };
    expect(report.droppedByKernel).toBe(0);
    expect(report.receivedByFilter).toBe(report.packets);
    // The oracle ran from before the sensor started to after it stopped: it holds every packet the sensor read.
    expect(tsharkPacketCount(recording)).toBeGreaterThanOrEqual(report.packets);
    expect(report.packets).toBeGreaterThan(10);

    const ingested = join(directory, 'ingest.db');
    expect(vigilOn(ingested)('ingest', recording).status).toBe(0);
    const expected = inventoryOf(ingested);
    const actual = inventoryOf(database);
    expect(expected.devices).toHaveLength(3);
    for (const table of Object.keys(expected) as (keyof typeof expected)[])
      expect(actual[table], table).toEqual(expected[table]);
  }, 120_000);
});
