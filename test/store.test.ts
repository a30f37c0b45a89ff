import { createReadStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import type { Store } from '../src/store/open-store.js';
import { storeBackends } from './support/temporary-store.js';

const exampleCapture = 'examples/clinic-dhcp.pcapng';
const ouiRegistry = OuiRegistry.load();

/** Every row of every table, in a fixed order: two equal snapshots mean nothing changed. */
async function snapshot(store: Store) {
  const db = store.db;
  return {
    // Not `committed_at`: when a commit wrote the row, not what the row says.
    devices: await db
      .selectFrom('devices')
      .select(['id', 'identity_key', 'first_seen', 'last_seen'])
      .orderBy('id')
      .execute(),
    attributes: await db
      .selectFrom('device_attributes')
      .selectAll()
      .orderBy('device_id')
      .orderBy('name')
      .orderBy('value')
      .orderBy('source')
      .execute(),
    protocols: await db
      .selectFrom('device_protocols')
      .selectAll()
      .orderBy('device_id')
      .orderBy('protocol')
      .execute(),
    findings: await db
      .selectFrom('device_findings')
      .selectAll()
      .orderBy('device_id')
      .orderBy('type')
      .execute(),
    flows: await db.selectFrom('flows').selectAll().orderBy('id').execute(),
    runs: await db.selectFrom('ingest_runs').selectAll().orderBy('id').execute(),
  };
}

const ingest = (store: Store, capture: string, stdin?: NodeJS.ReadableStream) =>
  ingestCapture({
    capture,
    store,
    config: pipelineConfig({ storeBatchRows: 7 }),
    ouiRegistry,
    ...(stdin ? { stdin: stdin as never } : {}),
  });

const backends = await storeBackends();

for (const backend of backends) {
  describe.skipIf(!backend.enabled)(`store on ${backend.name}`, () => {
    let store: Store;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      ({ store, drop } = await backend.open());
    });
    afterAll(async () => {
      await drop?.();
    });

    it('stores the devices and flows of a capture, with numbers as numbers', async () => {
      const summary = await ingest(store, exampleCapture);
      expect(await store.devices.count()).toBe(summary.devices);
      expect(await store.flows.count()).toBe(summary.flows);
      const flows = await store.flows.list(1_000);
      const flowPackets = flows.reduce(
        (total, flow) => total + flow.packetsFromInitiator + flow.packetsFromResponder,
        0,
      );
      expect(flowPackets).toBeGreaterThan(0);
      expect(flowPackets).toBeLessThanOrEqual(summary.packets);
      expect(typeof flows[0]!.bytesFromInitiator).toBe('number');
      const devices = await store.devices.list();
      expect(devices.map((device) => device.lastSeen)).toEqual(
        [...devices.map((device) => device.lastSeen)].sort().reverse(),
      );
      for (const device of devices) {
        expect(device.macs[0]).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
        expect(device.findings).toEqual([]);
        expect(
          device.attributes.every((attribute) => typeof attribute.evidence.packetNumber === 'number'),
        ).toBe(true);
      }
      const runs = await store.ingestRuns.list();
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({
        id: summary.contentSha256,
        packets: summary.packets,
        format: 'pcapng',
      });
    });

    it('changes nothing when the same capture is ingested again, from a file or from standard input', async () => {
      const before = await snapshot(store);
      await ingest(store, exampleCapture);
      expect(await snapshot(store)).toEqual(before);
      const fromStdin = await ingest(store, '-', createReadStream(exampleCapture));
      expect(fromStdin.contentSha256).toBe((before.runs[0] as { id: string }).id);
      const after = await snapshot(store);
      // Only the evidence's capture name differs for a new name; the same bytes add no rows.
      expect(after.devices).toEqual(before.devices);
      expect(after.flows).toEqual(before.flows);
      expect(after.runs).toEqual(before.runs);
      expect(after.attributes).toHaveLength(before.attributes.length);
    });

    it('finds a device by id, by MAC in any notation and by IP', async () => {
      const [device] = await store.devices.list();
      const byId = await store.devices.find(device!.id);
      expect(byId?.id).toBe(device!.id);
      expect((await store.devices.find(device!.macs[0]!.toUpperCase().replaceAll(':', '-')))?.id).toBe(
        device!.id,
      );
      expect((await store.devices.find(device!.ips[0]!))?.id).toBe(device!.id);
      expect(await store.devices.find('no-such-device')).toBeUndefined();
    });

    it('merges later evidence without losing the earliest sighting', async () => {
      const [device] = await store.devices.list();
      const mac = device!.attributes.find((attribute) => attribute.name === 'mac')!;
      const earlierMs = Date.parse(mac.firstSeen) - 3_600_000;
      await store.devices.merge(
        [
          {
            identityKey: `mac:${mac.value}`,
            firstSeenMs: earlierMs,
            lastSeenMs: earlierMs,
            attributes: new Map([
              [
                'mac',
                {
                  name: 'mac',
                  value: mac.value,
                  source: mac.source,
                  confidence: 0.5,
                  firstSeenMs: earlierMs,
                  lastSeenMs: earlierMs,
                  evidence: { capture: 'older.pcap', packetNumber: 9, fileOffset: 900 },
                },
              ],
            ]),
            protocols: new Map(),
            findings: new Map(),
          },
        ],
        10,
      );
      const merged = (await store.devices.find(device!.id))!;
      const mergedMac = merged.attributes.find(
        (attribute) => attribute.name === 'mac' && attribute.source === mac.source,
      )!;
      expect(mergedMac.evidence).toEqual({ capture: 'older.pcap', packetNumber: 9, fileOffset: 900 });
      expect(mergedMac.confidence).toBe(mac.confidence);
      expect(mergedMac.lastSeen).toBe(mac.lastSeen);
      expect(merged.lastSeen).toBe(device!.lastSeen);
      expect(Date.parse(merged.firstSeen)).toBe(Math.floor(earlierMs));
    });
  });
}
