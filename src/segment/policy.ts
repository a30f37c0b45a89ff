/**
 * The segmentation policy contract, shared by the store, the CLI, the API and the console (which
 * imports this file for its types, so it imports nothing itself).
 */

/**
 * What a group is: a zone; devices of one type, clinical function, manufacturer, model or risk
 * level within their zone; or one device.
 */
export const granularities = ['zone', 'type', 'function', 'manufacturer', 'model', 'risk', 'device'] as const;
export type Granularity = (typeof granularities)[number];

export const ruleActions = ['allow', 'deny', 'log'] as const;
export type RuleAction = (typeof ruleActions)[number];

/**
 * A set of endpoints a rule names. `id` is safe as an identifier in every export format
 * (letters, digits and `_`); `name` is what a person reads.
 */
export interface PolicyGroup {
  id: string;
  name: string;
  /**
   * `zone` (a subnet), `type` (devices of one type, function, manufacturer or model in a zone),
   * `device` (one device), `host` (an address no device owns), `external` (one address outside the
   * hospital), `maintenance` (the hosts that administer medical devices), `defined` (an analyst's
   * group of subnets and MACs), or a tag over other groups (`medical`, `life-sustaining`,
   * `clinical-zone`, `untrusted-zone`, `internet`).
   */
  kind: 'zone' | 'type' | 'device' | 'host' | 'external' | 'maintenance' | 'defined' | 'tag';
  /** Addresses and subnets it covers, IPv4 or IPv6, single hosts without a prefix length. */
  addresses: string[];
  /** MAC addresses of the devices in it, for NAC. */
  macs: string[];
  /** The devices in it. */
  deviceIds: string[];
}

/** Why a rule exists: the flows of the learning window that needed it, or the hygiene it enforces. */
export interface RuleJustification {
  /** `learned` from flows, `hygiene` always proposed, `default` the last rule, `analyst` written by a person. */
  basis: 'learned' | 'hygiene' | 'default' | 'analyst';
  reason: string;
  flows: number;
  packets: number;
  bytes: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** A few of the flows, `10.10.0.5 → 10.11.0.2 tcp/104 ×12`. */
  examples: string[];
}

/** One ordered rule: the first whose groups, protocol and port match a flow decides it. */
export interface PolicyRule {
  id: string;
  /** A group id, or `any`. */
  from: string;
  to: string;
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `any`, or another IANA protocol number as text (`47`). */
  protocol: string;
  /** Destination ports; empty for every port (and always for ICMP). */
  ports: number[];
  /** The application seen on these ports (`DICOM`, `HL7 MLLP`), for products that enforce by application. */
  application: string | null;
  action: RuleAction;
  justification: RuleJustification;
  /** Set when a learned allow crosses a hygiene rule: it was seen, so it is allowed, but someone should look. */
  review: string | null;
}

export const policyStatuses = ['draft', 'approved', 'superseded'] as const;
export type PolicyStatus = (typeof policyStatuses)[number];

export interface Policy {
  /** `pol-` and a number that grows with each version. */
  id: string;
  version: number;
  status: PolicyStatus;
  granularity: Granularity;
  /** The learning window the flows came from. */
  learnedFrom: string | null;
  learnedUntil: string | null;
  createdAt: string;
  createdBy: string;
  approvedAt: string | null;
  approvedBy: string | null;
  groups: PolicyGroup[];
  rules: PolicyRule[];
}
