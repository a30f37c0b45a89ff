/**
 * The tables as Kysely sees them. Timestamps are ISO-8601 UTC text with microseconds
 * (`2026-11-28T10:00:00.123456Z`): fixed width, so text order is time order on every backend.
 */
export interface DeviceTable {
  /** `dev-` and 12 hex digits derived from the identity key: the same device gets the same id in any store. */
  id: string;
  identity_key: string;
  first_seen: string;
  last_seen: string;
}

export interface DeviceAttributeTable {
  device_id: string;
  name: string;
  value: string;
  source: string;
  confidence: number;
  first_seen: string;
  last_seen: string;
  evidence_capture: string;
  evidence_packet: number;
  evidence_offset: number;
}

export interface DeviceProtocolTable {
  device_id: string;
  protocol: string;
  first_seen: string;
  last_seen: string;
}

export interface DeviceFindingTable {
  device_id: string;
  type: string;
  severity: string;
  summary: string;
  remedy: string;
  first_seen: string;
  last_seen: string;
  evidence_capture: string;
  evidence_packet: number;
  evidence_offset: number;
  /** What the finding measured, when it says more than its type (migration 0003). */
  detail: string | null;
}

export interface FlowTable {
  id: string;
  ip_version: number;
  protocol: number;
  vlan_id: number;
  initiator_address: string;
  initiator_port: number;
  initiator_mac: string | null;
  responder_address: string;
  responder_port: number;
  responder_mac: string | null;
  packets_from_initiator: number;
  bytes_from_initiator: number;
  packets_from_responder: number;
  bytes_from_responder: number;
  tcp_flags_from_initiator: number;
  tcp_flags_from_responder: number;
  first_seen: string;
  last_seen: string;
  end_reason: string;
  evidence_capture: string;
  evidence_packet: number;
  evidence_offset: number;
}

export interface IngestRunTable {
  /** SHA-256 of the capture's bytes: the same capture is the same run, however often ingested. */
  id: string;
  source: string;
  format: string;
  packets: number;
  bytes: number;
  flows: number;
  devices: number;
  observations: number;
  malformed: number;
  capture_errors: number;
  capture_first_seen: string | null;
  capture_last_seen: string | null;
  ingested_at: string;
}

/** One event of a device's history (migration 0004). */
export interface DeviceEventTable {
  id: string;
  device_id: string;
  at: string;
  /** `new-device`, `attribute-changed`, `firmware-downgrade`, `went-silent`, `override-set`, `override-cleared`. */
  kind: string;
  attribute: string | null;
  before: string | null;
  after: string | null;
  /** `ingest` for what traffic showed, else the person named (`--by`). */
  actor: string;
  reason: string | null;
  evidence_capture: string | null;
  evidence_packet: number | null;
  evidence_offset: number | null;
}

/** A device an analyst merged into another (migration 0005). */
export interface DeviceMergeTable {
  absorbed_id: string;
  keeper_id: string;
  at: string;
  actor: string;
  reason: string | null;
}

export interface VigilDatabase {
  devices: DeviceTable;
  device_attributes: DeviceAttributeTable;
  device_protocols: DeviceProtocolTable;
  device_findings: DeviceFindingTable;
  flows: FlowTable;
  ingest_runs: IngestRunTable;
  device_events: DeviceEventTable;
  device_merges: DeviceMergeTable;
}
