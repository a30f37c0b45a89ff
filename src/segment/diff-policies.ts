import type { Policy, PolicyRule } from './policy.js';

export interface RuleChange {
  change: 'added' | 'removed' | 'changed';
  /** `from → to protocol action`, the same in both versions for a change. */
  key: string;
  before: PolicyRule | null;
  after: PolicyRule | null;
  /** For a change: ports added and removed. */
  portsAdded: number[];
  portsRemoved: number[];
}

/**
 * What one version changes in another: rules are the same rule when they join the same groups
 * over the same transport with the same action; a change in their ports is a change of the rule.
 * Rule ids and order of learned rules are not compared (they follow from the groups).
 */
export function diffPolicies(before: Policy, after: Policy): RuleChange[] {
  const keyOf = (rule: PolicyRule) => `${rule.from} → ${rule.to} ${rule.protocol} ${rule.action}`;
  const old = new Map(before.rules.map((rule) => [keyOf(rule), rule]));
  const changes: RuleChange[] = [];
  const seen = new Set<string>();
  for (const rule of after.rules) {
    const key = keyOf(rule);
    seen.add(key);
    const previous = old.get(key);
    if (previous === undefined) {
      changes.push({
        change: 'added',
        key,
        before: null,
        after: rule,
        portsAdded: rule.ports,
        portsRemoved: [],
      });
      continue;
    }
    const portsAdded = rule.ports.filter((port) => !previous.ports.includes(port));
    const portsRemoved = previous.ports.filter((port) => !rule.ports.includes(port));
    if (portsAdded.length > 0 || portsRemoved.length > 0)
      changes.push({ change: 'changed', key, before: previous, after: rule, portsAdded, portsRemoved });
  }
  for (const [key, rule] of old)
    if (!seen.has(key))
      changes.push({
        change: 'removed',
        key,
        before: rule,
        after: null,
        portsAdded: [],
        portsRemoved: rule.ports,
      });
  return changes;
}
