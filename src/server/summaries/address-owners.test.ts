import { afterEach, describe, expect, it } from 'vitest';
import { temporarySqliteStore } from '../../../test/support/temporary-store.js';
import type { DeviceDraft } from '../../inventory/device-draft.js';
import type { Store } from '../../store/open-store.js';
import { AddressOwners } from './address-owners.js';

const evidence = { capture: 'ward.pcap', packetNumber: 1, fileOffset: 24 };

function draft(mac: string, ip: string, seenMs: number): DeviceDraft {
  const attribute = (name: string, value: string) => ({
    name,
    value,
    source: 'arp',
    confidence: 0.9,
    firstSeenMs: seenMs,
    lastSeenMs: seenMs,
    evidence,
  });
  return {
    identityKey: `mac:${mac}`,
    firstSeenMs: seenMs,
    lastSeenMs: seenMs,
    attributes: new Map([
      [`mac ${mac}`, attribute('mac', mac)],
      [`ip ${ip}`, attribute('ip', ip)],
    ]),
    protocols: new Map(),
    findings: new Map(),
  };
}

describe('AddressOwners', () => {
  let store: Store;
  afterEach(async () => store?.close());

  it('answers as the store does while devices claim addresses, reading each address once', async () => {
    store = await temporarySqliteStore();
    const start = Date.parse('2026-12-01T08:00:00Z');
    await store.devices.merge([draft('00:00:5e:00:53:01', '10.20.0.5', start)], 1);
    const owners = new AddressOwners(store);
    const asked = ['10.20.0.5', '203.0.113.9'];
    expect(await owners.ownersOf(asked)).toEqual(await store.devices.devicesOfAddresses(asked));
    expect(owners.size).toBe(2); // the Internet address is remembered as nobody's

    // Another device takes the address later (a DHCP lease moved), and one appears on the Internet address.
    await store.devices.merge(
      [
        draft('00:00:5e:00:53:02', '10.20.0.5', start + 60_000),
        draft('00:00:5e:00:53:03', '203.0.113.9', start),
      ],
      2,
    );
    const committed = await store.devices.getMany([
      ...(await store.devices.list()).map((device) => device.id),
    ]);
    owners.claim(committed);
    const oracle = await store.devices.devicesOfAddresses(asked);
    expect(oracle.size).toBe(2);
    expect(await owners.ownersOf(asked)).toEqual(oracle);

    // The first device seen again, but earlier than the second: the address stays the second's.
    await store.devices.merge([draft('00:00:5e:00:53:01', '10.20.0.5', start + 30_000)], 3);
    owners.claim(
      await store.devices.getMany([committed.find((device) => device.macs[0] === '00:00:5e:00:53:01')!.id]),
    );
    expect(await owners.ownersOf(asked)).toEqual(await store.devices.devicesOfAddresses(asked));
  });

  it('forgets what it remembered', async () => {
    store = await temporarySqliteStore();
    await store.devices.merge(
      [draft('00:00:5e:00:53:01', '10.20.0.5', Date.parse('2026-12-01T08:00:00Z'))],
      1,
    );
    const owners = new AddressOwners(store);
    await owners.ownersOf(['10.20.0.5']);
    owners.forget();
    expect(owners.size).toBe(0);
  });
});
