import type { DetectionConfig } from '../config/detection.js';
import type { Evidence } from '../observe/observation.js';
import { BoundedMap } from './bounded-map.js';

/** A packet an event was seen in, kept as it came (its note is written only if it is reported). */
export interface TallyEvidence {
  evidence: Evidence;
  atMs: number;
  value: string;
  detailValue: string | undefined;
}

/** Distinct values one key touched within a window, with the evidence of the first few. */
export interface Tally {
  windowStartMs: number;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Distinct values, kept up to `maxValues`; `count` goes on past it. */
  values: Set<string>;
  /** Events in the window, repeats included. */
  count: number;
  evidence: TallyEvidence[];
  /**
   * What the events said beside their value (each probe's method, each session's service),
   * gathered over the window so the report made at the crossing names them all, not only the
   * crossing event's.
   */
  details: Set<string>;
  /** True once the threshold was crossed in this window: later events only add to it. */
  isReported: boolean;
}

/**
 * Counts distinct values (ports, hosts, addresses) per key in a tumbling window and says when a
 * key crosses its threshold. Bounded twice: keys by a `BoundedMap`, values per key by
 * `maxValues`. Nothing is allocated for an event beyond its key's tally and, for the first few,
 * a reference to its packet: most keys never cross, and ordinary traffic must stay cheap.
 *
 * @example
 * const ports = new DistinctTally({ threshold: 20, windowMs: 60_000, maxKeys: 50_000, maxEvidence: 20 });
 * const crossed = ports.add('10.0.0.9>10.0.0.5', '443/tcp', flow.firstSeenMs, evidence, 'TCP SYN');
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
    evidence: Evidence,
    detailValue?: string,
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
        details: new Set(),
        isReported: false,
      };
      this.#tallies.set(key, tally);
    }
    tally.count += 1;
    if (atMs < tally.firstSeenMs) tally.firstSeenMs = atMs;
    if (atMs > tally.lastSeenMs) tally.lastSeenMs = atMs;
    if (tally.values.size < this.#maxValues) tally.values.add(value);
    if (tally.isReported) return { tally, crossed: false };
    if (tally.evidence.length < this.options.maxEvidence)
      tally.evidence.push({ evidence, atMs, value, detailValue });
    if (detailValue !== undefined && tally.details.size < this.#maxValues) tally.details.add(detailValue);
    const reached = this.options.countOf === 'events' ? tally.count : tally.values.size;
    if (reached < this.options.threshold) return undefined;
    tally.isReported = true;
    return { tally, crossed: true };
  }
}
