import type { DeviceRecord } from '../../inventory/device-record.js';
import type { AddressOwner } from '../../store/device-repository.js';
import type { Store } from '../../store/open-store.js';

/**
 * Which device each peer address belongs to, remembered between looks at commits. A server
 * everyone talks to (a PACS, a DNS server) is in nearly every commit, and resolving its tens of
 * thousands of peers in the store each time cost more than everything else a follow does. An
 * address changes owner only when a device claims it, and every device a commit wrote is read by
 * the follow anyway, so those devices update what is remembered; analysts' merges and splits
 * forget it all.
 */
/** Addresses remembered at most; past it all are forgotten (a flood of scanned addresses must not grow memory without bound). */
const maxRemembered = 1_000_000;

export class AddressOwners {
  #owners = new Map<string, AddressOwner>();

  constructor(private readonly store: Store) {}

  get size(): number {
    return this.#owners.size;
  }

  /** Forgets every owner (after a full rebuild or an analyst's change to devices). */
  forget(): void {
    this.#owners.clear();
  }

  /**
   * Devices a commit wrote claim their addresses, by the store's rule: of two devices claiming
   * one address, the one seen last (the lower id on a tie).
   */
  claim(devices: readonly DeviceRecord[]): void {
    for (const device of devices)
      for (const address of device.ips) {
        const current = this.#owners.get(address);
        if (current === undefined) continue; // not a peer anyone asked for yet: read when asked
        if (
          current.id === device.id ||
          device.lastSeen > current.lastSeen ||
          (device.lastSeen === current.lastSeen && device.id < current.id)
        )
          this.#owners.set(address, { id: device.id, lastSeen: device.lastSeen });
      }
  }

  /** The device of each address that has one; addresses not remembered are read from the store. */
  async ownersOf(addresses: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const unknown: string[] = [];
    for (const address of addresses) {
      const owner = this.#owners.get(address);
      if (owner === undefined) unknown.push(address);
      else if (owner.id !== '') found.set(address, owner.id);
    }
    if (unknown.length === 0) return found;
    if (this.#owners.size + unknown.length > maxRemembered) this.#owners.clear();
    const read = await this.store.devices.ownersOfAddresses(unknown);
    for (const address of unknown) {
      const owner = read.get(address);
      // An address no device claims is remembered as such (an Internet peer), until one does.
      this.#owners.set(address, owner ?? { id: '', lastSeen: '' });
      if (owner !== undefined) found.set(address, owner.id);
    }
    return found;
  }
}
