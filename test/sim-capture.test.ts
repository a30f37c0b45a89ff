import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { attackNames } from '../src/sim/attacks.js';
import { deviceKinds, serviceKinds } from '../src/sim/catalogue.js';
import { inventedFamilyNames } from '../src/sim/context.js';
import { simulateHospital } from '../src/sim/simulate.js';
import type { GroundTruth } from '../src/sim/truth.js';
import { openStore } from '../src/store/open-store.js';
import { filesUnder, temporaryDirectory } from './support/temporary-store.js';
import { toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';

const directory = temporaryDirectory('vigil-sim-');
const options = { devices: 90, durationSeconds: 1800, seed: 7, attacks: attackNames };
const capture = join(directory, 'hospital.pcapng');
const result = simulateHospital({ ...options, out: capture });
const truth = JSON.parse(readFileSync(result.truthPath, 'utf8')) as GroundTruth;

describe('vigil sim', () => {
  it('writes the same bytes for the same seed, and other bytes for another', () => {
    const again = join(directory, 'again.pcapng');
    simulateHospital({ ...options, out: again });
    expect(readFileSync(again).equals(readFileSync(capture))).toBe(true);
    expect(readFileSync(again.replace('.pcapng', '.truth.json'), 'utf8')).toBe(
      readFileSync(result.truthPath, 'utf8'),
    );
    const other = join(directory, 'other.pcapng');
    simulateHospital({ ...options, seed: 8, out: other });
    expect(readFileSync(other).equals(readFileSync(capture))).toBe(false);
  });

  it('uses for each manufacturer an OUI the IEEE registered to it', () => {
    const registry = OuiRegistry.load();
    for (const kind of [...deviceKinds, ...serviceKinds])
      for (const make of kind.makes)
        expect(
          registry.lookup(`${make.oui}:00:00:01`)?.organization,
          `${make.manufacturer} ${make.oui}`,
        ).toBeDefined();
    expect(truth.devices).toHaveLength(options.devices);
    expect(new Set(truth.devices.map((d) => d.type))).toEqual(
      new Set([...deviceKinds, ...serviceKinds].map((k) => k.type)),
    );
    expect(truth.incidents.map((i) => i.type)).toEqual([...attackNames]);
  });

  it.skipIf(!toolsAvailable('tshark') && process.env.CI !== 'true')(
    'is read by tshark without a malformed packet or a bad checksum, each clinical protocol as itself',
    () => {
      const checks = [
        '-o',
        'ip.check_checksum:TRUE',
        '-o',
        'tcp.check_checksum:TRUE',
        '-o',
        'udp.check_checksum:TRUE',
      ];
      const broken = tsharkFields(
        capture,
        ['frame.number'],
        '_ws.malformed || _ws.expert.severity >= error || ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0',
        checks,
      );
      expect(broken).toEqual([]);
      expect(tsharkFields(capture, ['frame.number']).length).toBe(result.packets);
      // POCT1-A has no tshark dissector: its port is decoded as the XML it is; WS-Discovery by tshark's XML heuristic.
      const decodeAs = ['-d', 'tcp.port==7001,xml', '--enable-heuristic', 'xml_udp'];
      const count = (filter: string) => tsharkFields(capture, ['frame.number'], filter, decodeAs).length;
      expect(count('dicom.assoc.item.type == 0x30')).toBeGreaterThan(0);
      expect(count('dicom.pdu.type == 4')).toBeGreaterThan(0);
      expect(count('hl7.message.type == "ORU"')).toBeGreaterThan(0);
      expect(count('hl7.message.type == "ADT"')).toBeGreaterThan(0);
      expect(count('tcp.port == 7001 && xml.tag contains "HEL.R01"')).toBeGreaterThan(0);
      expect(count('udp.port == 3702 && xml.cdata contains "MedicalDevice"')).toBeGreaterThan(0);
      expect(count('dhcp')).toBeGreaterThan(options.devices);
    },
  );

  it('ingests to every device of the ground truth with its MAC, IP, vendor and host name: precision and recall 1.0', async () => {
    const store = await openStore(join(directory, 'vigil.db'));
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const found = await store.devices.list();
      const byMac = new Map(found.flatMap((device) => device.macs.map((mac) => [mac, device] as const)));
      const fields = {
        mac: (t: (typeof truth.devices)[number]) => byMac.has(t.mac),
        ip: (t: (typeof truth.devices)[number]) => byMac.get(t.mac)?.ips.includes(t.ip) ?? false,
        vendor: (t: (typeof truth.devices)[number]) => byMac.get(t.mac)?.vendor === t.vendor,
        hostname: (t: (typeof truth.devices)[number]) =>
          byMac.get(t.mac)?.hostnames.includes(t.hostname) ?? false,
      };
      const truthMacs = new Set(truth.devices.map((t) => t.mac));
      for (const [field, isRight] of Object.entries(fields)) {
        const right = truth.devices.filter(isRight).length;
        // Precision counts every inventoried device: one the truth does not hold is a false positive.
        const precision = right / found.length;
        const recall = right / truth.devices.length;
        expect({ field, precision, recall }).toEqual({ field, precision: 1, recall: 1 });
      }
      expect(found.filter((device) => !device.macs.some((mac) => truthMacs.has(mac)))).toEqual([]);
      // What each device was made to do, Vigil reports: every protocol it spoke, exactly its findings.
      for (const device of truth.devices) {
        const record = byMac.get(device.mac)!;
        expect([device.hostname, record.protocols]).toEqual([
          device.hostname,
          expect.arrayContaining(device.protocols),
        ]);
        expect([device.hostname, record.findings.map((f) => f.type).sort()]).toEqual([
          device.hostname,
          device.findings,
        ]);
      }
    } finally {
      await store.close();
    }
    // The capture carries invented patients in clear, as real clinical traffic would; the store never holds them.
    expect(readFileSync(capture).includes(Buffer.from(inventedFamilyNames[0]!))).toBe(true);
    // Every file the store wrote: the database, its journal, and its key folder.
    const storeFiles = filesUnder(directory).filter((name) => name.startsWith('vigil.db'));
    expect(storeFiles).toContain(join('vigil.db.keys', 'audit.key'));
    for (const file of storeFiles) {
      const bytes = readFileSync(join(directory, file));
      for (const name of inventedFamilyNames)
        expect(bytes.includes(Buffer.from(name)), `${file}: ${name}`).toBe(false);
    }
  });
});
