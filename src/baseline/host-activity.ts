import type { Evidence } from '../observe/observation.js';
import type { FactCategory } from './fact-category.js';

/** When a fact was first seen in this run, and the packet that shows it. */
export interface FactSighting {
  firstSeenMs: number;
  evidence: Evidence;
  /** The other host, when the fact is about one (a caller, a destination). */
  peerIp: string | undefined;
  peerMac: string | undefined;
}

/** Bytes one host sent to public addresses within one clock hour. */
export interface OutsideHour {
  hour: number;
  bytes: number;
  /** The public address of the largest single transfer in the hour, its bytes and its flow. */
  topPeer: string;
  topPeerBytes: number;
  evidence: Evidence;
}

/**
 * What one host (an address) did during a run: its facts by category, each bounded, and the
 * bytes it sent outside per hour. The baseline stage learns these or compares them.
 */
export class HostActivity {
  readonly facts = new Map<FactCategory, Map<string, FactSighting>>();
  readonly outsideHours = new Map<number, OutsideHour>();
  mac: string | undefined;
  firstSeenMs = Number.POSITIVE_INFINITY;
  lastSeenMs = Number.NEGATIVE_INFINITY;
  /** Facts not kept because a category was full. */
  dropped = 0;
  /** `reaches` its collector holds for it as numbers, not yet written out: they take room. */
  pendingReaches = 0;

  constructor(
    readonly ip: string,
    readonly maxFactsPerCategory: number,
    readonly maxHours: number,
  ) {}

  add(
    category: FactCategory,
    fact: string,
    atMs: number,
    evidence: Evidence,
    peerIp?: string,
    peerMac?: string,
  ): void {
    this.#saw(atMs);
    let facts = this.facts.get(category);
    if (facts === undefined) {
      facts = new Map();
      this.facts.set(category, facts);
    }
    const known = facts.get(fact);
    if (known !== undefined) {
      if (atMs < known.firstSeenMs) {
        known.firstSeenMs = atMs;
        known.evidence = evidence;
      }
      return;
    }
    if (facts.size + (category === 'reaches' ? this.pendingReaches : 0) >= this.maxFactsPerCategory) {
      this.dropped += 1;
      return;
    }
    facts.set(fact, { firstSeenMs: atMs, evidence, peerIp, peerMac });
  }

  /** Whether a category has room for a fact it does not hold yet (for `reaches`, beside those pending). */
  hasRoom(category: FactCategory): boolean {
    const held = (this.facts.get(category)?.size ?? 0) + (category === 'reaches' ? this.pendingReaches : 0);
    return held < this.maxFactsPerCategory;
  }

  /** Seen at this time (by a fact its collector keeps for it). */
  saw(atMs: number): void {
    this.#saw(atMs);
  }

  /** Bytes sent to a public address over `[fromMs, toMs]`, spread evenly over the hours it spans. */
  sentOutside(peer: string, bytes: number, fromMs: number, toMs: number, evidence: Evidence): void {
    this.#saw(fromMs);
    this.#saw(toMs);
    const firstHour = Math.floor(fromMs / 3_600_000);
    const lastHour = Math.min(Math.floor(toMs / 3_600_000), firstHour + this.maxHours - 1);
    const share = bytes / (lastHour - firstHour + 1);
    for (let hour = firstHour; hour <= lastHour; hour += 1) {
      let bucket = this.outsideHours.get(hour);
      if (bucket === undefined) {
        if (this.outsideHours.size >= this.maxHours) {
          this.dropped += 1;
          continue;
        }
        bucket = { hour, bytes: 0, topPeer: peer, topPeerBytes: 0, evidence };
        this.outsideHours.set(hour, bucket);
      }
      bucket.bytes += share;
      if (share > bucket.topPeerBytes)
        Object.assign(bucket, { topPeer: peer, topPeerBytes: share, evidence });
    }
  }

  #saw(atMs: number): void {
    if (atMs < this.firstSeenMs) this.firstSeenMs = atMs;
    if (atMs > this.lastSeenMs) this.lastSeenMs = atMs;
  }
}
