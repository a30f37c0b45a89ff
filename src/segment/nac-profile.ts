import { recommendedVlans } from '../config/segmentation.js';
import type { TaxonomyEntry } from '../inventory/classification/taxonomy.js';
import type { DeviceSummary } from '../store/device-summary.js';
import type { PolicyRepository } from '../store/policy-repository.js';
import type { Policy, PolicyGroup } from './policy.js';
import { groupOfDevices, securityGroupTags } from './security-group-tags.js';

/** What a network access control system (Cisco ISE, Aruba ClearPass, Forescout) reads of a device. */
export interface NacProfile {
  deviceId: string;
  name: string;
  mac: string | null;
  ip: string | null;
  type: string | null;
  category: string | null;
  clinicalFunction: string | null;
  manufacturer: string | null;
  model: string | null;
  riskLevel: string;
  riskScore: number;
  /** The device's group in the policy, or null when no policy names it. */
  group: { id: string; name: string } | null;
  /** The group's security group tag, as the ISE export assigns it. */
  recommendedSgt: number | null;
  recommendedVlan: number;
  /** The policy the group and tag come from: the approved one, else the latest draft. */
  policy: { id: string; status: string } | null;
}

export interface PolicyView {
  stamp: string;
  policy: Policy;
  groups: Map<string, PolicyGroup>;
  tags: Map<string, number>;
}

/**
 * Device profiles for NAC: a device's summary with its group, tag and VLAN. The policy's groups
 * and tags are held in memory until another version is generated or approved (a read of the
 * small policy table tells), so a profile costs that read and a lookup.
 *
 * @example
 * const profiles = new NacProfiles(store.policies, loadTaxonomy());
 * profiles.profileOf(summary, await profiles.policyView()); // { type: 'infusion pump', recommendedSgt: 103, … }
 */
export class NacProfiles {
  #view: PolicyView | null = null;

  constructor(
    readonly policies: PolicyRepository,
    readonly taxonomy: ReadonlyMap<string, TaxonomyEntry>,
  ) {}

  profileOf(summary: DeviceSummary, view: PolicyView | null): NacProfile {
    const clinicalFunction =
      summary.type === null ? null : (this.taxonomy.get(summary.type)?.clinicalFunction ?? null);
    const group = view?.groups.get(summary.deviceId) ?? null;
    return {
      deviceId: summary.deviceId,
      name: summary.name,
      mac: summary.mac,
      ip: summary.ip,
      type: summary.type,
      category: summary.category,
      clinicalFunction,
      manufacturer: summary.vendor,
      model: summary.model,
      riskLevel: summary.riskLevel,
      riskScore: summary.riskScore,
      group: group === null ? null : { id: group.id, name: group.name },
      recommendedSgt: group === null ? null : (view?.tags.get(group.id) ?? null),
      recommendedVlan:
        (summary.category === 'medical' && clinicalFunction !== null
          ? recommendedVlans.byClinicalFunction[clinicalFunction]
          : undefined) ??
        (summary.category === null ? undefined : recommendedVlans.byCategory[summary.category]) ??
        recommendedVlans.unknown,
      policy: view === null ? null : { id: view.policy.id, status: view.policy.status },
    };
  }

  async policyView(): Promise<PolicyView | null> {
    const stamp = await this.policies.stamp();
    if (stamp === null) return null;
    if (this.#view?.stamp === stamp) return this.#view;
    const policy = (await this.policies.approved()) ?? (await this.policies.get());
    if (policy === undefined) return null;
    this.#view = { stamp, policy, groups: groupOfDevices(policy), tags: securityGroupTags(policy) };
    return this.#view;
  }
}
