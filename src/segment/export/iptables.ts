import type { Policy, PolicyRule } from '../policy.js';
import { protocolNumber } from '../protocol-names.js';
import { addressesOf, groupById, headerLines, ruleNote } from './export-helpers.js';

/** multiport takes at most 15 ports per rule. */
const portsPerRule = 15;
/** iptables refuses a parameter over 1,024 characters; 40 addresses with prefixes stay under it. */
const addressesPerList = 40;

/**
 * `iptables-restore` input for the filter table: a chain `VIGIL` holding the rules in order,
 * jumped to from FORWARD after replies of allowed connections. IPv4 only: iptables cannot hold
 * IPv6 addresses (the nftables export carries both). A group becomes a comma-separated address
 * list, which iptables expands into one rule per address pair. Syntax: iptables(8),
 * iptables-extensions(8) (conntrack, multiport, comment), iptables-restore(8).
 */
export function toIptables(policy: Policy): string {
  const group = groupById(policy);
  const lines = headerLines(policy).map((line) => `# ${line}`);
  lines.push(
    '# IPv4 only; the nftables export also carries IPv6.',
    '*filter',
    ':FORWARD ACCEPT [0:0]',
    ':VIGIL - [0:0]',
    '-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    '-A FORWARD -j VIGIL',
  );
  for (const rule of policy.rules) {
    const from = rule.from === 'any' ? null : addressesOf(group(rule.from), 4);
    const to = rule.to === 'any' ? null : addressesOf(group(rule.to), 4);
    if (from?.length === 0 || to?.length === 0) continue;
    const comment = ` -m comment --comment "${ruleNote(rule, 200)}"`;
    for (const sources of listsOf(from, ' -s '))
      for (const destinations of listsOf(to, ' -d '))
        for (const transport of transports(rule)) {
          const match = `${sources}${destinations}${transport}${comment}`;
          if (rule.action === 'log') lines.push(`-A VIGIL${match} -j LOG --log-prefix "vigil ${rule.id} "`);
          lines.push(`-A VIGIL${match} -j ${rule.action === 'deny' ? 'DROP' : 'ACCEPT'}`);
        }
  }
  lines.push('COMMIT', '');
  return lines.join('\n');
}

/** `-s a,b,…` options of at most 40 addresses each; one empty option for `any`. */
function listsOf(addresses: string[] | null, option: string): string[] {
  if (addresses === null) return [''];
  const lists: string[] = [];
  for (let start = 0; start < addresses.length; start += addressesPerList)
    lists.push(`${option}${addresses.slice(start, start + addressesPerList).join(',')}`);
  return lists;
}

/** The protocol and port matches of a rule, one per group of at most 15 ports. */
function transports(rule: PolicyRule): string[] {
  if (rule.protocol === 'any') return [''];
  if (rule.protocol === 'icmpv6') return [];
  const protocol =
    rule.protocol === 'tcp' || rule.protocol === 'udp' || rule.protocol === 'icmp'
      ? rule.protocol
      : String(protocolNumber(rule.protocol));
  if (rule.ports.length === 0) return [` -p ${protocol}`];
  const matches: string[] = [];
  for (let start = 0; start < rule.ports.length; start += portsPerRule) {
    const ports = rule.ports.slice(start, start + portsPerRule);
    matches.push(
      ports.length === 1
        ? ` -p ${protocol} --dport ${ports[0]}`
        : ` -p ${protocol} -m multiport --dports ${ports.join(',')}`,
    );
  }
  return matches;
}
