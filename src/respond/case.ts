/**
 * An incident case: the alerts and devices of one incident, who owns it, where it stands in the
 * incident response life cycle, and what was written and done along the way. Import-free: the
 * CLI, the API and the console share this shape (`vigil case show --json` prints a `CaseView`).
 */

/**
 * NIST SP 800-61's life cycle, in order: a case opens in detection and analysis and closes after
 * the post-incident activity (lessons learned).
 */
export const casePhases = [
  'detection-and-analysis',
  'containment',
  'eradication',
  'recovery',
  'post-incident-activity',
  'closed',
] as const;
export type CasePhase = (typeof casePhases)[number];

export const caseSeverities = ['low', 'medium', 'high', 'critical'] as const;
export type CaseSeverity = (typeof caseSeverities)[number];

export interface CaseNote {
  at: string;
  by: string;
  text: string;
}

export interface Case {
  /** `case-` and a number, in the order cases were opened. */
  id: string;
  title: string;
  severity: CaseSeverity;
  status: CasePhase;
  owner: string | null;
  openedBy: string;
  openedAt: string;
  /** When the case is due to close (ISO time), if set. */
  dueAt: string | null;
  closedAt: string | null;
  /** The day the incident was discovered (`YYYY-MM-DD`): breach deadlines count from it. */
  discoveredOn: string;
  alerts: string[];
  devices: string[];
  /** Risk register entries its post-incident review raised (`vigil case review`). */
  risks: string[];
  notes: CaseNote[];
}

/**
 * The breach risk assessment of HIPAA (45 CFR 164.402(2)): the four factors, how many people are
 * affected, and the conclusion with its reasoning. `low-probability` means a low probability that
 * the patient data was compromised (no notification); `notify` means notification is required.
 */
export interface BreachAssessment {
  /** (i) The nature and extent of the patient data: identifiers, likelihood of re-identification. */
  nature: string;
  /** (ii) The unauthorised person who used the data or to whom it was disclosed. */
  recipient: string;
  /** (iii) Whether the data was actually acquired or viewed. */
  acquired: string;
  /** (iv) The extent to which the risk has been mitigated. */
  mitigation: string;
  individuals: number | null;
  mostInOneState: number | null;
  conclusion: 'notify' | 'low-probability';
  reasoning: string;
  assessedAt: string;
  assessedBy: string;
}

export const breachConclusions = ['notify', 'low-probability'] as const;

/** A playbook step done on a case: `playbook/step`, who, when, and what they noted. */
export interface CaseStepDone {
  playbook: string;
  step: string;
  at: string;
  by: string;
  note: string | null;
}

/** One evidence export and its chain of custody: who, when, why, where to, what, and its hash. */
export interface CaseEvidence {
  file: string;
  sha256: string;
  bytes: number;
  packets: number;
  at: string;
  by: string;
  reason: string;
  destination: string | null;
  windowFrom: string;
  windowTo: string;
  hosts: string[];
  sources: { path: string; packets: number }[];
}

/** One line of a case's timeline: what happened when, and where it comes from. */
export interface TimelineEntry {
  at: string;
  /** `alert` (first and last seen), `device` (its history), `note`, `audit` (changes to the case). */
  kind: 'alert' | 'device' | 'note' | 'audit';
  /** The alert, device or audit row it is about. */
  ref: string;
  summary: string;
  actor: string | null;
}

export function isCasePhase(value: string): value is CasePhase {
  return (casePhases as readonly string[]).includes(value);
}

export function isCaseSeverity(value: string): value is CaseSeverity {
  return (caseSeverities as readonly string[]).includes(value);
}
