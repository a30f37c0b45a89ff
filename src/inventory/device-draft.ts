import type { Evidence } from '../observe/observation.js';

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

/** What one ingest learned about one device, before it is merged into the store. */
export interface DeviceDraft {
  /** The stable identity this device is known by: `mac:<mac>` for now. */
  identityKey: string;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Keyed by name, value and source. */
  attributes: Map<string, AttributeDraft>;
  protocols: Map<string, ProtocolDraft>;
}
