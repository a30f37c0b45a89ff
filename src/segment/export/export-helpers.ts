import type { Policy, PolicyGroup, PolicyRule } from '../policy.js';

/** A group's addresses of one family, single hosts and subnets, each once. */
export function addressesOf(group: PolicyGroup | undefined, family: 4 | 6): string[] {
  if (group === undefined) return [];
  return [...new Set(group.addresses.filter((address) => address.includes(':') === (family === 6)))];
}

/** The group a rule names by id; undefined for `any`. */
export function groupById(policy: Policy): (id: string) => PolicyGroup | undefined {
  const groups = new Map(policy.groups.map((group) => [group.id, group]));
  return (id) => (id === 'any' ? undefined : groups.get(id));
}

/** The header every format starts with, in its comment syntax: what the policy is and where it came from. */
export function headerLines(policy: Policy): string[] {
  return [
    `Vigil segmentation policy ${policy.id} (version ${policy.version}, ${policy.status}${
      policy.approvedBy === null ? '' : ` by ${policy.approvedBy} at ${policy.approvedAt}`
    })`,
    `granularity ${policy.granularity}; learned from ${policy.learnedFrom ?? '-'} to ${policy.learnedUntil ?? '-'}`,
    `${policy.rules.length} rules, first match wins; generated ${policy.createdAt} by ${policy.createdBy}`,
  ];
}

/** A rule's justification in one line, for a comment or remark of at most `limit` characters. */
export function ruleNote(rule: PolicyRule, limit: number): string {
  const text = `${rule.id} ${rule.justification.reason}${rule.review === null ? '' : ` (review: ${rule.review})`}`;
  const plain = text.replace(/["'\\\n\r]/g, '').replace(/[^\x20-\x7e]/g, '-');
  return plain.length <= limit ? plain : `${plain.slice(0, limit - 3)}...`;
}

/** A CIDR's mask in dotted form, for formats that want `10.10.0.0 255.255.0.0`. */
export function dottedMask(bits: number): string {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (mask >>> shift) & 255).join('.');
}

/** Splits `10.10.0.0/16` into address and prefix length; a host gets its full length. */
export function splitCidr(address: string): { base: string; bits: number } {
  const [base = address, bits] = address.split('/');
  return { base, bits: bits === undefined ? (base.includes(':') ? 128 : 32) : Number(bits) };
}
