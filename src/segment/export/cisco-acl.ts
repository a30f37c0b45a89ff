import type { Policy, PolicyRule } from '../policy.js';
import { protocolNumber } from '../protocol-names.js';
import { addressesOf, dottedMask, groupById, headerLines, ruleNote, splitCidr } from './export-helpers.js';

/**
 * Cisco IOS / IOS XE configuration: one `object-group network` per group and the extended ACL
 * `VIGIL-SEGMENTATION`, one ACE per rule and port, each rule's justification as a remark. IPv4
 * only (an IPv6 ACL is a separate `ipv6 access-list`). An extended ACL keeps no state, so replies
 * to allowed TCP connections pass by `established`; UDP replies need the rule the other way or a
 * stateful firewall (ASA, zone-based firewall). Syntax: Cisco IOS Security Command Reference,
 * "object-group network" and "ip access-list extended".
 */
export function toCiscoAcl(
  policy: Policy,
  options: {
    /** The ACL's name; another one applies beside the segmentation policy's (an isolation's does). */
    list?: string;
    /** Permit TCP replies (`established`) first; an isolation cuts them too. */
    permitEstablished?: boolean;
  } = {},
): string {
  const group = groupById(policy);
  const lines = headerLines(policy).map((line) => `! ${line}`);
  const used = new Set(policy.rules.flatMap((rule) => [rule.from, rule.to]).filter((id) => id !== 'any'));
  for (const each of policy.groups) {
    const addresses = addressesOf(each, 4);
    if (!used.has(each.id) || addresses.length === 0) continue;
    lines.push(`object-group network ${each.id}`, ` description ${ruleSafe(each.name)}`);
    for (const address of addresses) {
      const { base, bits } = splitCidr(address);
      lines.push(bits === 32 ? ` host ${base}` : ` ${base} ${dottedMask(bits)}`);
    }
    lines.push('!');
  }
  lines.push(`ip access-list extended ${options.list ?? 'VIGIL-SEGMENTATION'}`);
  if (options.permitEstablished ?? true)
    lines.push(' remark replies to allowed TCP connections', ' permit tcp any any established');
  for (const rule of policy.rules) {
    const from = endpoint(rule.from, group);
    const to = endpoint(rule.to, group);
    if (from === null || to === null) continue;
    lines.push(` remark ${ruleNote(rule, 90)}`);
    const verb = rule.action === 'deny' ? 'deny' : 'permit';
    const log = rule.action === 'log' || rule.id === 'D' ? ' log' : '';
    for (const { protocol, port } of aces(rule))
      lines.push(` ${verb} ${protocol} ${from} ${to}${port}${log}`);
  }
  lines.push('!', '');
  return lines.join('\n');
}

function endpoint(id: string, group: ReturnType<typeof groupById>): string | null {
  if (id === 'any') return 'any';
  return addressesOf(group(id), 4).length === 0 ? null : `object-group ${id}`;
}

function aces(rule: PolicyRule): { protocol: string; port: string }[] {
  if (rule.protocol === 'icmpv6') return [];
  const protocol =
    rule.protocol === 'any'
      ? 'ip'
      : rule.protocol === 'tcp' || rule.protocol === 'udp' || rule.protocol === 'icmp'
        ? rule.protocol
        : String(protocolNumber(rule.protocol));
  if (rule.ports.length === 0) return [{ protocol, port: '' }];
  return rule.ports.map((port) => ({ protocol, port: ` eq ${port}` }));
}

function ruleSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '-').slice(0, 80);
}
