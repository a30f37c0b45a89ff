import type { BaselineProfile } from '../baseline/baseline.js';
import type { FactCategory } from '../baseline/fact-category.js';
import type { FactSighting, HostActivity } from '../baseline/host-activity.js';
import type { DetectionConfig } from '../config/detection.js';
import type { DeviceRecord } from '../inventory/device-record.js';
import type { RecordedDeviceEvent } from '../store/device-repository.js';
import type { Detection } from './detection.js';

/** A device a run showed, with what it did and what its baselines hold once learned. */
export interface ReviewedDevice {
  device: DeviceRecord;
  /** What it did in this run (its addresses' activity, joined). */
  activity: HostActivity;
  /** Its own baseline, once learned; undefined while it learns or without one. */
  baseline: { version: number; profile: BaselineProfile } | undefined;
  /** Its type's baseline, once learned from enough devices of the type. */
  typeBaseline: { version: number; profile: BaselineProfile; members: number } | undefined;
}

/** What a review detector sees at the end of a run, after the devices are merged. */
export interface RunReview {
  config: Readonly<DetectionConfig>;
  devices: readonly ReviewedDevice[];
  /** The site's baseline (DNS servers, clinical subnets), once learned. */
  site: { version: number; profile: BaselineProfile } | undefined;
  /**
   * Every device the run showed, learning or judged, with when it was first and last seen in
   * it: for detectors about the inventory rather than behaviour (a retired device back).
   */
  shown: readonly { device: DeviceRecord; firstSeenMs: number; lastSeenMs: number }[];
  /** History events this run wrote (new devices, firmware downgrades, silences), with their devices. */
  events: readonly { event: RecordedDeviceEvent; device: DeviceRecord }[];
}

/**
 * A detector that judges a whole run once its devices are known: deviations from learned
 * baselines (`isDeviation`, silent while `vigil ingest --learn` teaches), and changes in the
 * inventory (a firmware downgrade, a life-sustaining device gone silent).
 */
export interface ReviewDetectorDefinition {
  type: string;
  isDeviation: boolean;
  review(run: RunReview, report: (detection: Detection) => void): void;
}

/** The facts of a category the run showed that the baseline never held, oldest first. */
export function novelFacts(
  reviewed: ReviewedDevice,
  category: FactCategory,
  held: readonly string[] | undefined = reviewed.baseline?.profile.facts[category],
): [string, FactSighting][] {
  const known = new Set(held ?? []);
  const seen = reviewed.activity.facts.get(category);
  if (seen === undefined) return [];
  return [...seen].filter(([fact]) => !known.has(fact)).sort((a, b) => a[1].firstSeenMs - b[1].firstSeenMs);
}

/** Up to `count` facts a baseline held, for the alert to say what was normal. */
export function heldSample(held: readonly string[] | undefined, count = 10): string[] {
  const facts = held ?? [];
  return facts.length > count ? [...facts.slice(0, count), `… ${facts.length - count} more`] : [...facts];
}

/** The device as a party: its address in this run and its first MAC. */
export function partyOf(reviewed: ReviewedDevice): { ip: string; mac: string | undefined } {
  return { ip: reviewed.activity.ip, mac: reviewed.device.macs[0] };
}
