import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { importAssets } from '../src/inventory/assets/import-assets.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { simulateHospital } from '../src/sim/simulate.js';
import type { GroundTruth } from '../src/sim/truth.js';
import { openStore } from '../src/store/open-store.js';
import { temporaryDirectory } from './support/temporary-store.js';

const directory = temporaryDirectory('vigil-assets-');
const capture = join(directory, 'hospital.pcapng');
const { truthPath } = simulateHospital({ devices: 40, durationSeconds: 900, seed: 5, out: capture });
const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as GroundTruth;
const byType = (type: string) => truth.devices.filter((device) => device.type === type);
const [pump, secondPump] = byType('infusion pump');
const ct = byType('CT scanner')[0]!;
const monitor = byType('patient monitor')[0]!;
const meter = byType('POC meter')[0]!;
const lateMonitor = byType('patient monitor')[1]!;

/** A CMMS export as biomedical engineering keeps one: right rows, rows in other notations, and mistakes. */
const csv = [
  'Asset_Tag,serial,manufacturer,model,software_version,mac,ip,hostname,location,department,owner,cost_centre',
  `BME-0001,BX-1,Baxter,Spectrum IQ,9.02.01,${pump!.mac.toUpperCase().replaceAll(':', '-')},,,ICU bed 4,Critical care,Biomed,4410`,
  `BME-0002,,GE Healthcare,Revolution CT,,,${ct.ip},,Radiology room 2,Radiology,Imaging,4420`,
  `BME-0003,${meter.serial},Abbott,i-STAT 1,,,,,Lab,Laboratory,Lab,4430`,
  `BME-0004,,Philips,IntelliVue MX450,,,,${monitor.hostname.toUpperCase()}.hospital.example,ICU bed 7,Critical care,Biomed,4410`,
  'BME-0005,SN-GHOST,Draeger,Infinity M540,,00:10:5d:aa:bb:cc,,,Store room,Critical care,Biomed,4410',
  `BME-0001,,Baxter,Spectrum IQ,,${secondPump!.mac},,,ICU bed 5,Critical care,Biomed,4410`,
  'BME-0007,,Baxter,Spectrum IQ,,not-a-mac,,,ICU,Critical care,Biomed,4410',
  'BME-0008,,Baxter,Spectrum IQ,,,10.10.0.999,,ICU,Critical care,Biomed,4410',
  ',,Baxter,Spectrum IQ,,,,,ICU,Critical care,Biomed,4410',
  'BME-0010,,Baxter,Spectrum IQ, rev 2,,,,,ICU,Critical care,Biomed,4410',
  `BME-0011,,Baxter,Spectrum IQ,,${pump!.mac},,,ICU,Critical care,Biomed,4410`,
].join('\n');

describe('vigil assets import', () => {
  it('matches by MAC, IP, serial and host name, keeps unmatched assets, and rejects bad rows by line', async () => {
    const file = join(directory, 'cmms.csv');
    writeFileSync(file, csv);
    const store = await openStore(join(directory, 'match.db'));
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const report = await importAssets(store, file, Date.parse('2026-01-06T09:00:00Z'));
      expect(report.matched.map((m) => [m.line, m.assetTag, m.matchedBy])).toEqual([
        [2, 'BME-0001', 'mac'],
        [3, 'BME-0002', 'ip'],
        [4, 'BME-0003', 'serial'],
        [5, 'BME-0004', 'hostname'],
      ]);
      expect(report.unmatched.map((u) => [u.line, u.assetTag])).toEqual([[6, 'BME-0005']]);
      expect(report.rejected).toEqual([
        { line: 7, reason: 'asset_tag "BME-0001" repeats line 2' },
        { line: 8, reason: 'mac "not-a-mac" is not a MAC address (expected six hex pairs)' },
        { line: 9, reason: 'ip "10.10.0.999" is not an IPv4 address' },
        { line: 10, reason: 'asset_tag is empty' },
        { line: 11, reason: 'has 13 fields where the header names 12 (an unquoted comma?)' },
        { line: 12, reason: `mac "${pump!.mac}" repeats line 2` },
      ]);
      expect(report.ignoredColumns).toEqual(['cost_centre']);
      // Every device traffic showed is either described by the list or reported missing from it.
      const seen = (await store.devices.list()).filter((device) => device.seenOnNetwork);
      expect(report.missingFromList.length).toBe(seen.length - 4);
      const pumpRecord = (await store.devices.find(pump!.mac))!;
      expect([pumpRecord.assetTag, pumpRecord.model, pumpRecord.firmware]).toEqual([
        'BME-0001',
        'Spectrum IQ',
        '9.02.01',
      ]);
      const location = pumpRecord.attributes.find((a) => a.name === 'location')!;
      expect([
        location.value,
        location.source,
        location.evidence.capture,
        location.evidence.packetNumber,
      ]).toEqual(['ICU bed 4', 'cmms', 'cmms.csv', 2]);
      const ghost = (await store.devices.find('00:10:5d:aa:bb:cc'))!;
      expect([ghost.assetTag, ghost.seenOnNetwork, ghost.status, ghost.manufacturer, ghost.model]).toEqual([
        'BME-0005',
        false,
        'not seen',
        'Draeger',
        'Infinity M540',
      ]);
      // Importing the same list again changes nothing; a corrected value replaces the old one.
      const countAttributes = async () =>
        (await store.devices.list()).reduce((n, d) => n + d.attributes.length, 0);
      const before = await countAttributes();
      await importAssets(store, file, Date.parse('2026-01-07T09:00:00Z'));
      expect(await countAttributes()).toBe(before);
      writeFileSync(file, csv.replace('ICU bed 4', 'ICU bed 9'));
      await importAssets(store, file, Date.parse('2026-01-08T09:00:00Z'));
      const moved = (await store.devices.find(pump!.mac))!;
      expect(moved.attributes.filter((a) => a.name === 'location').map((a) => a.value)).toEqual([
        'ICU bed 9',
      ]);
    } finally {
      await store.close();
    }
  });

  it('reads a JSON list, and an asset imported before its device is seen joins it when traffic shows it', async () => {
    const file = join(directory, 'cmms.json');
    writeFileSync(
      file,
      JSON.stringify([
        { asset_tag: 'BME-0100', mac: lateMonitor.mac, location: 'ICU bed 12', model: 'BeneVision N12' },
      ]),
    );
    const database = join(directory, 'late.db');
    const store = await openStore(database);
    try {
      const report = await importAssets(store, file);
      expect(report.unmatched.map((u) => u.assetTag)).toEqual(['BME-0100']);
      expect((await store.devices.find(lateMonitor.mac))?.seenOnNetwork).toBe(false);
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const joined = (await store.devices.find(lateMonitor.mac))!;
      expect([joined.seenOnNetwork, joined.assetTag, joined.ips, joined.hostnames]).toEqual([
        true,
        'BME-0100',
        [lateMonitor.ip],
        expect.arrayContaining([lateMonitor.hostname]),
      ]);
      expect((await store.devices.list()).filter((d) => d.macs.includes(lateMonitor.mac))).toHaveLength(1);
    } finally {
      await store.close();
    }
    // The command prints the report and says, by exit code 2, that rows were rejected.
    const bad = join(directory, 'bad.csv');
    writeFileSync(bad, 'asset_tag,mac\nBME-0200,zz\nBME-0201,\n');
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'assets', 'import', bad, '--db', database],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(2);
    expect(run.stdout).toContain(`${bad}:2: mac "zz" is not a MAC address`);
    expect(run.stdout).toContain('not seen on the network 1');
    const missing = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'assets',
        'import',
        join(directory, 'none.csv'),
        '--db',
        database,
      ],
      { encoding: 'utf8' },
    );
    expect([missing.status, missing.stderr]).toEqual([1, expect.stringContaining('none.csv')]);
  });
});
