import type { Evidence } from '../observe/observation.js';
import type { FindingSeverity } from './finding-types.js';

/** One value of one attribute of a device, with the observation kind that supports it. */
export interface AttributeDraft {
  /** e.g. `mac`, `ip`, `hostname`, `vendor`, `dhcp.vendor-class`. */
  name: string;
  value: string;
  /** The observation kind (or derivation such as `ieee-oui`) the value comes from. */
  source: string;
  /** 0 to 1: how far this source alone can be trusted for this attribute (see `attribute-confidence.ts`). */
  confidence: number;
  firstSeenMs: number;
  lastSeenMs: number;
  /** The earliest packet that showed this value. */
  evidence: Evidence;
}

export interface ProtocolDraft {
  protocol: string;
  firstSeenMs: number;
  lastSeenMs: number;
}

/** A security finding on a device, raised from traffic, with the packet that showed it first. */
export interface FindingDraft {
  /** e.g. `cleartext-credentials`; see `finding-types.ts`. */
  type: string;
  severity: FindingSeverity;
  /** One line: what was seen. */
  summary: string;
  /** One line: what to do about it. */
  remedy: string;
  /** What was measured, e.g. `DICOM: 12 of 40 data sets carried PatientID, PatientName`. */
  detail?: string;
  /** The counts behind a measured detail, summed per subject over the ingest (see `DraftBook.measureFinding`). */
  measures?: Map<string, FindingMeasure>;
  firstSeenMs: number;
  lastSeenMs: number;
  evidence: Evidence;
}

/** One subject's counts in a finding's detail: how many of how many units carried which names. */
export interface FindingMeasure {
  subject: string;
  unit: string;
  count: number;
  total: number;
  names: Set<string>;
}

/** What one ingest learned about one device, before it is merged into the store. */
export interface DeviceDraft {
  /** The stable identity this device is known by: `mac:<mac>`, or `ip:<address>` when no MAC is bound to it. */
  identityKey: string;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Keyed by name, value and source. */
  attributes: Map<string, AttributeDraft>;
  protocols: Map<string, ProtocolDraft>;
  /** Keyed by finding type. */
  findings: Map<string, FindingDraft>;
}
