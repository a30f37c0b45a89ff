import type { DetectionConfig } from '../config/detection.js';
import type { Zone } from '../config/zones.js';
import type { Observation, ObservationKind } from '../observe/observation.js';
import type { Detection } from './detection.js';

/** What a detector is given: the thresholds, the network's zones, and where to report. */
export interface DetectorContext {
  config: Readonly<DetectionConfig>;
  /** The zone file's subnets with their trust (`vigil ingest --zones`); empty when none was given. */
  zones: readonly Zone[];
  report(detection: Detection): void;
}

/** One detector at work: it keeps its own bounded state between observations. */
export interface Detector {
  observe(observation: Observation): void;
  /** Keys forgotten because the detector's state was full (a flood), for the counters. */
  readonly evicted: number;
}

/**
 * A detector as the registry lists it: the observations it reads, how to start one, and how to
 * put an alert it raised into words once its reports are merged.
 */
export interface DetectorDefinition {
  type: string;
  kinds: readonly ObservationKind[];
  create(context: DetectorContext): Detector;
  /** The summary of a merged detection (count, targets and detail are final). */
  summarise(detection: Detection): string;
}
