/** Shapes the API answers with (see /api/v1/openapi.json). */

export type { DeviceSummary } from '../../src/store/device-summary.js';
export type { SensorRow } from '../../src/store/sensor-row.js';

import type { DeviceSummary } from '../../src/store/device-summary.js';

export interface Account {
  id: string;
  username: string;
  role: string;
  roleLabel: string;
  secondFactor: boolean;
  secondFactorRequired: boolean;
  locked: boolean;
  disabled: boolean;
  createdAt: string;
  createdBy: string;
}

export interface SessionState {
  state: 'anonymous' | 'second-factor' | 'enrol' | 'signed-in';
  csrfToken?: string;
  user?: Account;
  permissions?: string[];
  idleTimeoutMs?: number;
}

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Tally {
  value: string | null;
  count: number;
}

export interface Evidence {
  capture: string;
  packetNumber: number;
  fileOffset: number;
}

export interface DeviceDetail {
  device: {
    id: string;
    macs: string[];
    ips: string[];
    hostnames: string[];
    vendor: string | null;
    type: string | null;
    category: string | null;
    model: string | null;
    firmware: string | null;
    manufacturer: string | null;
    roles: string[];
    protocols: string[];
    firstSeen: string;
    lastSeen: string;
    status: string;
    assetTag: string | null;
    attributes: {
      name: string;
      value: string;
      source: string;
      confidence: number;
      firstSeen: string;
      lastSeen: string;
      evidence: Evidence | null;
    }[];
    findings: {
      type: string;
      severity: string;
      summary: string;
      remedy: string;
      detail: string | null;
      evidence: Evidence | null;
    }[];
    classification: Record<string, unknown>;
  };
  summary: DeviceSummary | null;
  history: {
    at: string;
    kind: string;
    attribute: string | null;
    before: string | null;
    after: string | null;
    actor: string;
    reason: string | null;
  }[];
  vulnerabilities: {
    id: string;
    title: string | null;
    cvss: { baseScore: number; version: string } | null;
    epss: { score: number; percentile: number } | null;
    kev: { dateAdded: string } | null;
    certainty: string;
    confidence: number;
    status: { value: string; setBy: string; actor: string | null };
    recommendedActions: string[];
  }[];
  recalls: {
    recallNumber: string;
    recallClass: string;
    date: string;
    product: string;
    model: string;
    reason: string;
    why: string;
  }[];
  risk: {
    score: number;
    level: string;
    reason: string;
    levelNote: string | null;
    impact: number;
    likelihood: number;
    factors: {
      name: string;
      label: string;
      kind: 'impact' | 'likelihood' | 'control';
      contribution: number;
      evidence: string;
    }[];
    vulnerabilities: {
      id: string;
      ssvc: { decision: string; path: { point: string; value: string; because: string }[] };
      medicalCvss: {
        score: number | null;
        baseScore: number;
        vector: string | null;
        path: { metric: string; value: string; because: string }[];
      };
    }[];
  } | null;
  peers: {
    address: string;
    flows: number;
    bytes: number;
    ports: string[];
    initiated: number;
    deviceId: string | null;
    name: string | null;
    type: string | null;
  }[];
  flows: {
    id: string;
    protocol: number;
    initiator: { address: string; port: number };
    responder: { address: string; port: number };
    packetsFromInitiator: number;
    packetsFromResponder: number;
    bytesFromInitiator: number;
    bytesFromResponder: number;
    firstSeen: string;
  }[];
}
