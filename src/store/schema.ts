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
  /** When a commit last wrote the device (migration 0021); null before one did. */
  committed_at?: string | null;
  /** When a commit last changed what the device is (migration 0029): see `DeviceRepository.merge`. */
  changed_at?: string | null;
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
  /** The commit that brought this row or last changed what it says (migration 0029). */
  changed_at?: string | null;
}

export interface DeviceProtocolTable {
  device_id: string;
  protocol: string;
  first_seen: string;
  last_seen: string;
  /** The commit that brought this row or last changed what it says (migration 0029). */
  changed_at?: string | null;
}

/** Two addresses some flow joined, the initiator first (migration 0029). */
export interface AddressPairTable {
  initiator_address: string;
  responder_address: string;
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
  /** The commit that brought this row or last changed what it says (migration 0029). */
  changed_at?: string | null;
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

/** How far an interrupted ingest of a capture file had committed (migration 0019). */
export interface IngestCheckpointTable {
  /** The capture file's absolute path. */
  source: string;
  size_bytes: number;
  modified_at: string;
  /** Packets read when the ingest last committed: what they showed is stored. */
  packets: number;
  committed_at: string;
}

/** A message a sensor has not yet had acknowledged by NATS JetStream (migration 0020). */
export interface RelayOutboxTable {
  /** The sensor's own order; with its instance id, the message's id. */
  seq: number;
  /** `flows`, `devices` or `detections`. */
  kind: string;
  /** The message as published (see `src/relay/relay-message.ts`). */
  payload: string;
  bytes: number;
  created_at: string;
}

/** A sensor's own relay state: its instance id, what a full outbox dropped (migration 0020). */
export interface RelayStateTable {
  name: string;
  value: string;
}

/** A message the collector applied, by id: a redelivery of it changes nothing (migration 0020). */
export interface RelayAppliedTable {
  message_id: string;
  sensor_id: string;
  applied_at: string;
}

/** A sensor the collector has heard, with its last heartbeat's figures as JSON (migration 0020). */
export interface SensorTable {
  /** `site/name`. */
  id: string;
  site: string;
  name: string;
  first_heard: string;
  last_heard: string;
  messages: number;
  health: string;
}

/** A sensor enrolled centrally, by the public half of its NKey (migration 0022). */
export interface SensorEnrolmentTable {
  /** `site/name`. */
  id: string;
  site: string;
  name: string;
  public_key: string;
  enrolled_at: string;
  enrolled_by: string;
}

/** Which sensor saw which device, and when the collector heard of it (migration 0020). */
export interface DeviceSightingTable {
  device_id: string;
  sensor_id: string;
  site: string;
  first_heard: string;
  last_heard: string;
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

/** A feed document imported (migration 0006): the same bytes are the same document. */
export interface FeedDocumentTable {
  sha256: string;
  /** `nvd`, `cve5`, `csaf`, `kev`, `epss`, `cyclonedx`, `spdx`, `recalls`. */
  kind: string;
  name: string;
  path: string;
  /** The date the document gives itself (release, catalogue, score date), or null. */
  document_date: string | null;
  imported_at: string;
  records: number;
  rejected: number;
}

/** One source's account of a vulnerability; CWEs and CVSS scores as JSON arrays. */
export interface VulnerabilitySourceTable {
  vulnerability_id: string;
  /** `nvd:CVE-…`, `cve5:CVE-…`, `csaf:<tracking id>`. */
  origin: string;
  source: string;
  document_sha256: string;
  title: string | null;
  description: string | null;
  published: string | null;
  modified: string | null;
  cwes: string;
  scores: string;
}

/** One product a source says a vulnerability applies to (or not), with the versions as JSON. */
export interface VulnerabilityRuleTable {
  vulnerability_id: string;
  origin: string;
  position: number;
  vendor: string;
  /** The vendor's canonical key (aliases folded), for lookup. */
  vendor_key: string;
  product: string;
  cpe: string | null;
  product_id: string | null;
  version_range: string;
  status: string;
  remediations: string;
  condition: string | null;
}

export interface KevEntryTable {
  cve_id: string;
  vendor: string;
  product: string;
  name: string;
  date_added: string;
  due_date: string;
  required_action: string;
  ransomware_use: string;
  catalog_version: string;
}

export interface EpssScoreTable {
  cve_id: string;
  score: number;
  percentile: number;
  score_date: string;
  model_version: string | null;
}

/** An SBOM attached to a vendor, model and version range. */
export interface SbomTable {
  id: string;
  document_sha256: string;
  name: string;
  format: string;
  spec_version: string;
  vendor: string;
  vendor_key: string;
  model: string;
  version_range: string;
  component_count: number;
}

export interface SbomComponentTable {
  sbom_id: string;
  position: number;
  name: string;
  version: string | null;
  purl: string | null;
  cpe: string | null;
  supplier: string | null;
}

export interface RecallTable {
  id: string;
  manufacturer: string;
  manufacturer_key: string;
  product: string;
  model: string;
  recall_number: string;
  recall_class: string;
  date: string;
  reason: string;
  document_sha256: string;
}

/** A device matched to a vulnerability, with why (JSON); recomputed after every import and ingest. */
export interface VulnerabilityMatchTable {
  device_id: string;
  vulnerability_id: string;
  confidence: number;
  /** `certain` or `uncertain`. */
  certainty: string;
  evidence: string;
  first_matched: string;
  last_matched: string;
}

/** An analyst's status for a device and vulnerability; never recomputed. */
export interface VulnerabilityStatusTable {
  device_id: string;
  vulnerability_id: string;
  status: string;
  owner: string | null;
  expires: string | null;
  note: string | null;
  actor: string;
  at: string;
}

export interface VulnerabilityStatusEventTable {
  id: string;
  device_id: string;
  vulnerability_id: string;
  at: string;
  actor: string;
  before: string | null;
  after: string;
  owner: string | null;
  expires: string | null;
  note: string | null;
}

/** A compensating control an analyst recorded for a device (migration 0007). */
export interface RiskControlTable {
  device_id: string;
  /** `segmented`, `monitored` (the controls of data/risk/model.json). */
  control: string;
  note: string | null;
  actor: string;
  at: string;
}

/** A registered risk (migration 0008). */
export interface RiskRegisterTable {
  id: string;
  /** `device` or `type`. */
  scope: string;
  subject: string;
  title: string;
  owner: string;
  treatment: string;
  due_date: string;
  justification: string | null;
  accepted_until: string | null;
  status: string;
  created_at: string;
  created_by: string;
  updated_at: string;
}

/** One change of a registered risk: the field, its value before and after. */
export interface RiskRegisterEventTable {
  id: string;
  risk_id: string;
  at: string;
  actor: string;
  field: string;
  before: string | null;
  after: string | null;
}

/** One row of the hash-chained audit log (migration 0009). */
export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  before: string | null;
  after: string | null;
  previous_hash: string;
  hash: string;
  /** `<key id>:<HMAC-SHA256 of hash>` under the audit key outside the database (0014); null before. */
  signature: string | null;
}

/** A console or API account (migration 0010). */
export interface UserTable {
  id: string;
  username: string;
  /** argon2id, in the PHC string format. */
  password_hash: string;
  role: string;
  /** Base32 TOTP secret once enrolled, else null. */
  totp_secret: string | null;
  /** The last TOTP time step accepted, so a code is used once. */
  totp_last_step: number | null;
  /** JSON array of argon2id hashes of the unused recovery codes. */
  recovery_codes: string;
  failed_logins: number;
  locked_until: string | null;
  /** 1 when an administrator disabled the account. */
  disabled: number;
  created_at: string;
  created_by: string;
}

/** A browser session, by the SHA-256 of its cookie value (migration 0010). */
export interface SessionTable {
  id_hash: string;
  user_id: string;
  /** `second-factor` (password checked, TOTP awaited), `enrol` (an administrator must set up TOTP) or `signed-in`. */
  stage: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  address: string;
}

/** A token for automation, by the SHA-256 of the token; it acts with its role (migration 0010). */
export interface ApiTokenTable {
  id: string;
  name: string;
  token_hash: string;
  role: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** What the inventory table pages over (migration 0011). */
export interface DeviceSummaryTable {
  device_id: string;
  name: string;
  ip: string | null;
  mac: string | null;
  vendor: string | null;
  model: string | null;
  firmware: string | null;
  type: string | null;
  category: string | null;
  zone: string | null;
  status: string;
  first_seen: string;
  last_seen: string;
  risk_score: number;
  risk_level: string;
  risk_reason: string;
  vulnerabilities: number;
  kev_vulnerabilities: number;
  findings: number;
  handles_phi: number;
  search: string;
}

/** People's decisions about work-queue items (migration 0013). */
export interface WorkItemTable {
  item_id: string;
  status: string;
  owner: string | null;
  due_date: string | null;
  note: string | null;
  actor: string;
  at: string;
}

/** One alert of the detection stage (migration 0015); lists are JSON text. */
export interface AlertTable {
  id: string;
  type: string;
  alert_key: string;
  severity: string;
  techniques: string;
  summary: string;
  remedy: string;
  sources: string;
  targets: string;
  first_seen: string;
  last_seen: string;
  count: number;
  evidence: string;
  detail: string;
  status: string;
  assignee: string | null;
  note: string | null;
  updated_at: string;
}

/** One version of a learned baseline (migration 0018); `captures` and `profile` are JSON. */
export interface BaselineTable {
  subject: string;
  version: number;
  learned_at: string;
  learning_until: string | null;
  captures: string;
  profile: string;
}

/** An alert delivery that failed after its retries (migration 0016). */
export interface DeliveryFailureTable {
  id: string;
  target: string;
  /** JSON array of alert ids. */
  alert_ids: string;
  error: string;
  attempts: number;
  at: string;
}

/** A rule holding back alerts (migration 0017). */
export interface AlertSuppressionTable {
  id: string;
  /** An alert type, or `*` for any. */
  type: string;
  /** An IP, a CIDR block or a MAC the alert's source must match; null for any. */
  source: string | null;
  target: string | null;
  owner: string;
  reason: string;
  /** YYYY-MM-DD: the last day it holds. */
  expires: string;
  created_by: string;
  created_at: string;
  hits: number;
  last_hit: string | null;
}

/** An incident case (migration 0024). */
export interface CaseTable {
  /** `case-` and `number`. */
  id: string;
  number: number;
  title: string;
  severity: string;
  /** The NIST SP 800-61 phase it is in, or `closed`. */
  status: string;
  owner: string | null;
  opened_by: string;
  opened_at: string;
  due_at: string | null;
  closed_at: string | null;
  /** `YYYY-MM-DD`. */
  discovered_on: string;
}

/** An alert or a device a case holds (migration 0024). */
export interface CaseMemberTable {
  case_id: string;
  /** `alert`, `device`, or `risk` (a register entry of its post-incident review). */
  kind: string;
  member_id: string;
  added_at: string;
  added_by: string;
}

/** A note written on a case, numbered within it (migration 0024). */
export interface CaseNoteTable {
  case_id: string;
  seq: number;
  at: string;
  by: string;
  text: string;
}

/** A case's breach risk assessment, its four factors and conclusion (migration 0024). */
export interface CaseBreachAssessmentTable {
  case_id: string;
  nature: string;
  recipient: string;
  acquired: string;
  mitigation: string;
  individuals: number | null;
  most_in_one_state: number | null;
  /** `notify` or `low-probability`. */
  conclusion: string;
  reasoning: string;
  assessed_at: string;
  assessed_by: string;
}

/** A playbook step done on a case (migration 0024). */
export interface CaseStepTable {
  case_id: string;
  playbook_id: string;
  step_id: string;
  done_at: string;
  done_by: string;
  note: string | null;
}

/** One evidence export of a case and its chain of custody (migration 0024). */
export interface CaseEvidenceTable {
  case_id: string;
  seq: number;
  /** The path written, as given. */
  file: string;
  sha256: string;
  bytes: number;
  packets: number;
  at: string;
  by: string;
  reason: string;
  /** Where it goes (the manufacturer, law enforcement, a court), if said. */
  destination: string | null;
  window_from: string;
  window_to: string;
  /** JSON: the addresses carved. */
  hosts: string;
  /** JSON: each capture read with the packets taken from it. */
  sources: string;
}

/** One isolation of a case's devices and its approvals (migration 0025). */
export interface CaseIsolationTable {
  case_id: string;
  seq: number;
  /** See `isolationStatuses`. */
  status: string;
  /** JSON: the isolated devices. */
  devices: string;
  /** 1 when the devices keep their clinical conversations. */
  keep_clinical: number;
  /** Why a second person must approve it, or null. */
  approval_needed: string | null;
  /** JSON: the rules as a segmentation policy. */
  policy: string;
  /** JSON: what the isolation stops, from the simulation. */
  impact: string;
  proposed_by: string;
  proposed_at: string;
  approved_by: string | null;
  approved_at: string | null;
  applied_by: string | null;
  applied_at: string | null;
  lifted_by: string | null;
  lifted_at: string | null;
}

/** A manufacturer's MDS2 form for a model (migration 0026). */
export interface Mds2FormTable {
  id: string;
  manufacturer: string;
  model: string;
  /** Manufacturer and model, lower case and single-spaced, joined by NUL: what forms are found by. */
  model_key: string;
  /** JSON: the versions it covers, sorted; empty for every version. */
  versions: string;
  file: string;
  /** `xlsx`, `csv` or `json`. */
  format: string;
  sheet: string | null;
  imported_at: string;
  imported_by: string;
  /** JSON: the answers (`Mds2Answer[]`). */
  answers: string;
  /** JSON: what was read but not understood. */
  warnings: string;
}

/** A model's support dates, each the last day of that support (migration 0027). */
export interface ModelSupportTable {
  /** See `modelKey`. */
  model_key: string;
  manufacturer: string;
  model: string;
  end_of_sale: string | null;
  end_of_support: string | null;
  end_of_security_patches: string | null;
  source: string;
  updated_at: string;
  updated_by: string;
}

/** A patch campaign: one vulnerability or advisory across its devices (migration 0028). */
export interface PatchCampaignTable {
  id: string;
  name: string;
  /** `vulnerability` or `advisory`. */
  target_kind: string;
  target: string;
  due: string | null;
  note: string | null;
  created_by: string;
  created_at: string;
  closed_at: string | null;
}

/** Who is responsible for one control area of a model (migration 0028). */
export interface ResponsibilityAssignmentTable {
  model_key: string;
  area: string;
  manufacturer: string;
  model: string;
  /** `manufacturer`, `hospital` or `shared`. */
  responsible: string;
  team: string | null;
  note: string | null;
  updated_by: string;
  updated_at: string;
}

/** A pre-purchase security review as written, JSON (migration 0028). */
export interface ProcurementReviewTable {
  id: string;
  model_key: string;
  manufacturer: string;
  model: string;
  review: string;
  created_by: string;
  created_at: string;
}

/** One version of the segmentation policy (migration 0023). */
export interface SegmentationPolicyTable {
  /** `pol-` and the version number. */
  id: string;
  version: number;
  /** `draft`, `approved` or `superseded` (an approved version a later approval replaced). */
  status: string;
  granularity: string;
  learned_from: string | null;
  learned_until: string | null;
  created_at: string;
  created_by: string;
  approved_at: string | null;
  approved_by: string | null;
  /** JSON: `{ groups, rules }` as `src/segment/policy.ts` defines them. */
  body: string;
}

/** Bookkeeping of the summaries: what they were built from (migration 0011). */
export interface SummaryStateTable {
  name: string;
  value: string;
}

export interface VigilDatabase {
  devices: DeviceTable;
  device_attributes: DeviceAttributeTable;
  device_protocols: DeviceProtocolTable;
  device_findings: DeviceFindingTable;
  flows: FlowTable;
  ingest_runs: IngestRunTable;
  ingest_checkpoints: IngestCheckpointTable;
  relay_outbox: RelayOutboxTable;
  relay_state: RelayStateTable;
  relay_applied: RelayAppliedTable;
  sensors: SensorTable;
  sensor_enrolments: SensorEnrolmentTable;
  device_sightings: DeviceSightingTable;
  device_events: DeviceEventTable;
  device_merges: DeviceMergeTable;
  feed_documents: FeedDocumentTable;
  vulnerability_sources: VulnerabilitySourceTable;
  vulnerability_rules: VulnerabilityRuleTable;
  kev_entries: KevEntryTable;
  epss_scores: EpssScoreTable;
  sboms: SbomTable;
  sbom_components: SbomComponentTable;
  recalls: RecallTable;
  vulnerability_matches: VulnerabilityMatchTable;
  vulnerability_status: VulnerabilityStatusTable;
  vulnerability_status_events: VulnerabilityStatusEventTable;
  risk_controls: RiskControlTable;
  risk_register: RiskRegisterTable;
  risk_register_events: RiskRegisterEventTable;
  audit_log: AuditLogTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  device_summaries: DeviceSummaryTable;
  address_pairs: AddressPairTable;
  summary_state: SummaryStateTable;
  work_items: WorkItemTable;
  alerts: AlertTable;
  delivery_failures: DeliveryFailureTable;
  alert_suppressions: AlertSuppressionTable;
  baselines: BaselineTable;
  segmentation_policies: SegmentationPolicyTable;
  cases: CaseTable;
  case_members: CaseMemberTable;
  case_notes: CaseNoteTable;
  case_evidence: CaseEvidenceTable;
  case_isolations: CaseIsolationTable;
  mds2_forms: Mds2FormTable;
  model_support: ModelSupportTable;
  patch_campaigns: PatchCampaignTable;
  responsibility_assignments: ResponsibilityAssignmentTable;
  procurement_reviews: ProcurementReviewTable;
  case_steps: CaseStepTable;
  case_breach_assessments: CaseBreachAssessmentTable;
}
