import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isPrivateAddress } from '../inventory/private-address.js';
import { inCidr, parseCidr } from '../risk/risk-model.js';

export const zoneTrusts = ['clinical', 'internal', 'untrusted'] as const;

/**
 * A named part of the hospital network (`ICU`, `radiology`, `guest Wi-Fi`) and its IPv4 subnet,
 * with how far it is trusted: `clinical` zones hold patient-care devices, `untrusted` ones
 * (guest Wi-Fi, contractors) must never reach them; `internal` is everything else (the default).
 */
export interface Zone {
  name: string;
  cidr: string;
  trust?: (typeof zoneTrusts)[number];
}

const zoneFile = z.array(
  z.object({
    name: z.string().min(1).max(64),
    cidr: z.string().refine((cidr) => parseCidr(cidr) !== null, 'an IPv4 CIDR such as 10.10.0.0/16'),
    trust: z.enum(zoneTrusts).optional(),
  }),
);

/** Reads `[{ "name": "ICU", "cidr": "10.10.0.0/16" }, …]`; a bad entry is named by index and field. */
export function loadZones(path: string): Zone[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read zones ${path}: ${(error as Error).message}`);
  }
  const result = zoneFile.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`zones ${path}: at /${issue.path.join('/')}: ${issue.message}`);
  }
  return result.data;
}

/** Where public addresses are drawn: outside every zone. */
export const internetZone = 'Internet';

/**
 * The zone of an address: the most specific configured subnet holding it, else `Internet` for a
 * public address, else its /24 (the usual size of a hospital VLAN); null for what is no single
 * host's (no IPv4 address, broadcast, multicast, 0.0.0.0).
 */
export function zoneOf(address: string | null, zones: readonly Zone[]): string | null {
  if (address === null || !/^\d+\.\d+\.\d+\.\d+$/.test(address)) return null;
  const first = Number(address.split('.')[0]);
  if (first === 0 || first >= 224) return null;
  let best: { name: string; mask: number } | null = null;
  for (const zone of zones) {
    const cidr = parseCidr(zone.cidr)!;
    if (inCidr(address, cidr) && (best === null || cidr.mask >>> 0 > best.mask >>> 0))
      best = { name: zone.name, mask: cidr.mask };
  }
  if (best !== null) return best.name;
  if (!isPrivateAddress(address) && first !== 127) return internetZone;
  return `${address.split('.').slice(0, 3).join('.')}.0/24`;
}

/**
 * Whether traffic from one zone to another crosses a line a hospital draws: from an untrusted zone
 * or the Internet into a clinical zone. Such a connection is marked on the map and listed.
 */
export function isForbiddenCrossing(source: string, target: string, zones: readonly Zone[]): boolean {
  return source !== target && trustOf(source, zones) === 'untrusted' && trustOf(target, zones) === 'clinical';
}

/** How far a zone is trusted: the Internet never, a zone as configured, a /24 of its own as `internal`. */
export function trustOf(zone: string, zones: readonly Zone[]): (typeof zoneTrusts)[number] {
  return zone === internetZone
    ? 'untrusted'
    : (zones.find((each) => each.name === zone)?.trust ?? 'internal');
}
