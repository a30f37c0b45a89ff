import { type DetectionConfig, detectionConfig } from '../config/detection.js';
import type { Zone } from '../config/zones.js';
import type { Observation } from '../observe/observation.js';
import type { Detection } from './detection.js';
import type { Detector, DetectorDefinition } from './detector.js';
import { copyDetection, mergeDetection } from './merge-detection.js';
import { detectors as registeredDetectors } from './registry.js';

/** Most distinct alerts one run keeps; later new ones are counted as dropped. */
const maxAlerts = 10_000;

/**
 * The detection stage: hands each observation to the detectors that read its kind, and merges
 * their reports into one detection per type and key. Fed by the same observations as the
 * inventory, never by packets.
 *
 * @example
 * const stage = new DetectionStage();
 * pipeline = new PacketPipeline(name, config, (observation) => { inventory.observe(observation); stage.observe(observation); });
 * const detections = stage.detections();
 */
export class DetectionStage {
  readonly #byKind = new Map<string, { definition: DetectorDefinition; detector: Detector }[]>();
  readonly #running: { definition: DetectorDefinition; detector: Detector }[] = [];
  readonly #merged = new Map<string, Detection>();
  readonly #config: Readonly<DetectionConfig>;
  /** Reports by detector type, repeats included: the Prometheus counters read these. */
  readonly reportsByType = new Map<string, number>();
  /** Exceptions from a detector (bugs): the observation is skipped for that detector, never fatal. */
  internalErrors = 0;
  droppedAlerts = 0;
  /**
   * Reports for which this returns true are counted but not kept: while an interrupted ingest is
   * replayed up to its last commit, the reports that commit already stored.
   */
  skipReport: ((detection: Detection) => boolean) | undefined;

  constructor(
    config: Readonly<DetectionConfig> = detectionConfig(),
    definitions: readonly DetectorDefinition[] = registeredDetectors,
    zones: readonly Zone[] = [],
  ) {
    this.#config = config;
    for (const definition of definitions) {
      const detector = definition.create({ config, zones, report: (detection) => this.#report(detection) });
      const running = { definition, detector };
      this.#running.push(running);
      for (const kind of definition.kinds) {
        const list = this.#byKind.get(kind) ?? [];
        list.push(running);
        this.#byKind.set(kind, list);
      }
    }
  }

  readonly observe = (observation: Observation): void => {
    const running = this.#byKind.get(observation.kind);
    if (running === undefined) return;
    for (const { detector } of running) {
      try {
        detector.observe(observation);
      } catch {
        this.internalErrors += 1;
      }
    }
  };

  #report(detection: Detection): void {
    this.reportsByType.set(detection.type, (this.reportsByType.get(detection.type) ?? 0) + 1);
    if (this.skipReport?.(detection) === true) return;
    const key = `${detection.type}\u0000${detection.key}`;
    const existing = this.#merged.get(key);
    if (existing !== undefined) {
      mergeDetection(existing, detection, this.#config.maxEvidencePerAlert);
      return;
    }
    if (this.#merged.size >= maxAlerts) {
      this.droppedAlerts += 1;
      return;
    }
    this.#merged.set(key, copyDetection(detection, this.#config.maxEvidencePerAlert));
  }

  /** Keys the detectors forgot because their state was full, by detector type. */
  evictedByType(): Map<string, number> {
    return new Map(this.#running.map(({ definition, detector }) => [definition.type, detector.evicted]));
  }

  /** The merged detections, each with its summary written from its final numbers. */
  detections(): Detection[] {
    return [...this.#merged.values()].map((detection) => ({
      ...detection,
      summary: this.summarise(detection) ?? detection.summary,
    }));
  }

  /**
   * The merged detections `holdBack` lets go, removed from the stage: an incremental commit
   * stores them, and later reports of the same behaviour start afresh and add to the stored alert.
   */
  take(holdBack: (detection: Detection) => boolean = () => false): Detection[] {
    const taken: Detection[] = [];
    for (const [key, detection] of this.#merged) {
      if (holdBack(detection)) continue;
      taken.push({ ...detection, summary: this.summarise(detection) ?? detection.summary });
      this.#merged.delete(key);
    }
    return taken;
  }

  /**
   * A detection's summary written from its numbers by its detector (a stored alert's too, once a
   * report is merged into it); undefined for a type no detector of the stage reports.
   */
  readonly summarise = (detection: Detection): string | undefined =>
    this.#running
      .find((running) => running.definition.type === detection.type)
      ?.definition.summarise(detection);
}
