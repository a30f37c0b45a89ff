import type { DetectionEvidence, Severity } from './detection.js';

/** Where an analyst has an alert. */
export const alertStatuses = ['new', 'acknowledged', 'investigating', 'resolved', 'false-positive'] as const;
export type AlertStatus = (typeof alertStatuses)[number];

/** One side of an alert, with the device the store knows it as; null for what is not known. */
export interface AlertParty {
  deviceId: string | null;
  ip: string | null;
  mac: string | null;
  /** `mac` when the address was in dispute and the device was found by its MAC. */
  identifiedBy?: 'mac';
}

/**
 * A stored alert: detections of one type by one actor, merged over every run, with what the
 * analysts decided. The JSON of `vigil alerts --json` and `GET /api/v1/alerts` is this shape.
 */
export interface Alert {
  id: string;
  type: string;
  /** What merges repeats: the source, or the contested address. */
  key: string;
  severity: Severity;
  techniques: string[];
  summary: string;
  remedy: string;
  sources: AlertParty[];
  targets: AlertParty[];
  firstSeen: string;
  lastSeen: string;
  count: number;
  evidence: DetectionEvidence[];
  /** Facts to check it by, and why the severity is what it is (`severityReason`). */
  detail: Record<string, string[]>;
  status: AlertStatus;
  assignee: string | null;
  note: string | null;
  updatedAt: string;
}

export function isAlertStatus(value: string): value is AlertStatus {
  return (alertStatuses as readonly string[]).includes(value);
}
