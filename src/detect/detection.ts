/** How urgent a detection is, before the clinical weight of its targets is added. */
export type Severity = 'low' | 'medium' | 'high' | 'critical';

export const severities: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/** One side of a detection as traffic named it; the store adds the device it belongs to. */
export interface Party {
  ip: string | undefined;
  mac: string | undefined;
  /**
   * `mac` when the address may be the one in dispute (ARP spoofing): the device is then found by
   * its MAC, never by an address a spoofer claimed. By the address otherwise, since a MAC beyond
   * a router is the router's.
   */
  identifiedBy?: 'mac';
}

/** A packet or flow that shows what was detected, as tshark's `frame.number` counts. */
export interface DetectionEvidence {
  capture: string;
  packetNumber: number;
  fileOffset: number;
  /**
   * When the packet was captured (ISO 8601): an alert keeps its earliest packets by this, so
   * what it keeps does not depend on the order its reports arrived in. Absent in alerts stored
   * before it was recorded.
   */
  seen?: string;
  /** What this packet shows, in a few words: `SYN to 10.1.0.5:443`, `login refused for biomed`. */
  note: string;
}

/**
 * What a detector reports: one kind of behaviour (`type`) by one actor (`key`, usually the
 * source), aggregated over repeats. Reports with the same type and key are one alert.
 */
export interface Detection {
  /** Stable name of the behaviour, the detector's folder: `port-scan`, `login-brute-force`, … */
  type: string;
  /** What makes repeats one alert: the source, or the contested address. */
  key: string;
  severity: Severity;
  /** ATT&CK technique ids: ICS (T08xx) first, Enterprise where ICS has none. */
  techniques: string[];
  summary: string;
  remedy: string;
  sources: Party[];
  targets: Party[];
  firstSeenMs: number;
  lastSeenMs: number;
  /** Events behind it: probes, failed logins, conflicting claims. */
  count: number;
  evidence: DetectionEvidence[];
  /** Facts a person checks it by: ports probed, user names tried, MACs claiming an address. */
  detail: Record<string, string[]>;
}
