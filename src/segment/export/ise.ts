import { tagGroups } from '../endpoint-groups.js';
import type { Policy, PolicyGroup, PolicyRule } from '../policy.js';
import { securityGroupTags } from '../security-group-tags.js';
import { addressesOf, headerLines, ruleNote } from './export-helpers.js';

/**
 * Cisco TrustSec for ISE and the switches it feeds: a security group tag per group (an endpoint
 * has one tag, so a maintenance host carries the maintenance tag), its IP-to-SGT mappings and
 * its MACs (for the ISE endpoint identity groups), one role-based ACL per cell of the matrix
 * holding the learned rules between those two tags, and the default cell denying everything else.
 * Hygiene rules name sets an endpoint's single tag cannot express; the default deny enforces
 * them, and they are listed as remarks. Syntax: Cisco TrustSec configuration guide, "cts
 * role-based sgt-map", "ip access-list role-based", "cts role-based permissions".
 */
export function toIse(policy: Policy): string {
  const lines = headerLines(policy).map((line) => `! ${line}`);
  const sgtOf = securityGroupTags(policy);
  const tagged = policy.groups
    .filter((group) => sgtOf.has(group.id))
    .sort((a, b) => sgtOf.get(a.id)! - sgtOf.get(b.id)!);
  const maintenance = policy.groups.find((group) => group.id === tagGroups.maintenance);
  const maintenanceHosts = new Set(maintenance?.addresses ?? []);
  const hostTag = (group: PolicyGroup, address: string) =>
    maintenanceHosts.has(address) ? sgtOf.get(tagGroups.maintenance)! : sgtOf.get(group.id)!;

  lines.push('! security group tags', '!   sgt  name  (endpoint MACs for ISE endpoint identity groups)');
  for (const group of tagged)
    lines.push(
      `!   ${sgtOf.get(group.id)}  ${group.id}  ${group.name}${group.macs.length > 0 ? `  macs ${group.macs.join(' ')}` : ''}`,
    );
  lines.push('! IP to SGT');
  for (const group of tagged) {
    if (group.id === tagGroups.maintenance) continue;
    for (const address of [...addressesOf(group, 4), ...addressesOf(group, 6)])
      if (!maintenanceHosts.has(address))
        lines.push(`cts role-based sgt-map ${address} sgt ${hostTag(group, address)}`);
  }
  for (const address of maintenanceHosts)
    lines.push(`cts role-based sgt-map ${address} sgt ${sgtOf.get(tagGroups.maintenance)}`);

  const cells = new Map<string, PolicyRule[]>();
  for (const rule of policy.rules) {
    if (rule.justification.basis === 'hygiene' || rule.justification.basis === 'default') continue;
    for (const from of tagsHeld(rule.from, policy, hostTag))
      for (const to of tagsHeld(rule.to, policy, hostTag)) {
        const key = `${from} ${to}`;
        cells.set(key, [...(cells.get(key) ?? []), rule]);
      }
  }
  lines.push('! the matrix: one role-based ACL per cell');
  for (const [key, rules] of [...cells].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [from, to] = key.split(' ');
    const name = `VIGIL_${from}_${to}`;
    lines.push(`ip access-list role-based ${name}`);
    for (const rule of rules) {
      lines.push(` remark ${ruleNote(rule, 90)}`);
      const verb = rule.action === 'deny' ? 'deny' : 'permit';
      if (rule.protocol === 'any') lines.push(` ${verb} ip`);
      else if (rule.ports.length === 0)
        lines.push(` ${verb} ${rule.protocol === 'icmpv6' ? 'icmp' : rule.protocol}`);
      else for (const port of rule.ports) lines.push(` ${verb} ${rule.protocol} dst eq ${port}`);
    }
    lines.push(' deny ip', `cts role-based permissions from ${from} to ${to} ${name}`);
  }
  for (const rule of policy.rules)
    if (rule.justification.basis === 'hygiene')
      lines.push(`! hygiene ${ruleNote(rule, 200)} (enforced by the default)`);
  lines.push(
    'ip access-list role-based VIGIL_DEFAULT',
    ' deny ip log',
    'cts role-based permissions default VIGIL_DEFAULT',
    '',
  );
  return lines.join('\n');
}

/** The SGTs the endpoints of a rule's group carry. */
function tagsHeld(
  id: string,
  policy: Policy,
  hostTag: (group: PolicyGroup, address: string) => number,
): number[] {
  const group = policy.groups.find((each) => each.id === id);
  if (group === undefined || group.kind === 'tag') return [];
  if (group.id === tagGroups.maintenance) return [hostTag(group, group.addresses[0] ?? '')];
  return [...new Set(group.addresses.map((address) => hostTag(group, address)))].sort((a, b) => a - b);
}
