import { readFileSync } from 'node:fs';
import { projectFile } from '../project-files.js';

/** The weights of the risk model, from `data/risk/model.json` (or a copy an analyst edits). */
export interface RiskModel {
  impact: {
    clinicalFunction: Record<string, number>;
    phiHandled: number;
    blastRadiusMax: number;
    blastRadiusPeersForMax: number;
  };
  likelihood: {
    knownExploited: number;
    epssWeight: number;
    cvssWeight: number;
    cvssAttackVector: Record<string, number>;
    cvssPrivilegesRequired: Record<string, number>;
    cvssUserInteraction: Record<string, number>;
    uncertainMatch: number;
    mitigatedVulnerability: number;
    /** The most likelihood vulnerabilities without known exploitation give together (1 when absent: no cap). */
    unexploitedVulnerabilitiesMax?: number;
    findings: Record<string, number>;
    /** By MDS2 capability (`encryption-at-rest`): its weight where the manufacturer's answer weighs against the device. */
    mds2?: Record<string, number>;
    endOfLifeOs: number;
    /** A device whose model's manufacturer no longer patches it (support dates, `vigil lifecycle`). */
    endOfSupport?: number;
    endOfLifeOsPatterns: string[];
    internetTraffic: number;
    untrustedInbound: number;
    /** An open alert naming the device as target, by the alert's severity (absent: alerts do not count). */
    openAlert?: Record<string, number>;
  };
  controls: Record<string, number>;
  levels: { critical: number; high: number; medium: number };
  /** What-if effort in rough person-hours. */
  effort: { patchPerDevice: number; segmentPerGroup: number; segmentPerDevice: number };
  /** Networks whose devices should not reach clinical ones (guest Wi-Fi, vendor VPN), as CIDRs. */
  untrustedNetworks: { name: string; cidr: string }[];
}

export const defaultRiskModelPath = projectFile('data', 'risk', 'model.json');

/**
 * Reads a risk model and checks that every weight is a number from 0 to 1 (thresholds from 0 to
 * 100), so that a mistyped copy fails with the field named rather than scoring nonsense.
 *
 * @example
 * const model = loadRiskModel(); // data/risk/model.json
 */
export function loadRiskModel(path: string | URL = defaultRiskModelPath): RiskModel {
  const where = String(path);
  let parsed: RiskModel;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as RiskModel;
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
  const fail = (field: string, expected: string) => {
    throw new Error(`${where}: ${field}: expected ${expected}`);
  };
  const checkWeights = (field: string, value: unknown, maximum = 1) => {
    if (typeof value === 'number') {
      if (!(value >= 0 && value <= maximum)) fail(field, `a number from 0 to ${maximum}`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      fail(field, 'a number or an object of numbers');
    for (const [key, inner] of Object.entries(value as object))
      checkWeights(`${field}.${key}`, inner, maximum);
  };
  for (const section of ['impact', 'likelihood', 'controls'] as const) {
    if (typeof parsed[section] !== 'object' || parsed[section] === null) fail(section, 'an object');
    for (const [key, value] of Object.entries(parsed[section])) {
      if (key === 'endOfLifeOsPatterns') {
        if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
          fail(`${section}.${key}`, 'a list of text');
      } else if (key === 'blastRadiusPeersForMax') {
        if (typeof value !== 'number' || value < 1) fail(`${section}.${key}`, 'a number of peers, 1 or more');
      } else {
        checkWeights(`${section}.${key}`, value);
      }
    }
  }
  checkWeights('levels', parsed.levels, 100);
  checkWeights('effort', parsed.effort, 1000);
  if (!Array.isArray(parsed.untrustedNetworks)) fail('untrustedNetworks', 'a list of { name, cidr }');
  for (const [index, network] of parsed.untrustedNetworks.entries()) {
    if (typeof network?.name !== 'string' || parseCidr(network.cidr) === null)
      fail(`untrustedNetworks[${index}]`, 'a name and an IPv4 CIDR such as 10.15.0.0/16');
  }
  return Object.freeze(parsed);
}

/** An IPv4 CIDR as base and mask, or null. */
export function parseCidr(cidr: unknown): { base: number; mask: number } | null {
  if (typeof cidr !== 'string') return null;
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (match === null) return null;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((octet) => octet > 255) || bits > 32) return null;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const base =
    (((octets[0] as number) << 24) |
      ((octets[1] as number) << 16) |
      ((octets[2] as number) << 8) |
      (octets[3] as number)) >>>
    0;
  return { base: (base & mask) >>> 0, mask };
}

/** Whether an IPv4 address is inside a CIDR. */
export function inCidr(address: string, cidr: { base: number; mask: number }): boolean {
  const octets = address.split('.').map(Number);
  if (octets.length !== 4 || octets.some((octet) => !(octet >= 0 && octet <= 255))) return false;
  const value =
    (((octets[0] as number) << 24) |
      ((octets[1] as number) << 16) |
      ((octets[2] as number) << 8) |
      (octets[3] as number)) >>>
    0;
  return (value & cidr.mask) >>> 0 === cidr.base;
}
