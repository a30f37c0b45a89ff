import type { DetectionConfig } from '../config/detection.js';
import { BoundedMap } from './bounded-map.js';
import type { DetectionEvidence } from './detection.js';

/** Distinct values one key touched within a window, with the evidence of the first few. */
export interface Tally {
  windowStartMs: number;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Distinct values, kept up to `maxValues`; `count` goes on past it. */
  values: Set<string>;
  /** Events in the window, repeats included. */
  count: number;
  evidence: DetectionEvidence[];
  /**
   * The events' own details (how each probe was made, which service) gathered over the window,
   * so the report made at the crossing names them all, not only the crossing event's.
   */
  detail: Map<string, Set<string>>;
  /** True once the threshold was crossed in this window: later events only add to it. */
  isReported: boolean;
}

/**
 * Counts distinct values (ports, hosts, addresses) per key in a tumbling window and says when a
 * key crosses its threshold. Bounded twice: keys by a `BoundedMap`, values per key by
 * `maxValues`.
 *
 * @example
 * const ports = new DistinctTally({ threshold: 20, windowMs: 60_000, maxKeys: 50_000, maxEvidence: 20 });
 * const crossed = ports.add('10.0.0.9>10.0.0.5', '443/tcp', flow.firstSeenMs, evidence);
 */
export class DistinctTally {
  readonly #tallies: BoundedMap<string, Tally>;
  readonly #maxValues: number;

  constructor(
    private readonly options: {
      threshold: number;
      windowMs: number;
      maxKeys: number;
      maxEvidence: number;
      /** `events` crosses on the number of events (failed logins), `distinct` (default) on distinct values. */
      countOf?: 'distinct' | 'events';
    },
  ) {
    this.#tallies = new BoundedMap(options.maxKeys);
    this.#maxValues = Math.max(options.threshold * 4, 64);
  }

  /** A tally bounded by the detection config's key and evidence limits. */
  static within(
    config: Readonly<DetectionConfig>,
    threshold: number,
    windowMs: number,
    countOf: 'distinct' | 'events' = 'distinct',
  ): DistinctTally {
    return new DistinctTally({
      threshold,
      windowMs,
      maxKeys: config.maxTrackedKeys,
      maxEvidence: config.maxEvidencePerAlert,
      countOf,
    });
  }

  get evicted(): number {
    return this.#tallies.evicted;
  }

  get size(): number {
    return this.#tallies.size;
  }

  /**
   * Adds an event; returns the tally when this event crosses the threshold (`crossed`) or adds
   * to one that already did, else undefined.
   */
  add(
    key: string,
    value: string,
    atMs: number,
    evidence: DetectionEvidence,
    detail?: Readonly<Record<string, readonly string[]>>,
  ): { tally: Tally; crossed: boolean } | undefined {
    let tally = this.#tallies.get(key);
    if (tally === undefined || atMs - tally.windowStartMs > this.options.windowMs) {
      tally = {
        windowStartMs: atMs,
        firstSeenMs: atMs,
        lastSeenMs: atMs,
        values: new Set(),
        count: 0,
        evidence: [],
        detail: new Map(),
        isReported: false,
      };
      this.#tallies.set(key, tally);
    }
    tally.count += 1;
    tally.firstSeenMs = Math.min(tally.firstSeenMs, atMs);
    tally.lastSeenMs = Math.max(tally.lastSeenMs, atMs);
    if (tally.values.size < this.#maxValues) tally.values.add(value);
    if (tally.evidence.length < this.options.maxEvidence) tally.evidence.push(evidence);
    if (detail !== undefined && !tally.isReported) this.#gatherDetail(tally, detail);
    if (tally.isReported) return { tally, crossed: false };
    const reached = this.options.countOf === 'events' ? tally.count : tally.values.size;
    if (reached < this.options.threshold) return undefined;
    tally.isReported = true;
    return { tally, crossed: true };
  }

  #gatherDetail(tally: Tally, detail: Readonly<Record<string, readonly string[]>>): void {
    for (const name in detail) {
      let gathered = tally.detail.get(name);
      if (gathered === undefined) {
        gathered = new Set();
        tally.detail.set(name, gathered);
      }
      for (const value of detail[name]!) if (gathered.size < this.#maxValues) gathered.add(value);
    }
  }
}
