import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import { ethernetFrame, ipv4Packet, udpDatagram } from '../src/decode/encode-frame.js';
import { encodeDhcpMessage } from '../src/dissect/dhcp/encode.js';
import { encodePoctHello } from '../src/dissect/poct1a/encode.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { CaptureStream } from '../src/sim/capture-stream.js';
import { TcpConversation } from '../src/sim/packets.js';
import { SeededRandom } from '../src/sim/random.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { temporaryDirectory } from './support/temporary-store.js';

const server = { mac: '00:50:56:10:00:01', ip: '10.1.0.1' };
const pump = '58:42:e4:00:00:07';
const trunked = '00:13:38:00:00:20';
const randomised = 'da:a1:19:00:00:31';
/** The same phone after its MAC rotated, within the first capture and in the later one. */
const rotated = ['de:ad:19:00:00:32', 'ea:11:19:00:00:33'];
const iphones = ['f2:00:00:00:00:41', 'f6:00:00:00:00:42'];
const manager = { mac: '00:50:56:10:00:02', ip: '10.1.0.2', port: 7001 };
const hourUs = 3_600_000_000;
const startUs = Date.UTC(2026, 2, 2, 8) * 1000;

/** A DHCP ACK from the server leasing `ip` to `mac` (on `vlanId` when given): what binds a MAC to an address. */
function lease(
  stream: CaptureStream,
  mac: string,
  ip: string,
  hostname: string,
  atUs: number,
  vlanId?: number,
): void {
  const ack = encodeDhcpMessage({
    messageType: 'ack',
    transactionId: 7,
    clientMac: mac,
    leasedIp: ip,
    serverId: server.ip,
    hostname,
    leaseTimeSeconds: 3600,
  });
  const packet = ipv4Packet(
    { source: server.ip, destination: ip, protocol: 17 },
    udpDatagram(67, 68, server.ip, ip, ack),
  );
  stream.write(
    ethernetFrame(
      {
        source: server.mac,
        destination: mac,
        etherType: 0x0800,
        vlanIds: vlanId === undefined ? [] : [vlanId],
      },
      packet,
    ),
    atUs,
  );
}

/** The pump's POCT1-A hello naming its software version, to the data manager. */
function hello(stream: CaptureStream, ip: string, version: string, atUs: number): void {
  const session = new TcpConversation(
    stream,
    { mac: pump, ip, port: 40_000 },
    manager,
    new SeededRandom(1),
    atUs,
  ).open();
  session.send(
    true,
    encodePoctHello(1, {
      deviceId: 'pump-7',
      vendorId: 'BAXTER',
      modelId: 'Spectrum IQ',
      serialId: 'BX-7',
      manufacturerName: 'Baxter',
      softwareVersion: version,
    }),
  );
  session.close();
}

async function ingest(store: Store, capture: string) {
  await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
}

describe('device identity over time and its history', () => {
  const directory = temporaryDirectory('vigil-history-');
  const first = join(directory, 'monday.pcapng');
  const later = join(directory, 'wednesday.pcapng');
  {
    const stream = new CaptureStream(first, startUs);
    lease(stream, pump, '10.1.0.10', 'pump-7', startUs);
    hello(stream, '10.1.0.10', '9.11.3', startUs + 1000);
    // One MAC leased an address on two VLANs (a trunked interface): one device, two addresses.
    lease(stream, trunked, '10.20.0.5', 'station-2', startUs + 2000, 20);
    lease(stream, trunked, '10.30.0.5', 'station-2', startUs + 3000, 30);
    // A phone with a randomised (locally administered) MAC: kept, flagged, never given a vendor.
    lease(stream, randomised, '10.1.0.99', 'ward7-phone-3', startUs + 4000);
    lease(stream, rotated[0]!, '10.1.0.98', 'ward7-phone-3', startUs + 5000);
    // Two phones that both call themselves iPhone stay two devices.
    lease(stream, iphones[0]!, '10.1.0.50', 'iPhone', startUs + 6000);
    lease(stream, iphones[1]!, '10.1.0.51', 'iPhone', startUs + 7000);
    // A renewal an hour later gives the pump another address; the device stays one.
    lease(stream, pump, '10.1.0.77', 'pump-7', startUs + hourUs);
    stream.close();
  }
  {
    // Two days later only the pump talks, with older firmware than before.
    const stream = new CaptureStream(later, startUs + 50 * hourUs);
    hello(stream, '10.1.0.77', '9.2.1', startUs + 50 * hourUs);
    lease(stream, rotated[1]!, '10.1.0.97', 'ward7-phone-3', startUs + 50 * hourUs + 1_000_000);
    stream.close();
  }

  it('keeps one device across renewals and VLANs, and records new devices, changes, a downgrade and silence once', async () => {
    const store = await openStore(join(directory, 'history.db'));
    try {
      await ingest(store, first);
      await ingest(store, later);
      await ingest(store, later);
      const device = (await store.devices.find(pump))!;
      expect(device.ips.sort()).toEqual(['10.1.0.10', '10.1.0.77']);
      const history = (await store.devices.history(device.id)).map((e) => [
        e.kind,
        e.attribute,
        e.before,
        e.after,
      ]);
      expect(history).toEqual([
        ['new-device', null, null, null],
        ['attribute-changed', 'ip', '10.1.0.10', '10.1.0.77'],
        ['firmware-downgrade', 'software-version', '9.11.3', '9.2.1'],
      ]);
      // Seen within a day of the latest traffic: online. The data manager is known only by address.
      expect([device.status, device.knownBy]).toEqual(['online', 'mac']);
      expect((await store.devices.find(manager.ip))?.knownBy).toBe('ip');
      const station = (await store.devices.list()).filter((d) => d.macs.includes(trunked));
      expect(station[0]?.status).toBe('offline');
      expect(station.map((d) => d.ips.sort())).toEqual([['10.20.0.5', '10.30.0.5']]);
      // The phone's three randomised MACs, two in one capture and one two days later, are one device.
      const phone = (await store.devices.find(randomised))!;
      expect([phone.vendor, phone.attributes.some((a) => a.name === 'mac.locally-administered')]).toEqual([
        null,
        true,
      ]);
      expect(phone.macs).toEqual([randomised, ...rotated].sort());
      expect((await store.devices.find(rotated[1]!))?.id).toBe(phone.id);
      const rotation = (await store.devices.history(phone.id)).filter((e) => e.attribute === 'mac');
      expect(rotation.map((e) => [e.before, e.after])).toEqual([
        [randomised, rotated[0]],
        [rotated[0], rotated[1]],
      ]);
      const found = await Promise.all(iphones.map((mac) => store.devices.find(mac)));
      expect(new Set(found.map((d) => d?.id)).size).toBe(2);
      // Silent for more than a day before the latest traffic: once, stamped when the silence began.
      const silence = (await store.devices.history(station[0]!.id)).filter((e) => e.kind === 'went-silent');
      expect(silence.map((e) => e.at)).toEqual([
        new Date((startUs + 3000) / 1000 + 24 * 3_600_000).toISOString().replace('Z', '000Z'),
      ]);
      expect((await store.devices.history(device.id)).some((e) => e.kind === 'went-silent')).toBe(false);
    } finally {
      await store.close();
    }
  });

  it("keeps an analyst's override over later evidence, with who and why in the history, until cleared", async () => {
    const database = join(directory, 'override.db');
    const store = await openStore(database);
    try {
      await ingest(store, first);
    } finally {
      await store.close();
    }
    const vigil = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args, '--db', database], {
        encoding: 'utf8',
      });
    expect(vigil('override', pump, 'type', 'not a type', '--by', 'a.nurse').stderr).toContain(
      'is not a type of data/classification/taxonomy.json',
    );
    const set = vigil(
      'override',
      pump,
      'model',
      'Spectrum IQ SW',
      '--by',
      'j.biomed',
      '--reason',
      'label on the device',
    );
    expect([set.status, set.stdout]).toEqual([
      0,
      expect.stringContaining('model set to "Spectrum IQ SW" by j.biomed'),
    ]);
    const reopened = await openStore(database);
    try {
      await ingest(reopened, later);
      const device = (await reopened.devices.find(pump))!;
      expect(device.model).toBe('Spectrum IQ SW');
      const override = (await reopened.devices.history(device.id)).find((e) => e.kind === 'override-set')!;
      expect([override.attribute, override.before, override.after, override.actor, override.reason]).toEqual([
        'model',
        'Spectrum IQ',
        'Spectrum IQ SW',
        'j.biomed',
        'label on the device',
      ]);
    } finally {
      await reopened.close();
    }
    const shown = vigil('device', pump);
    expect(shown.stdout).toContain(
      'override-set model: Spectrum IQ → Spectrum IQ SW by j.biomed (label on the device)',
    );
    expect(vigil('override', pump, 'model', '--clear', '--by', 'j.biomed').stdout).toContain(
      'model override cleared',
    );
    const cleared = JSON.parse(vigil('device', pump, '--json').stdout) as {
      model: string;
      history: { kind: string }[];
    };
    expect([cleared.model, cleared.history.at(-1)?.kind]).toEqual(['Spectrum IQ', 'override-cleared']);
  });

  it('merges two devices an analyst knows are one, keeps later traffic folded, and splits them back whole', async () => {
    const database = join(directory, 'merge.db');
    const store = await openStore(database);
    try {
      await ingest(store, first);
    } finally {
      await store.close();
    }
    const vigil = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args, '--db', database], {
        encoding: 'utf8',
      });
    const [keeperMac, absorbedMac] = iphones as [string, string];
    expect(
      vigil('merge', keeperMac, absorbedMac, '--by', 'j.biomed', '--reason', 'one phone, two MACs').status,
    ).toBe(0);
    expect(vigil('merge', keeperMac, absorbedMac, '--by', 'j.biomed').stderr).toContain(
      'are already one device',
    );
    const reopened = await openStore(database);
    try {
      // Traffic from both MACs, ingested after the merge, lands on each and shows as one device.
      await ingest(reopened, first);
      const merged = (await reopened.devices.list()).filter((d) =>
        d.macs.some((mac) => iphones.includes(mac)),
      );
      expect(merged.map((d) => [d.macs, d.ips.sort()])).toEqual([
        [[...iphones].sort(), ['10.1.0.50', '10.1.0.51']],
      ]);
      expect((await reopened.devices.find(absorbedMac))?.id).toBe(merged[0]!.id);
      const merge = (await reopened.devices.history(merged[0]!.id)).find((e) => e.kind === 'merged')!;
      expect([merge.actor, merge.reason]).toEqual(['j.biomed', 'one phone, two MACs']);
    } finally {
      await reopened.close();
    }
    const split = vigil(
      'split',
      keeperMac,
      absorbedMac,
      '--by',
      'j.biomed',
      '--reason',
      'two phones after all',
    );
    expect(split.status).toBe(0);
    expect(vigil('split', keeperMac, absorbedMac, '--by', 'j.biomed').status).toBe(1);
    const apart = await openStore(database);
    try {
      const devices = (await apart.devices.list()).filter((d) => d.macs.some((mac) => iphones.includes(mac)));
      expect(devices.map((d) => d.macs).sort()).toEqual([[iphones[0]], [iphones[1]]]);
      const keeper = (await apart.devices.find(keeperMac))!;
      expect((await apart.devices.history(keeper.id)).map((e) => e.kind).slice(-2)).toEqual([
        'merged',
        'split',
      ]);
    } finally {
      await apart.close();
    }
  });
});
