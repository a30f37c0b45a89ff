import type { DetectionConfig } from '../config/detection.js';
import type { Observation, ObservationKind } from '../observe/observation.js';
import type { Detection } from './detection.js';
import type { DetectorContext, DetectorDefinition } from './detector.js';
import { DistinctTally } from './distinct-tally.js';
import { detectionEvidence } from './evidence-of.js';
import { partyOf, type TallyDetection, tallyDetection } from './tally-report.js';

/** One event a tally-based detector counts: under which key, which value, and what to report. */
export interface TallyEvent {
  /** What the tally counts under (a source, a source and target pair). */
  tallyKey: string;
  value: string;
  atMs: number;
  /** What the evidence packet shows, in a few words. */
  note: string;
  /** The report's type, key, severity, techniques, remedy and parties. */
  report: TallyDetection;
}

/**
 * A detector that counts events per key in a window and reports once a key crosses its
 * threshold (then each further event): port scans, sweeps, password guessing, floods. Each says
 * only which observations count and how; the tally, the evicted count and the report's shape are
 * this one piece.
 */
export function tallyDetector(spec: {
  type: string;
  kinds: readonly ObservationKind[];
  /** The threshold and window from the config; `events` counts repeats, `distinct` (default) values. */
  limits: (
    config: Readonly<DetectionConfig>,
  ) => [threshold: number, windowMs: number, countOf?: 'distinct' | 'events'];
  /** The detail field the counted values are listed under (`ports`, `hosts`, `usernames`). */
  valueName: string;
  /** The counted values are the targets' addresses (sweeps): the alert lists them as its targets. */
  valuesAreTargets?: boolean;
  eventOf: (observation: Observation) => TallyEvent | undefined;
  summarise: (detection: Detection) => string;
}): DetectorDefinition {
  return {
    type: spec.type,
    kinds: spec.kinds,
    summarise: spec.summarise,
    create(context: DetectorContext) {
      const tally = DistinctTally.within(context.config, ...spec.limits(context.config));
      return {
        get evicted() {
          return tally.evicted;
        },
        observe(observation: Observation) {
          const event = spec.eventOf(observation);
          if (event === undefined) return;
          const evidence = detectionEvidence(observation.evidence, event.note);
          const counted = tally.add(event.tallyKey, event.value, event.atMs, evidence, event.report.detail);
          if (counted === undefined) return;
          const detection = tallyDetection(event.report, counted, {
            atMs: event.atMs,
            value: event.value,
            evidence,
            valueName: spec.valueName,
          });
          if (spec.valuesAreTargets)
            detection.targets = (detection.detail[spec.valueName] ?? []).map((ip) => partyOf(ip, undefined));
          context.report(detection);
        },
      };
    },
  };
}
