import { inCidr, parseCidr } from '../risk/risk-model.js';
import type { Detection, Party } from './detection.js';

/** A rule holding back alerts, as stored and as `vigil suppress list` shows it. */
export interface Suppression {
  id: string;
  /** An alert type, or `*`. */
  type: string;
  /** An IP, a CIDR block or a MAC; null matches any source. */
  source: string | null;
  target: string | null;
  owner: string;
  reason: string;
  /** YYYY-MM-DD, the last day it holds. */
  expires: string;
  createdBy: string;
  createdAt: string;
  /** Detections it held back, and when last. */
  hits: number;
  lastHit: string | null;
}

/** Why a party pattern cannot be used, or null: an IPv4 or IPv6 address, an IPv4 CIDR block, or a MAC. */
export function partyPatternProblem(pattern: string): string | null {
  if (parseCidr(pattern) !== null) return null;
  if (/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(pattern)) return null;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(pattern) || /^[0-9a-f:]+$/i.test(pattern)) return null;
  return `expected an IP address, an IPv4 CIDR block (10.20.0.0/24) or a MAC, got "${pattern}"`;
}

function partyMatches(pattern: string | null, parties: readonly Party[]): boolean {
  if (pattern === null) return true;
  const cidr = parseCidr(pattern);
  const lowered = pattern.toLowerCase();
  return parties.some((party) =>
    cidr !== null
      ? party.ip !== undefined && inCidr(party.ip, cidr)
      : party.ip?.toLowerCase() === lowered || party.mac === lowered,
  );
}

/** The first suppression in force on `day` (YYYY-MM-DD) that covers a detection, or undefined. */
export function suppressionOf(
  detection: Detection,
  suppressions: readonly Suppression[],
  day: string,
): Suppression | undefined {
  return suppressions.find(
    (rule) =>
      rule.expires >= day &&
      (rule.type === '*' || rule.type === detection.type) &&
      partyMatches(rule.source, detection.sources) &&
      partyMatches(rule.target, detection.targets),
  );
}
