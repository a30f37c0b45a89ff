import { isPrivateAddress } from '../inventory/private-address.js';
import { inCidr, parseCidr } from '../risk/risk-model.js';
import { tagGroups } from './endpoint-groups.js';
import type { Policy, PolicyRule } from './policy.js';
import type { PolicyFlow } from './policy-flow.js';
import { isRouted, protocolNumber } from './protocol-names.js';

/** The rule that stands for traffic a router never carries (multicast, broadcast, link-local). */
export const notRoutedRule = 'not-routed';

export interface Decision {
  action: 'allow' | 'block';
  /** The id of the rule that decided, or `not-routed`. */
  rule: string;
  /** True when the deciding rule's action is `log`: allowed, and logged. */
  logged: boolean;
}

/**
 * Decides flows as a first-match firewall would, from the policy alone (its groups carry their
 * addresses), so a policy can be replayed against any capture. Rules are indexed by the group
 * they come from, and each address's groups and each distinct conversation's decision are
 * remembered, so a day of flows costs a lookup per flow.
 *
 * @example
 * const evaluator = new PolicyEvaluator(policy);
 * evaluator.decide(flow); // { action: 'block', rule: 'H1', logged: false }
 */
export class PolicyEvaluator {
  readonly #exact = new Map<string, string[]>();
  readonly #subnets: { group: string; cidr: { base: number; mask: number } }[] = [];
  readonly #rulesFrom = new Map<string, number[]>();
  readonly #groupsOf = new Map<string, ReadonlySet<string>>();
  /** Decisions by source, destination, then protocol × 65,536 + port: no key string built per flow. */
  readonly #decided = new Map<string, Map<string, Map<number, Decision>>>();
  readonly #rules: readonly PolicyRule[];
  readonly #tagIds: ReadonlySet<string>;
  readonly #primaryOf = new Map<string, string>();
  readonly #ruleProtocols: (number | null)[];

  constructor(readonly policy: Policy) {
    for (const group of policy.groups) {
      if (group.id === tagGroups.internet) continue;
      for (const address of group.addresses) {
        const cidr = address.includes('/') ? parseCidr(address) : null;
        if (cidr !== null) this.#subnets.push({ group: group.id, cidr });
        else if (!address.includes('/'))
          this.#exact.set(address, [...(this.#exact.get(address) ?? []), group.id]);
      }
    }
    this.#rules = policy.rules;
    this.#tagIds = new Set(policy.groups.filter((group) => group.kind === 'tag').map((group) => group.id));
    this.#ruleProtocols = policy.rules.map((rule) => protocolNumber(rule.protocol));
    policy.rules.forEach((rule, index) => {
      const list = this.#rulesFrom.get(rule.from) ?? [];
      list.push(index);
      this.#rulesFrom.set(rule.from, list);
    });
  }

  decide(flow: PolicyFlow): Decision {
    let bySource = this.#decided.get(flow.src);
    if (bySource === undefined) {
      bySource = new Map();
      this.#decided.set(flow.src, bySource);
    }
    let byService = bySource.get(flow.dst);
    if (byService === undefined) {
      byService = new Map();
      bySource.set(flow.dst, byService);
    }
    const service = flow.protocol * 65_536 + flow.port;
    const known = byService.get(service);
    if (known !== undefined) return known;
    const decision = this.#decide(flow);
    byService.set(service, decision);
    return decision;
  }

  /** The groups an address is in: the ones listing it or a subnet holding it, its tags, and `any`. */
  groupsOf(address: string): ReadonlySet<string> {
    const known = this.#groupsOf.get(address);
    if (known !== undefined) return known;
    const groups = new Set<string>(['any', ...(this.#exact.get(address) ?? [])]);
    if (!address.includes(':'))
      for (const subnet of this.#subnets) if (inCidr(address, subnet.cidr)) groups.add(subnet.group);
    if (isRouted(address) && !isPrivateAddress(address)) groups.add(tagGroups.internet);
    this.#groupsOf.set(address, groups);
    return groups;
  }

  /**
   * The one group an address stands in on the console's matrix: the group that lists it or the
   * subnet holding it (not a tag over groups), else `internet` or `unknown`.
   */
  primaryGroupOf(address: string): string {
    const known = this.#primaryOf.get(address);
    if (known !== undefined) return known;
    const groups = this.groupsOf(address);
    let primary: string | undefined;
    for (const group of groups)
      if (group !== 'any' && !this.#tagIds.has(group) && group !== tagGroups.maintenance) {
        primary = group;
        break;
      }
    primary ??= groups.has(tagGroups.internet) ? tagGroups.internet : 'unknown';
    this.#primaryOf.set(address, primary);
    return primary;
  }

  #decide(flow: PolicyFlow): Decision {
    if (!isRouted(flow.src) || !isRouted(flow.dst))
      return { action: 'allow', rule: notRoutedRule, logged: false };
    const from = this.groupsOf(flow.src);
    const to = this.groupsOf(flow.dst);
    let best = -1;
    for (const group of from) {
      const candidates = this.#rulesFrom.get(group);
      if (candidates === undefined) continue;
      for (const index of candidates) {
        if (best !== -1 && index >= best) break;
        if (this.#matches(index, flow, to)) {
          best = index;
          break;
        }
      }
    }
    if (best === -1) return { action: 'block', rule: 'none', logged: false };
    const rule = this.#rules[best]!;
    return {
      action: rule.action === 'deny' ? 'block' : 'allow',
      rule: rule.id,
      logged: rule.action === 'log',
    };
  }

  #matches(index: number, flow: PolicyFlow, to: ReadonlySet<string>): boolean {
    const rule = this.#rules[index]!;
    if (!to.has(rule.to)) return false;
    const protocol = this.#ruleProtocols[index];
    if (protocol !== null && protocol !== flow.protocol) return false;
    return rule.ports.length === 0 || rule.ports.includes(flow.port);
  }
}
