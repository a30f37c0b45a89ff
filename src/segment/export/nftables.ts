import type { Policy, PolicyRule } from '../policy.js';
import { protocolNumber } from '../protocol-names.js';
import { addressesOf, groupById, headerLines, ruleNote } from './export-helpers.js';

/**
 * An nftables ruleset (`nft -f`): table `inet vigil` with one named set per group and family and
 * a forward chain holding the rules in order, after letting replies of allowed connections
 * through. The file deletes and recreates its own table, so it can be loaded again to replace
 * itself; it touches no other table. Syntax: nft(8), "SETS" and "STATEMENTS".
 */
export function toNftables(
  policy: Policy,
  options: {
    /** Another table, so a ruleset loads beside the segmentation policy's (an isolation's does). */
    table?: string;
    /** Let packets of established connections through first; an isolation cuts them too. */
    keepEstablished?: boolean;
  } = {},
): string {
  const group = groupById(policy);
  const table = `inet ${options.table ?? 'vigil'}`;
  const lines = headerLines(policy).map((line) => `# ${line}`);
  lines.unshift('#!/usr/sbin/nft -f');
  lines.push(`table ${table}`, `delete table ${table}`, '', `table ${table} {`);
  const used = new Set(policy.rules.flatMap((rule) => [rule.from, rule.to]).filter((id) => id !== 'any'));
  for (const each of policy.groups) {
    if (!used.has(each.id)) continue;
    for (const family of [4, 6] as const) {
      const elements = addressesOf(each, family);
      if (elements.length === 0) continue;
      lines.push(
        `\tset ${setName(each.id, family)} {`,
        `\t\ttype ${family === 4 ? 'ipv4_addr' : 'ipv6_addr'}`,
        '\t\tflags interval',
        '\t\tauto-merge',
        `\t\telements = { ${elements.join(', ')} }`,
        '\t}',
      );
    }
  }
  lines.push('\tchain forward {', '\t\ttype filter hook forward priority filter; policy accept;');
  if (options.keepEstablished ?? true) lines.push('\t\tct state established,related accept');
  for (const rule of policy.rules) for (const line of ruleLines(rule, group)) lines.push(`\t\t${line}`);
  lines.push('\t}', '}', '');
  return lines.join('\n');
}

function ruleLines(rule: PolicyRule, group: ReturnType<typeof groupById>): string[] {
  const verdict =
    rule.action === 'allow'
      ? 'accept'
      : rule.action === 'deny'
        ? 'drop'
        : `log prefix "vigil ${rule.id} " accept`;
  const tail = `${transportMatch(rule)}${verdict} comment "${ruleNote(rule, 120)}"`;
  if (rule.from === 'any' && rule.to === 'any') return [tail];
  const lines: string[] = [];
  for (const family of [4, 6] as const) {
    const from = rule.from === 'any' ? null : addressesOf(group(rule.from), family);
    const to = rule.to === 'any' ? null : addressesOf(group(rule.to), family);
    if (from?.length === 0 || to?.length === 0) continue;
    const ip = family === 4 ? 'ip' : 'ip6';
    const source = from === null ? '' : `${ip} saddr @${setName(rule.from, family)} `;
    const destination = to === null ? '' : `${ip} daddr @${setName(rule.to, family)} `;
    lines.push(`${source}${destination}${tail}`);
  }
  return lines;
}

function transportMatch(rule: PolicyRule): string {
  if (rule.protocol === 'any') return '';
  if ((rule.protocol === 'tcp' || rule.protocol === 'udp') && rule.ports.length > 0)
    return `${rule.protocol} dport ${rule.ports.length === 1 ? rule.ports[0] : `{ ${rule.ports.join(', ')} }`} `;
  if (rule.protocol === 'icmpv6') return 'meta l4proto ipv6-icmp ';
  if (rule.protocol === 'tcp' || rule.protocol === 'udp' || rule.protocol === 'icmp')
    return `meta l4proto ${rule.protocol} `;
  return `meta l4proto ${protocolNumber(rule.protocol)} `;
}

function setName(groupId: string, family: 4 | 6): string {
  return `${groupId}_v${family}`;
}
