import { tagGroups } from './endpoint-groups.js';
import type { Policy, PolicyGroup } from './policy.js';

/** Where the SGT numbers Vigil assigns start: below it are the ones Cisco ISE ships with. */
export const firstSecurityGroupTag = 100;

/**
 * The security group tag of each group an endpoint can carry (every group but the tag groups,
 * which overlap), numbered in order of group id from 100: the ISE export and the NAC profile
 * give the same number.
 */
export function securityGroupTags(policy: Policy): Map<string, number> {
  const tagged = policy.groups
    .filter((group) => group.kind !== 'tag')
    .map((group) => group.id)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(tagged.map((id, index) => [id, firstSecurityGroupTag + index]));
}

/**
 * The group each device carries: the maintenance group for a maintenance host (an endpoint has
 * one tag, and administering medical devices is what its traffic must be allowed), else the
 * group at the policy's granularity that lists it.
 */
export function groupOfDevices(policy: Policy): Map<string, PolicyGroup> {
  const byDevice = new Map<string, PolicyGroup>();
  for (const group of policy.groups) {
    if (group.kind === 'tag' || group.id === tagGroups.maintenance) continue;
    for (const deviceId of group.deviceIds) if (!byDevice.has(deviceId)) byDevice.set(deviceId, group);
  }
  const maintenance = policy.groups.find((group) => group.id === tagGroups.maintenance);
  for (const deviceId of maintenance?.deviceIds ?? []) byDevice.set(deviceId, maintenance!);
  return byDevice;
}

/**
 * The policy's groups as the risk what-if segments them: the group each device carries, named
 * with the policy (`infusion pump in ICU (pol-2)`).
 */
export function segmentGroupsOf(policy: Policy): { name: string; deviceIds: string[] }[] {
  const members = new Map<PolicyGroup, string[]>();
  for (const [deviceId, group] of groupOfDevices(policy))
    members.set(group, [...(members.get(group) ?? []), deviceId]);
  return [...members].map(([group, deviceIds]) => ({ name: `${group.name} (${policy.id})`, deviceIds }));
}
