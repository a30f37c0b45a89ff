import { formatIpAddress, formatMacNumber, readMacNumber } from '../decode/address-format.js';
import { NetworkLayer, type PacketView, TcpFlag } from '../decode/packet-view.js';
import { formatOptionsLayout } from '../decode/tcp-options.js';
import type { FlowEndReason, FlowRecord, TcpSynSignature } from './flow-record.js';

export interface FlowTableConfig {
  maxFlows: number;
  flowIdleTimeoutMs: number;
  flowExpiryIntervalMs: number;
}

const keyWords = 10;
const noSlot = -1;
const noMac = -1;

/**
 * The table of active flows, kept in typed arrays (one slot per flow) with an open-addressing
 * index and a least-recently-seen list, so updating it for a packet allocates nothing. Memory is
 * fixed at construction by `maxFlows`; when full, the least recently seen flow is ended and
 * reported as `evicted`, never silently dropped.
 *
 * @example
 * const flows = new FlowTable(config, (flow, slot) => records.push(flow));
 * await reader.read((packet) => { decodePacket(packet, view, counters); flows.update(view); });
 * flows.endAll();
 */
export class FlowTable {
  readonly #config: Readonly<FlowTableConfig>;
  readonly #onFlowEnd: (flow: FlowRecord, slot: number) => void;
  readonly #keys: Uint32Array;
  readonly #hashes: Uint32Array;
  readonly #index: Int32Array;
  readonly #indexMask: number;
  readonly #previous: Int32Array;
  readonly #next: Int32Array;
  readonly #freeSlots: Int32Array;
  #freeCount: number;
  #oldest = noSlot;
  #newest = noSlot;
  readonly #isInitiatorA: Uint8Array;
  readonly #macA: Float64Array;
  readonly #macB: Float64Array;
  readonly #packetsFromA: Float64Array;
  readonly #bytesFromA: Float64Array;
  readonly #packetsFromB: Float64Array;
  readonly #bytesFromB: Float64Array;
  readonly #tcpFlagsFromA: Uint8Array;
  readonly #tcpFlagsFromB: Uint8Array;
  readonly #firstSeenMs: Float64Array;
  readonly #lastSeenMs: Float64Array;
  readonly #firstPacketNumber: Float64Array;
  readonly #firstFileOffset: Float64Array;
  /** SYN signatures per side (slot × 2, initiator first): TTL (-1 when none seen), window, layout, MSS, scale. */
  readonly #synTimeToLive: Int16Array;
  readonly #synWindow: Int32Array;
  readonly #synLayout: Float64Array;
  readonly #synMaximumSegmentSize: Uint16Array;
  readonly #synWindowScale: Int8Array;
  readonly #scratchKey = new Uint32Array(keyWords);
  #nextExpiryMs = 0;
  #activeCount = 0;

  /** Whether the packet of the last `update` came from the flow's initiator. */
  isLastPacketFromInitiator = false;

  /** Flows started and ended since construction, and how many ended by eviction. */
  flowsStarted = 0;
  flowsEnded = 0;
  flowsEvicted = 0;

  constructor(config: FlowTableConfig, onFlowEnd: (flow: FlowRecord, slot: number) => void) {
    this.#config = Object.freeze({ ...config });
    this.#onFlowEnd = onFlowEnd;
    const capacity = config.maxFlows;
    let indexSize = 1;
    while (indexSize < capacity * 2) indexSize *= 2;
    this.#indexMask = indexSize - 1;
    this.#index = new Int32Array(indexSize).fill(noSlot);
    this.#keys = new Uint32Array(capacity * keyWords);
    this.#hashes = new Uint32Array(capacity);
    this.#previous = new Int32Array(capacity);
    this.#next = new Int32Array(capacity);
    this.#freeSlots = new Int32Array(capacity);
    for (let slot = 0; slot < capacity; slot += 1) this.#freeSlots[slot] = capacity - 1 - slot;
    this.#freeCount = capacity;
    this.#isInitiatorA = new Uint8Array(capacity);
    this.#macA = new Float64Array(capacity);
    this.#macB = new Float64Array(capacity);
    this.#packetsFromA = new Float64Array(capacity);
    this.#bytesFromA = new Float64Array(capacity);
    this.#packetsFromB = new Float64Array(capacity);
    this.#bytesFromB = new Float64Array(capacity);
    this.#tcpFlagsFromA = new Uint8Array(capacity);
    this.#tcpFlagsFromB = new Uint8Array(capacity);
    this.#firstSeenMs = new Float64Array(capacity);
    this.#lastSeenMs = new Float64Array(capacity);
    this.#firstPacketNumber = new Float64Array(capacity);
    this.#firstFileOffset = new Float64Array(capacity);
    this.#synTimeToLive = new Int16Array(capacity * 2);
    this.#synWindow = new Int32Array(capacity * 2);
    this.#synLayout = new Float64Array(capacity * 2);
    this.#synMaximumSegmentSize = new Uint16Array(capacity * 2);
    this.#synWindowScale = new Int8Array(capacity * 2);
  }

  /** Flows currently tracked. */
  get activeFlows(): number {
    return this.#activeCount;
  }

  /**
   * Accounts one decoded packet to its flow, creating the flow if needed.
   * Returns the flow's slot (stable while the flow lives), or -1 for packets that are not IP.
   */
  update(view: PacketView): number {
    if (view.networkLayer !== NetworkLayer.ipv4 && view.networkLayer !== NetworkLayer.ipv6) return noSlot;
    const packet = view.packet;
    const nowMs = packet.timestampMs;
    if (nowMs >= this.#nextExpiryMs) {
      this.#endIdle(nowMs);
      this.#nextExpiryMs = nowMs + this.#config.flowExpiryIntervalMs;
    }
    const isSourceA = this.#buildKey(view);
    const hash = hashKey(this.#scratchKey);
    let slot = this.#find(hash);
    const isSyn = (view.tcpFlags & (TcpFlag.syn | TcpFlag.ack)) === TcpFlag.syn;
    if (
      slot !== noSlot &&
      isSyn &&
      (this.#tcpFlagsFromA[slot]! | this.#tcpFlagsFromB[slot]!) & (TcpFlag.fin | TcpFlag.rst)
    ) {
      this.#end(slot, 'port-reused');
      slot = noSlot;
    }
    if (slot === noSlot) slot = this.#create(hash, view, isSourceA);
    const sourceMac = view.sourceMacOffset >= 0 ? readMacNumber(packet.data, view.sourceMacOffset) : noMac;
    if (isSourceA) {
      this.#packetsFromA[slot]! += 1;
      this.#bytesFromA[slot]! += packet.originalLength;
      this.#tcpFlagsFromA[slot]! |= view.tcpFlags;
      if (this.#macA[slot] === noMac) this.#macA[slot] = sourceMac;
    } else {
      this.#packetsFromB[slot]! += 1;
      this.#bytesFromB[slot]! += packet.originalLength;
      this.#tcpFlagsFromB[slot]! |= view.tcpFlags;
      if (this.#macB[slot] === noMac) this.#macB[slot] = sourceMac;
    }
    if (nowMs > this.#lastSeenMs[slot]!) this.#lastSeenMs[slot] = nowMs;
    this.isLastPacketFromInitiator = isSourceA === (this.#isInitiatorA[slot] === 1);
    if (view.tcpSynOptionsLayout !== 0)
      this.#recordSyn(view, slot * 2 + (this.isLastPacketFromInitiator ? 0 : 1));
    this.#moveToNewest(slot);
    return slot;
  }

  /** Ends every active flow, oldest first; call at the end of a capture. */
  endAll(reason: FlowEndReason = 'end-of-capture'): void {
    while (this.#oldest !== noSlot) this.#end(this.#oldest, reason);
  }

  /** Writes the canonical key (lower endpoint first) to the scratch key; true if the source is endpoint A. */
  #buildKey(view: PacketView): boolean {
    const key = this.#scratchKey;
    const source = view.sourceAddress;
    const destination = view.destinationAddress;
    let order = 0;
    for (let word = 0; word < 4 && order === 0; word += 1) {
      order = source[word]! < destination[word]! ? -1 : source[word]! > destination[word]! ? 1 : 0;
    }
    if (order === 0) order = view.sourcePort <= view.destinationPort ? -1 : 1;
    const isSourceA = order < 0;
    const low = isSourceA ? source : destination;
    const high = isSourceA ? destination : source;
    key[0] = ((view.vlanId << 16) | (view.networkLayer << 8) | view.ipProtocol) >>> 0;
    key[1] = low[0]!;
    key[2] = low[1]!;
    key[3] = low[2]!;
    key[4] = low[3]!;
    key[5] = high[0]!;
    key[6] = high[1]!;
    key[7] = high[2]!;
    key[8] = high[3]!;
    const portA = isSourceA ? view.sourcePort : view.destinationPort;
    const portB = isSourceA ? view.destinationPort : view.sourcePort;
    key[9] = ((portA << 16) | portB) >>> 0;
    return isSourceA;
  }

  #find(hash: number): number {
    const key = this.#scratchKey;
    let position = hash & this.#indexMask;
    while (true) {
      const slot = this.#index[position]!;
      if (slot === noSlot) return noSlot;
      if (this.#hashes[slot] === hash) {
        const base = slot * keyWords;
        let isEqual = true;
        for (let word = 0; word < keyWords; word += 1) {
          if (this.#keys[base + word] !== key[word]) {
            isEqual = false;
            break;
          }
        }
        if (isEqual) return slot;
      }
      position = (position + 1) & this.#indexMask;
    }
  }

  #create(hash: number, view: PacketView, isSourceA: boolean): number {
    if (this.#freeCount === 0) {
      this.flowsEvicted += 1;
      this.#end(this.#oldest, 'evicted');
    }
    this.#freeCount -= 1;
    const slot = this.#freeSlots[this.#freeCount]!;
    this.#keys.set(this.#scratchKey, slot * keyWords);
    this.#hashes[slot] = hash;
    let position = hash & this.#indexMask;
    while (this.#index[position] !== noSlot) position = (position + 1) & this.#indexMask;
    this.#index[position] = slot;
    // A SYN-ACK first means the capture missed the SYN: the receiver is the initiator. Otherwise the
    // first sender is, unless it answers from a well-known port to an ephemeral one (mid-stream pick-up).
    const isSynAck = (view.tcpFlags & (TcpFlag.syn | TcpFlag.ack)) === (TcpFlag.syn | TcpFlag.ack);
    const isReplyFromService =
      (view.tcpFlags & TcpFlag.syn) === 0 && view.sourcePort < 1024 && view.destinationPort >= 1024;
    const isSourceInitiator = !isSynAck && !isReplyFromService;
    this.#isInitiatorA[slot] = isSourceInitiator === isSourceA ? 1 : 0;
    this.#macA[slot] = noMac;
    this.#macB[slot] = noMac;
    this.#packetsFromA[slot] = 0;
    this.#bytesFromA[slot] = 0;
    this.#packetsFromB[slot] = 0;
    this.#bytesFromB[slot] = 0;
    this.#tcpFlagsFromA[slot] = 0;
    this.#tcpFlagsFromB[slot] = 0;
    this.#firstSeenMs[slot] = view.packet.timestampMs;
    this.#lastSeenMs[slot] = view.packet.timestampMs;
    this.#firstPacketNumber[slot] = view.packet.packetNumber;
    this.#firstFileOffset[slot] = view.packet.fileOffset;
    this.#synTimeToLive[slot * 2] = -1;
    this.#synTimeToLive[slot * 2 + 1] = -1;
    this.#previous[slot] = this.#newest;
    this.#next[slot] = noSlot;
    if (this.#newest !== noSlot) this.#next[this.#newest] = slot;
    else this.#oldest = slot;
    this.#newest = slot;
    this.#activeCount += 1;
    this.flowsStarted += 1;
    return slot;
  }

  /** Keeps the first SYN (or SYN-ACK) signature of a side; retransmissions repeat it. */
  #recordSyn(view: PacketView, side: number): void {
    if (this.#synTimeToLive[side] !== -1) return;
    this.#synTimeToLive[side] = view.timeToLive;
    this.#synWindow[side] = view.tcpWindow;
    this.#synLayout[side] = view.tcpSynOptionsLayout;
    this.#synMaximumSegmentSize[side] = view.tcpMaximumSegmentSize;
    this.#synWindowScale[side] = view.tcpWindowScale;
  }

  #synSignature(side: number): TcpSynSignature | undefined {
    if (this.#synTimeToLive[side] === -1) return undefined;
    return {
      timeToLive: this.#synTimeToLive[side]!,
      window: this.#synWindow[side]!,
      optionsLayout: formatOptionsLayout(this.#synLayout[side]!),
      maximumSegmentSize: this.#synMaximumSegmentSize[side]!,
      windowScale: this.#synWindowScale[side]!,
    };
  }

  #moveToNewest(slot: number): void {
    if (this.#newest === slot) return;
    const previous = this.#previous[slot]!;
    const next = this.#next[slot]!;
    if (previous !== noSlot) this.#next[previous] = next;
    else this.#oldest = next;
    this.#previous[next] = previous;
    this.#previous[slot] = this.#newest;
    this.#next[slot] = noSlot;
    this.#next[this.#newest] = slot;
    this.#newest = slot;
  }

  #endIdle(nowMs: number): void {
    const idleBeforeMs = nowMs - this.#config.flowIdleTimeoutMs;
    while (this.#oldest !== noSlot && this.#lastSeenMs[this.#oldest]! < idleBeforeMs) {
      this.#end(this.#oldest, 'idle');
    }
  }

  #end(slot: number, reason: FlowEndReason): void {
    const record = this.#toRecord(slot, reason);
    this.#remove(slot);
    this.flowsEnded += 1;
    // The slot is free but not reused before this returns, so per-slot state elsewhere can be released.
    this.#onFlowEnd(record, slot);
  }

  #remove(slot: number): void {
    const previous = this.#previous[slot]!;
    const next = this.#next[slot]!;
    if (previous !== noSlot) this.#next[previous] = next;
    else this.#oldest = next;
    if (next !== noSlot) this.#previous[next] = previous;
    else this.#newest = previous;
    // Backward-shift deletion keeps linear probing correct without tombstones.
    const mask = this.#indexMask;
    let hole = this.#hashes[slot]! & mask;
    while (this.#index[hole] !== slot) hole = (hole + 1) & mask;
    let probe = hole;
    while (true) {
      probe = (probe + 1) & mask;
      const candidate = this.#index[probe]!;
      if (candidate === noSlot) break;
      const home = this.#hashes[candidate]! & mask;
      const staysPut = hole <= probe ? hole < home && home <= probe : hole < home || home <= probe;
      if (staysPut) continue;
      this.#index[hole] = candidate;
      hole = probe;
    }
    this.#index[hole] = noSlot;
    this.#freeSlots[this.#freeCount] = slot;
    this.#freeCount += 1;
    this.#activeCount -= 1;
  }

  #toRecord(slot: number, endReason: FlowEndReason): FlowRecord {
    const base = slot * keyWords;
    const keys = this.#keys;
    const ipVersion = (keys[base]! >>> 8) & 0xff;
    const isInitiatorA = this.#isInitiatorA[slot] === 1;
    // Endpoint A's address is key words 1–4 and its port the high half of word 9; B's follow.
    const endpoint = (isA: boolean, synIndex: number) => ({
      address: formatIpAddress(ipVersion, keys.subarray(base + (isA ? 1 : 5), base + (isA ? 5 : 9))),
      port: isA ? keys[base + 9]! >>> 16 : keys[base + 9]! & 0xffff,
      mac:
        (isA ? this.#macA : this.#macB)[slot] === noMac
          ? undefined
          : formatMacNumber((isA ? this.#macA : this.#macB)[slot]!),
      syn: this.#synSignature(synIndex),
    });
    return {
      ipVersion: ipVersion === 4 ? 4 : 6,
      protocol: keys[base]! & 0xff,
      vlanId: keys[base]! >>> 16,
      initiator: endpoint(isInitiatorA, slot * 2),
      responder: endpoint(!isInitiatorA, slot * 2 + 1),
      packetsFromInitiator: isInitiatorA ? this.#packetsFromA[slot]! : this.#packetsFromB[slot]!,
      bytesFromInitiator: isInitiatorA ? this.#bytesFromA[slot]! : this.#bytesFromB[slot]!,
      packetsFromResponder: isInitiatorA ? this.#packetsFromB[slot]! : this.#packetsFromA[slot]!,
      bytesFromResponder: isInitiatorA ? this.#bytesFromB[slot]! : this.#bytesFromA[slot]!,
      tcpFlagsFromInitiator: isInitiatorA ? this.#tcpFlagsFromA[slot]! : this.#tcpFlagsFromB[slot]!,
      tcpFlagsFromResponder: isInitiatorA ? this.#tcpFlagsFromB[slot]! : this.#tcpFlagsFromA[slot]!,
      firstSeenMs: this.#firstSeenMs[slot]!,
      lastSeenMs: this.#lastSeenMs[slot]!,
      endReason,
      firstPacketNumber: this.#firstPacketNumber[slot]!,
      firstFileOffset: this.#firstFileOffset[slot]!,
    };
  }
}

/** FNV-1a over the key's 32-bit words, then a final avalanche so linear probing spreads well. */
function hashKey(key: Uint32Array): number {
  let hash = 0x811c9dc5;
  for (let word = 0; word < keyWords; word += 1) {
    hash = Math.imul(hash ^ key[word]!, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash >>> 0;
}
