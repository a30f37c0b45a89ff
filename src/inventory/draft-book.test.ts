import { describe, expect, it } from 'vitest';
import { DraftBook } from './draft-book.js';
import { OuiRegistry } from './oui-registry.js';

const registry = OuiRegistry.load({ ieeeDataDirectory: '/nonexistent' });
const sighting = (timestampMs: number) => ({
  kind: 'test',
  timestampMs,
  evidence: { capture: 'c.pcap', packetNumber: timestampMs, fileOffset: timestampMs },
});

describe('DraftBook.changedDevices', () => {
  it('gives each changed MAC-keyed draft once per change, its whole state so far', () => {
    const book = new DraftBook(registry);
    const pump = book.deviceForMac('00:1a:01:12:34:56', sighting(1));
    expect(book.changedDevices()).toEqual([pump]);
    expect(book.changedDevices()).toEqual([]);
    book.addProtocol(pump, 'hl7', 2);
    const [again] = book.changedDevices();
    expect(again).toBe(pump);
    expect([...again!.protocols.keys()]).toEqual(['hl7']);
    expect([...again!.attributes.values()].map((attribute) => attribute.name)).toContain('mac');
  });

  it('holds back drafts known only by address and randomised MACs until devices()', () => {
    const book = new DraftBook(registry);
    const byAddress = book.deviceForIp('10.1.0.9', sighting(1));
    const phone = book.deviceForMac('da:a1:19:00:00:01', sighting(2));
    expect(book.changedDevices()).toEqual([]);
    // ARP binds the address later: the address's facts join the MAC's device, which never was two.
    const monitor = book.deviceForMac('00:1a:01:00:00:09', sighting(3));
    book.bindIp('10.1.0.9', '00:1a:01:00:00:09');
    expect(book.changedDevices()).toEqual([monitor]);
    const devices = book.devices();
    expect(devices.map((device) => device.identityKey).sort()).toEqual(
      [monitor.identityKey, phone.identityKey].sort(),
    );
    expect(devices.find((device) => device === monitor)?.attributes.has(`ip\u000010.1.0.9\u0000test`)).toBe(
      true,
    );
    expect(byAddress.identityKey).toBe('ip:10.1.0.9');
  });

  it('applies facts about an address to the device bound to it, and keeps the others for later', () => {
    const book = new DraftBook(registry);
    book.annotateAddress('10.1.0.5', 'hostname', 'pacs-1', 'dns', 0.7, sighting(1));
    const pacs = book.deviceForMac('00:1a:01:00:00:05', sighting(2));
    expect(book.changedDevices()).toEqual([pacs]);
    expect([...pacs.attributes.values()].some((attribute) => attribute.name === 'hostname')).toBe(false);
    book.bindIp('10.1.0.5', '00:1a:01:00:00:05');
    expect(book.changedDevices()).toEqual([pacs]);
    expect([...pacs.attributes.values()].find((attribute) => attribute.name === 'hostname')?.value).toBe(
      'pacs-1',
    );
  });
});
