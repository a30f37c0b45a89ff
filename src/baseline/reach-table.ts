import type { Evidence } from '../observe/observation.js';

/** One entry of a `ReachTable` as read back: `owner` opened `protocol`/`port` on `address`. */
export interface Reach {
  /** IPv4 addresses as unsigned numbers. */
  owner: number;
  address: number;
  protocol: 6 | 17;
  port: number;
  firstSeenMs: number;
  evidence: Evidence;
}

/** Numbers per slot: owner and service, address, first seen, packet number, file offset, capture. */
const stride = 6;
const free = -1;
const initialSlots = 4096;

/**
 * Which services on which IPv4 hosts each IPv4 host opened, with when each was first seen and
 * its packet: one open-addressing table over a Float64Array for every host. The collector meets
 * a new fact on nearly every flow, and between two flows the packet path has pushed the hosts'
 * own maps out of the processor's caches: kept per host as a string, a sighting and an evidence
 * object, a fact cost several cache misses and objects kept alive; here it costs a slot.
 *
 * @example
 * const reaches = new ReachTable();
 * if (!reaches.sightAgain(0x0a010009, 0x0a010005, 6, 104, flow.firstSeenMs, evidence))
 *   reaches.insert(0x0a010009, 0x0a010005, 6, 104, flow.firstSeenMs, evidence);
 */
export class ReachTable {
  #slots = new Float64Array(initialSlots * stride).fill(free);
  #captures: string[] = [];
  size = 0;

  /**
   * Whether `owner` opening `protocol`/`port` on `address` is held; if so, an earlier sighting
   * replaces the one kept. When it is not, the caller decides whether there is room to `insert` it.
   */
  sightAgain(
    owner: number,
    address: number,
    protocol: 6 | 17,
    port: number,
    atMs: number,
    evidence: Evidence,
  ): boolean {
    const ownerAndService = serviceKey(owner, protocol, port);
    const slot = this.#slotOf(ownerAndService, address);
    if (this.#slots[slot] === free) return false;
    if (atMs < this.#slots[slot + 2]!) this.#write(slot, ownerAndService, address, atMs, evidence);
    return true;
  }

  /** Adds a fact `sightAgain` found not held. */
  insert(
    owner: number,
    address: number,
    protocol: 6 | 17,
    port: number,
    atMs: number,
    evidence: Evidence,
  ): void {
    if ((this.size + 1) * 2 * stride > this.#slots.length) this.#grow();
    const ownerAndService = serviceKey(owner, protocol, port);
    this.#write(this.#slotOf(ownerAndService, address), ownerAndService, address, atMs, evidence);
    this.size += 1;
  }

  /**
   * Hands every entry to `take`, then leaves the table empty. The entry is one object reused for
   * each (copy what is kept): tens of thousands are read out at once.
   */
  drain(take: (reach: Readonly<Reach>) => void): void {
    const slots = this.#slots;
    const reach: Reach = { owner: 0, address: 0, protocol: 6, port: 0, firstSeenMs: 0, evidence: undefined! };
    for (let slot = 0; slot < slots.length; slot += stride) {
      const ownerAndService = slots[slot]!;
      if (ownerAndService === free) continue;
      reach.owner = Math.floor(ownerAndService / 0x20000);
      reach.address = slots[slot + 1]!;
      reach.protocol = ownerAndService & 0x10000 ? 17 : 6;
      reach.port = ownerAndService & 0xffff;
      reach.firstSeenMs = slots[slot + 2]!;
      reach.evidence = {
        capture: this.#captures[slots[slot + 5]!]!,
        packetNumber: slots[slot + 3]!,
        fileOffset: slots[slot + 4]!,
      };
      take(reach);
    }
    // The slots are kept: a table that grew once grows again, and fresh memory costs a page fault
    // per 4 KiB touched (measured: 12.6 MB of new table, 35 ms), more than clearing it in place.
    slots.fill(free);
    this.size = 0;
  }

  /** The slot holding the key, or the free slot where it belongs (linear probing). */
  #slotOf(ownerAndService: number, address: number): number {
    const slots = this.#slots;
    const mask = slots.length / stride - 1;
    const hash = Math.imul(ownerAndService | 0, 0x9e3779b1) ^ Math.imul(address | 0, 0x85ebca6b);
    let index = (hash ^ (hash >>> 15)) & mask;
    while (true) {
      const slot = index * stride;
      const held = slots[slot]!;
      if (held === free || (held === ownerAndService && slots[slot + 1] === address)) return slot;
      index = (index + 1) & mask;
    }
  }

  #write(slot: number, ownerAndService: number, address: number, atMs: number, evidence: Evidence): void {
    const slots = this.#slots;
    slots[slot] = ownerAndService;
    slots[slot + 1] = address;
    slots[slot + 2] = atMs;
    slots[slot + 3] = evidence.packetNumber;
    slots[slot + 4] = evidence.fileOffset;
    slots[slot + 5] = this.#captureIndex(evidence.capture);
  }

  /** Captures are few (one per ingest): the last one is compared before the list is searched. */
  #captureIndex(capture: string): number {
    const captures = this.#captures;
    const last = captures.length - 1;
    if (last >= 0 && captures[last] === capture) return last;
    const index = captures.indexOf(capture);
    if (index >= 0) return index;
    captures.push(capture);
    return last + 1;
  }

  /** Twice the slots, each entry moved to its place in them. */
  #grow(): void {
    const old = this.#slots;
    this.#slots = new Float64Array(old.length * 2).fill(free);
    for (let from = 0; from < old.length; from += stride) {
      if (old[from] === free) continue;
      const to = this.#slotOf(old[from]!, old[from + 1]!);
      for (let offset = 0; offset < stride; offset += 1) this.#slots[to + offset] = old[from + offset]!;
    }
  }
}

/** The owner, transport and port as one number (49 bits, exact in a double). */
function serviceKey(owner: number, protocol: 6 | 17, port: number): number {
  return owner * 0x20000 + (protocol === 17 ? 0x10000 : 0) + port;
}

/** An IPv4 dotted quad as an unsigned number, -1 for anything else (IPv6, a malformed text). */
export function ipv4Number(text: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 46) {
      if (digits === 0 || dots === 3 || octet > 255) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots += 1;
    } else if (code >= 48 && code <= 57 && digits < 3) {
      octet = octet * 10 + (code - 48);
      digits += 1;
    } else return -1;
  }
  if (dots !== 3 || digits === 0 || octet > 255) return -1;
  return value * 256 + octet;
}

/** An unsigned number as an IPv4 dotted quad. */
export function ipv4Text(address: number): string {
  return `${address >>> 24}.${(address >>> 16) & 0xff}.${(address >>> 8) & 0xff}.${address & 0xff}`;
}
