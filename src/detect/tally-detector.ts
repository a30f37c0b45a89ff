import type { DetectionConfig } from '../config/detection.js';
import type { Observation, ObservationKind } from '../observe/observation.js';
import type { Detection } from './detection.js';
import type { DetectorContext, DetectorDefinition } from './detector.js';
import { DistinctTally } from './distinct-tally.js';
import { partyOf, type TallyDetection, tallyDetection } from './tally-report.js';

/** One event a tally-based detector counts: under which key, which value, and what else it says. */
export interface TallyEvent {
  /** What the tally counts under (a source, a source and target pair). */
  tallyKey: string;
  value: string;
  atMs: number;
  /** What else this event says (a probe's method, a session's service), listed under `detailName`. */
  detailValue?: string;
}

/**
 * A detector that counts events per key in a window and reports once a key crosses its
 * threshold (then each further event): port scans, sweeps, password guessing, floods. Each says
 * only which observations count and how; the tally, the evicted count and the report's shape are
 * this one piece. The report and the evidence notes are written only for what is reported, so
 * ordinary traffic costs a key and a counter.
 */
export function tallyDetector<Counted extends Observation>(spec: {
  type: string;
  kinds: readonly ObservationKind[];
  /** The threshold and window from the config; `events` counts repeats, `distinct` (default) values. */
  limits: (
    config: Readonly<DetectionConfig>,
  ) => [threshold: number, windowMs: number, countOf?: 'distinct' | 'events'];
  /** The detail field the counted values are listed under (`ports`, `hosts`, `usernames`). */
  valueName: string;
  /** The detail field the events' `detailValue`s are listed under (`method`, `services`). */
  detailName?: string;
  /** The counted values are the targets' addresses (sweeps): the alert lists them as its targets. */
  valuesAreTargets?: boolean;
  /** The event an observation is, or undefined when it does not count (then it is not `Counted`). */
  eventOf: (observation: Observation) => TallyEvent | undefined;
  /** What an evidence packet shows, in a few words. */
  noteOf: (value: string, detailValue: string | undefined, tallyKey: string) => string;
  /** The report's type, key, severity, techniques, remedy and parties, for a counted observation. */
  reportOf: (observation: Counted, event: TallyEvent) => TallyDetection;
  summarise: (detection: Detection) => string;
}): DetectorDefinition {
  const names = { valueName: spec.valueName, detailName: spec.detailName };
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
          const { evidence } = observation;
          const counted = tally.add(event.tallyKey, event.value, event.atMs, evidence, event.detailValue);
          if (counted === undefined) return;
          const detection = tallyDetection(
            spec.reportOf(observation as Counted, event),
            counted,
            { ...event, detailValue: event.detailValue, evidence },
            names,
            spec.noteOf,
          );
          if (spec.valuesAreTargets)
            detection.targets = (detection.detail[spec.valueName] ?? []).map((ip) => partyOf(ip, undefined));
          context.report(detection);
        },
      };
    },
  };
}
