import type { OsLifecycle } from '../govern/lifecycle/os-end-of-life.js';
/** Everything the risk model reads of one device, gathered from the store (or written in a test). */
export interface RiskInput {
  deviceId: string;
  /** `infusion pump`, … or null when untyped. */
  type: string | null;
  /** From the taxonomy: life-sustaining, patient-connected, therapeutic, diagnostic, administrative, none; null when untyped. */
  clinicalFunction: string | null;
  /** Why the device is taken to handle patient data (a phi-cleartext finding, clinical protocols), or null. */
  phiEvidence: string | null;
  /** Distinct devices that opened connections to it, and that it opened connections to. */
  inboundPeers: number;
  outboundPeers: number;
  /** Distinct Internet (public) addresses it exchanged traffic with. */
  internetPeers: number;
  /** Untrusted networks (by name) some device of which opened a connection to it, with the first such address. */
  untrustedInbound: { network: string; address: string }[];
  /** Security findings from traffic, by type, with what was measured. */
  findings: { type: string; detail: string | null }[];
  /**
   * What its manufacturer's MDS2 form says (the `mds2.*` attributes): each capability answered,
   * with the file and question it comes from. Absent is none.
   */
  manufacturerClaims?: { capability: string; value: 'yes' | 'no'; source: string }[];
  /** Its model's support or security patches ended (the last day given), when they have; absent otherwise. */
  supportEnded?:
    | { model: string; what: 'support' | 'security patches'; date: string; source: string }
    | undefined;
  /** Operating system names the inventory holds for it. */
  operatingSystems: string[];
  /** Those of its operating systems whose support dates Vigil keeps as data, each as it stands today; absent is none. */
  operatingSystemLifecycle?: OsLifecycle[];
  vulnerabilities: RiskVulnerability[];
  /** Compensating controls an analyst recorded (`segmented`, `monitored`). */
  controls: { name: string; note: string | null }[];
  /** Open alerts (new, acknowledged, investigating) naming it as a target; absent is none. */
  openAlerts?: { id: string; type: string; severity: string; summary: string }[];
}

/** A vulnerability matched to the device, as risk reads it. */
export interface RiskVulnerability {
  id: string;
  /** The CVSS vector and base score the view ranks by, or null. */
  cvssVector: string | null;
  cvssScore: number | null;
  epss: number | null;
  epssPercentile: number | null;
  kevDateAdded: string | null;
  certainty: 'certain' | 'uncertain';
  /** Patch status: `applied` removes it from the score, `mitigated` weighs it less. */
  status: string;
}
