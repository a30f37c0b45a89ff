/**
 * Containment of a case: the isolation of its devices, what it stops, who asked for it, who
 * approved it, and when it was applied and lifted. Imports only the policy contract (itself
 * import-free), so the console shares these shapes.
 */
import type { Policy } from '../segment/policy.js';

/**
 * Where an isolation stands. `awaiting-approval`: it isolates a life-sustaining device and waits
 * for a second person; `ready`: it may be exported and applied; `applied`, then `lifted`, as the
 * people who did it record; `superseded`: a later proposal for the same case replaced it unapplied.
 */
export const isolationStatuses = ['awaiting-approval', 'ready', 'applied', 'lifted', 'superseded'] as const;
export type IsolationStatus = (typeof isolationStatuses)[number];

export interface IsolatedDevice {
  id: string;
  name: string;
  addresses: string[];
  macs: string[];
  clinicalFunction: string | null;
  lifeSustaining: boolean;
}

/** A conversation the isolation blocks that worked before: a service that stops. */
export interface StoppedService {
  /** The isolated device's address. */
  device: string;
  /** The other side. */
  peer: string;
  /** `outbound` when the isolated device opened the conversation. */
  direction: 'outbound' | 'inbound';
  protocol: string;
  port: number;
  /** The clinical application on the port (`DICOM`, `HL7 MLLP`), or null. */
  application: string | null;
  /** Care stops with it: a clinical application, or a life-sustaining device's flow. */
  clinical: boolean;
  flows: number;
  lastSeen: string;
}

/** The isolation replayed against the stored conversations of its devices. */
export interface IsolationImpact {
  /** Conversations of the devices replayed (each stands for one or more flows). */
  flows: number;
  /** Flows blocked, and of them the ones that carried care. */
  blocked: number;
  clinicalBlocked: number;
  /** Flows that still pass (kept clinical services, or none). */
  kept: number;
  /** What stops, care first, then by flows; at most `maxStoppedServices`. */
  stops: StoppedService[];
}

export const maxStoppedServices = 200;

export interface CaseIsolation {
  caseId: string;
  /** 1 for a case's first isolation, and so on. */
  seq: number;
  status: IsolationStatus;
  devices: IsolatedDevice[];
  /** The devices keep their answered clinical conversations with hosts inside the hospital. */
  keepClinical: boolean;
  /** Why a second person must approve it, or null when no one need. */
  approvalNeeded: string | null;
  proposedBy: string;
  proposedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  appliedBy: string | null;
  appliedAt: string | null;
  liftedBy: string | null;
  liftedAt: string | null;
  impact: IsolationImpact;
  /** The rules, as the segmentation exporters take them. */
  policy: Policy;
}
