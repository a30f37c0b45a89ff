import { clinicalApplications, justificationExamples, maintenanceServices } from '../config/segmentation.js';
import { type EndpointGroups, tagGroups } from './endpoint-groups.js';
import type { Policy, PolicyGroup, PolicyRule, RuleJustification } from './policy.js';
import type { PolicyFlow } from './policy-flow.js';
import { isRouted, protocolName } from './protocol-names.js';

/** A generated policy before the store numbers it. */
export type GeneratedPolicy = Pick<
  Policy,
  'granularity' | 'learnedFrom' | 'learnedUntil' | 'groups' | 'rules'
>;

interface Accumulated {
  from: string;
  to: string;
  protocol: string;
  ports: Set<number>;
  flows: number;
  packets: number;
  bytes: number;
  firstSeenMs: number;
  lastSeenMs: number;
  examples: Map<string, number>;
  untrustedToClinical: boolean;
  lifeSustainingToInternet: boolean;
}

const maintenancePorts = new Set(maintenanceServices.map((service) => service.port));

/**
 * Least privilege from a learning window: one allow rule per pair of groups and transport that
 * talked, listing only the service ports used, each with the flows that needed it (refused TCP
 * connections are not learned: they did not work). Then the hygiene rules always proposed, then
 * deny everything else. Allows come first, so no flow the window needed is denied; an allow that
 * a hygiene rule would otherwise deny is marked for review.
 *
 * Remote administration of a medical device (telnet, FTP, SMB, RDP, VNC) is allowed from the
 * `maintenance` group: the hosts the window saw doing it, for an analyst to confirm.
 *
 * @example
 * const policy = generatePolicy(flows, new EndpointGroups(devices, zones, 'type'));
 */
export function generatePolicy(flows: Iterable<PolicyFlow>, groups: EndpointGroups): GeneratedPolicy {
  const routed: PolicyFlow[] = [];
  let firstMs = Number.POSITIVE_INFINITY;
  let lastMs = Number.NEGATIVE_INFINITY;
  for (const flow of flows) {
    // A refused connection did not work: nothing needed it (a probe, a service gone).
    if (!flow.answered || !isRouted(flow.src) || !isRouted(flow.dst)) continue;
    routed.push(flow);
    firstMs = Math.min(firstMs, flow.firstSeenMs);
    lastMs = Math.max(lastMs, flow.lastSeenMs);
  }
  const maintenanceHosts = new Set<string>();
  for (const flow of routed)
    if (isAdministration(flow) && groups.tagsOf(flow.dst).includes(tagGroups.medical))
      maintenanceHosts.add(flow.src);

  const pairs = new Map<string, Accumulated>();
  for (const flow of routed) {
    const protocol = protocolName(flow.protocol);
    const administersMedical =
      maintenanceHosts.has(flow.src) &&
      isAdministration(flow) &&
      groups.tagsOf(flow.dst).includes(tagGroups.medical);
    const from = administersMedical ? tagGroups.maintenance : groups.primaryOf(flow.src);
    if (administersMedical) groups.primaryOf(flow.src);
    const to = groups.primaryOf(flow.dst);
    const key = `${from}\u0000${to}\u0000${protocol}`;
    let pair = pairs.get(key);
    if (pair === undefined) {
      pair = {
        from,
        to,
        protocol,
        ports: new Set(),
        flows: 0,
        packets: 0,
        bytes: 0,
        firstSeenMs: flow.firstSeenMs,
        lastSeenMs: flow.lastSeenMs,
        examples: new Map(),
        untrustedToClinical: false,
        lifeSustainingToInternet: false,
      };
      pairs.set(key, pair);
    }
    const srcTags = groups.tagsOf(flow.src);
    const dstTags = groups.tagsOf(flow.dst);
    if (srcTags.includes(tagGroups.untrustedZone) && dstTags.includes(tagGroups.clinicalZone))
      pair.untrustedToClinical = true;
    if (srcTags.includes(tagGroups.lifeSustaining) && dstTags.includes(tagGroups.internet))
      pair.lifeSustainingToInternet = true;
    if (hasPorts(protocol)) pair.ports.add(flow.port);
    pair.flows += flow.count;
    pair.packets += flow.packets;
    pair.bytes += flow.bytes;
    pair.firstSeenMs = Math.min(pair.firstSeenMs, flow.firstSeenMs);
    pair.lastSeenMs = Math.max(pair.lastSeenMs, flow.lastSeenMs);
    const example = `${flow.src} → ${flow.dst} ${protocol}${hasPorts(protocol) ? `/${flow.port}` : ''}`;
    if (pair.examples.has(example) || pair.examples.size < justificationExamples)
      pair.examples.set(example, (pair.examples.get(example) ?? 0) + flow.count);
  }

  const allGroups = groups.groups();
  const tags = tagMembership(groups, maintenanceHosts);
  const rules: PolicyRule[] = [...pairs.values()]
    .sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to) || compare(a.protocol, b.protocol))
    .map((pair, index) => learnedRule(`R${index + 1}`, pair));
  rules.push(...hygieneRules(tags), defaultRule());
  const used = new Set(rules.flatMap((rule) => [rule.from, rule.to]));
  return {
    granularity: groups.granularity,
    learnedFrom: Number.isFinite(firstMs) ? new Date(firstMs).toISOString() : null,
    learnedUntil: Number.isFinite(lastMs) ? new Date(lastMs).toISOString() : null,
    groups: [...allGroups, ...tags.values()].filter((group) => used.has(group.id)),
    rules,
  };
}

function isAdministration(flow: PolicyFlow): boolean {
  return flow.protocol === 6 && maintenancePorts.has(flow.port);
}

function hasPorts(protocol: string): boolean {
  return protocol === 'tcp' || protocol === 'udp';
}

/**
 * The tag groups hygiene names: medical and life-sustaining devices (every one the store knows),
 * clinical and untrusted zones (their subnets), the Internet, and the maintenance hosts.
 */
function tagMembership(
  groups: EndpointGroups,
  maintenanceHosts: ReadonlySet<string>,
): Map<string, PolicyGroup> {
  const tags = new Map<string, PolicyGroup>();
  const tag = (id: string, name: string, kind: PolicyGroup['kind'] = 'tag') => {
    let group = tags.get(id);
    if (group === undefined) {
      group = { id, name, kind, addresses: [], macs: [], deviceIds: [] };
      tags.set(id, group);
    }
    return group;
  };
  for (const device of groups.devices()) {
    const of = [
      ...(device.category === 'medical' ? [tag(tagGroups.medical, 'medical devices')] : []),
      ...(device.clinicalFunction === 'life-sustaining'
        ? [tag(tagGroups.lifeSustaining, 'life-sustaining devices')]
        : []),
    ];
    for (const group of of) {
      group.deviceIds.push(device.id);
      group.macs.push(...device.macs);
      group.addresses.push(...device.ips);
    }
  }
  for (const host of maintenanceHosts) {
    const group = tag(
      tagGroups.maintenance,
      'maintenance hosts (seen administering medical devices)',
      'maintenance',
    );
    group.addresses.push(host);
    const device = groups.deviceOf(host);
    if (device !== undefined && !group.deviceIds.includes(device.id)) {
      group.deviceIds.push(device.id);
      group.macs.push(...device.macs);
    }
  }
  for (const zone of groups.zones) {
    if (zone.trust === 'clinical') tag(tagGroups.clinicalZone, 'clinical zones').addresses.push(zone.cidr);
    if (zone.trust === 'untrusted') tag(tagGroups.untrustedZone, 'untrusted zones').addresses.push(zone.cidr);
  }
  // Hygiene denies the whole Internet; the window's outside endpoints are allowed before it.
  tag(tagGroups.internet, 'the Internet').addresses.push('0.0.0.0/0', '::/0');
  return tags;
}

function learnedRule(id: string, pair: Accumulated): PolicyRule {
  const ports = [...pair.ports].sort((a, b) => a - b);
  const justification: RuleJustification = {
    basis: 'learned',
    reason: `seen in the learning window: ${pair.flows} flow${pair.flows === 1 ? '' : 's'}`,
    flows: pair.flows,
    packets: pair.packets,
    bytes: pair.bytes,
    firstSeen: new Date(pair.firstSeenMs).toISOString(),
    lastSeen: new Date(pair.lastSeenMs).toISOString(),
    examples: [...pair.examples].map(([example, count]) => `${example} ×${count}`),
  };
  return {
    id,
    from: pair.from,
    to: pair.to,
    protocol: pair.protocol,
    ports,
    application: applicationOf(pair.protocol, ports),
    action: 'allow',
    justification,
    review: reviewOf(pair),
  };
}

/** Why a learned allow deserves a second look: it crosses a line hygiene draws. */
function reviewOf(pair: Accumulated): string | null {
  if (pair.untrustedToClinical)
    return 'an untrusted zone reaching a clinical zone was seen in the learning window';
  if (pair.lifeSustainingToInternet)
    return 'a life-sustaining device reaching the Internet: allow only a named vendor endpoint';
  return null;
}

/** The application a product enforcing by application would name, when every port is one application's. */
export function applicationOf(protocol: string, ports: readonly number[]): string | null {
  if (ports.length === 0) return null;
  const named = ports.map(
    (port) =>
      clinicalApplications.find(
        (application) => application.protocol === protocol && application.ports.includes(port),
      )?.name ??
      maintenanceServices.find((service) => service.protocol === protocol && service.port === port)?.name ??
      null,
  );
  const distinct = [...new Set(named)];
  return distinct.length === 1 ? distinct[0]! : null;
}

/** Always proposed, after the learned allows: each names the hygiene it enforces. */
function hygieneRules(tags: ReadonlyMap<string, PolicyGroup>): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const hygiene = (from: string, to: string, protocol: string, ports: number[], reason: string) =>
    rules.push({
      id: `H${rules.length + 1}`,
      from,
      to,
      protocol,
      ports,
      application: applicationOf(protocol, ports),
      action: 'deny',
      justification: unlearned('hygiene', reason),
      review: null,
    });
  if (tags.has(tagGroups.untrustedZone) && tags.has(tagGroups.clinicalZone))
    hygiene(
      tagGroups.untrustedZone,
      tagGroups.clinicalZone,
      'any',
      [],
      'guest and visitor networks never reach clinical zones',
    );
  if (tags.has(tagGroups.lifeSustaining) && tags.has(tagGroups.internet))
    hygiene(
      tagGroups.lifeSustaining,
      tagGroups.internet,
      'any',
      [],
      'life-sustaining devices reach the Internet only at the vendor endpoints allowed above',
    );
  if (tags.has(tagGroups.medical))
    hygiene(
      'any',
      tagGroups.medical,
      'tcp',
      maintenanceServices.map((service) => service.port),
      `${maintenanceServices.map((service) => service.name).join(', ')} reach medical devices only from the maintenance group`,
    );
  return rules;
}

/** The justification of a rule no flow motivated: its basis and the reason in words. */
export function unlearned(basis: RuleJustification['basis'], reason: string): RuleJustification {
  return { basis, reason, flows: 0, packets: 0, bytes: 0, firstSeen: null, lastSeen: null, examples: [] };
}

function defaultRule(): PolicyRule {
  return {
    id: 'D',
    from: 'any',
    to: 'any',
    protocol: 'any',
    ports: [],
    application: null,
    action: 'deny',
    justification: unlearned('default', 'least privilege: what the learning window did not need is denied'),
    review: null,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
