import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseCidr } from '../risk/risk-model.js';
import type { DefinedGroup } from './endpoint-groups.js';

const macPattern = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i;

const groupFile = z
  .array(
    z
      .object({
        name: z.string().trim().min(1).max(64),
        cidrs: z
          .array(z.string().refine((cidr) => parseCidr(cidr) !== null, 'an IPv4 CIDR such as 10.17.4.0/24'))
          .default([]),
        macs: z.array(z.string().regex(macPattern, 'a MAC address such as 00:1a:01:00:00:05')).default([]),
      })
      .refine(
        (group) => group.cidrs.length + group.macs.length > 0,
        'give cidrs or macs: an empty group holds nothing',
      ),
  )
  .refine(
    (groups) => new Set(groups.map((group) => group.name)).size === groups.length,
    'each group needs a name of its own',
  );

/**
 * Reads an analyst's groups: `[{ "name": "biomed laptops", "macs": ["00:1a:…"] }, { "name":
 * "imaging VLAN", "cidrs": ["10.11.8.0/24"] }]`. Their members go in them whatever the
 * granularity, before it; a bad entry is named by index and field.
 */
export function loadDefinedGroups(path: string): DefinedGroup[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read groups ${path}: ${(error as Error).message}`);
  }
  const result = groupFile.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`groups ${path}: at /${issue.path.join('/')}: ${issue.message}`);
  }
  return result.data.map((group) => ({
    name: group.name,
    cidrs: group.cidrs,
    macs: group.macs.map((mac) => mac.toLowerCase().replaceAll('-', ':')),
  }));
}
