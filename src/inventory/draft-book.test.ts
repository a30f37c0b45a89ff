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
  it('gives each changed MAC-keyed draft once per change, with what changed since it was last given', () => {
    const book = new DraftBook(registry);
    const pump = book.deviceForMac('00:1a:01:12:34:56', sighting(1));
    const [first] = book.changedDevices();
    expect(first?.identityKey).toBe(pump.identityKey);
    expect([...first!.attributes.values()].map((attribute) => attribute.name)).toContain('mac');
    expect(book.changedDevices()).toEqual([]);
    book.addProtocol(pump, 'hl7', 2);
    book.addFinding(pump, 'telnet-service', sighting(2));
    const [again] = book.changedDevices();
    expect(again?.identityKey).toBe(pump.identityKey);
    expect([...again!.protocols.keys()]).toEqual(['hl7']);
    // The MAC and vendor went with the first commit: the book no longer holds them.
    expect([...again!.attributes.keys()]).toEqual([]);
    expect([...again!.findings.keys()]).toEqual(['telnet-service']);
    // Findings go whole each time: a measured one sums the whole run.
    book.addProtocol(pump, 'dicom', 3);
    expect([...book.changedDevices()[0]!.findings.keys()]).toEqual(['telnet-service']);
  });

  it('holds back drafts known only by address and randomised MACs until devices()', () => {
    const book = new DraftBook(registry);
    const byAddress = book.deviceForIp('10.1.0.9', sighting(1));
    const phone = book.deviceForMac('da:a1:19:00:00:01', sighting(2));
    expect(book.changedDevices()).toEqual([]);
    // ARP binds the address later: the address's facts join the MAC's device, which never was two.
    const monitor = book.deviceForMac('00:1a:01:00:00:09', sighting(3));
    book.bindIp('10.1.0.9', '00:1a:01:00:00:09');
    expect(book.changedDevices().map((draft) => draft.identityKey)).toEqual([monitor.identityKey]);
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
    const [before] = book.changedDevices();
    expect(before?.identityKey).toBe(pacs.identityKey);
    expect([...before!.attributes.values()].some((attribute) => attribute.name === 'hostname')).toBe(false);
    book.bindIp('10.1.0.5', '00:1a:01:00:00:05');
    const [after] = book.changedDevices();
    expect(after?.identityKey).toBe(pacs.identityKey);
    expect([...after!.attributes.values()].find((attribute) => attribute.name === 'hostname')?.value).toBe(
      'pacs-1',
    );
  });
});
