import type { FactSets } from './fact-category.js';

/** What a baseline learned: facts by category and the most a device sent outside in an hour. */
export interface BaselineProfile {
  facts: FactSets;
  /** The most bytes sent to public addresses in one clock hour while learning. */
  outsideBytesPerHourMax: number;
  /** Clock hours with traffic to public addresses it learned from. */
  outsideHours: number;
  /** The span of traffic it learned from, ISO. */
  firstSeen: string;
  lastSeen: string;
}

/**
 * One version of a baseline. Its subject is a device (`device:<id>`), a device type
 * (`type:infusion pump`) or the whole site (`site`). While `learningUntil` lies after the traffic
 * a run shows, the run adds to it; `vigil ingest --learn` adds to it whatever the date and marks
 * it learned (`learningUntil` null).
 */
export interface Baseline {
  subject: string;
  version: number;
  learnedAt: string;
  /** Capture time (ISO) until which traffic still teaches it; null once taught by `--learn`. */
  learningUntil: string | null;
  /** The captures it learned from, latest last (at most 20). */
  captures: string[];
  profile: BaselineProfile;
}

export function deviceSubject(deviceId: string): string {
  return `device:${deviceId}`;
}

export function typeSubject(type: string): string {
  return `type:${type}`;
}

export const siteSubject = 'site';
