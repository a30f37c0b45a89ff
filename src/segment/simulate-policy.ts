import { clinicalApplications, reachWeightByClinicalFunction } from '../config/segmentation.js';
import { type SegmentDevice, tagGroups } from './endpoint-groups.js';
import type { Policy } from './policy.js';
import { notRoutedRule, PolicyEvaluator } from './policy-evaluator.js';
import type { PolicyFlow } from './policy-flow.js';
import { protocolName } from './protocol-names.js';

/** One flow as the simulation decided it (`vigil policy simulate --json` lists each). */
export interface SimulatedFlow {
  src: string;
  dst: string;
  protocol: string;
  port: number;
  action: 'allow' | 'block';
  rule: string;
  /** The clinical application on this port (`DICOM`, `HL7 MLLP`, …), or null. */
  application: string | null;
  /** It touches patient care: a clinical application, or a life-sustaining device's flow. */
  clinical: boolean;
  /** The responder answered (see `PolicyFlow.answered`). */
  answered: boolean;
  /**
   * Blocking it would break care: clinical, answered, and blocked by least privilege rather than
   * by a hygiene rule (which blocks what a hospital never wants, clinical or not).
   */
  wouldBreak: boolean;
  firstSeenMs: number;
  packets: number;
  /** Flows it stands for (more than one for a conversation the store summed). */
  count: number;
}

/** Flows between two groups, by what the policy does to them (a blocked clinical flow is `wouldBreak` only). */
export interface MatrixCell {
  from: string;
  to: string;
  allowed: number;
  blocked: number;
  wouldBreak: number;
}

/** Clinical applications by IANA protocol number × 65,536 + port: a lookup per flow without a key string. */
const clinicalPorts = new Map<number, string>();
for (const application of clinicalApplications)
  for (const port of application.ports)
    clinicalPorts.set((application.protocol === 'tcp' ? 6 : 17) * 65_536 + port, application.name);

/** How many devices one device could open a connection to, without the policy and with it. */
export interface BlastRadius {
  deviceId: string;
  name: string;
  before: number;
  after: number;
  /** The same, each reachable device weighted by its clinical function. */
  weightedBefore: number;
  weightedAfter: number;
}

export interface SimulationReport {
  policy: string;
  /** Every flow decided, in the order given; empty when the caller asked for the figures only. */
  flows: SimulatedFlow[];
  totals: {
    flows: number;
    allowed: number;
    blocked: number;
    /** Blocked flows that would break care (`wouldBreak`). */
    clinicalBlocked: number;
    /** Blocked by a hygiene rule. */
    blockedByHygiene: number;
    notRouted: number;
  };
  /** Flows each rule decided, in rule order. */
  rules: { rule: string; action: string; flows: number }[];
  /** The blocked flows that would break care. */
  clinicalImpact: SimulatedFlow[];
  blastRadius: BlastRadius[];
  /** Weighted reach of the whole fleet with the policy, as a percentage of a flat network's. */
  fleetExposure: { before: number; after: number };
  /** Group × group, when asked for: each pair that talked, with its flows allowed, blocked, breaking care. */
  matrix: MatrixCell[];
}

/**
 * Replays flows against a policy: what each rule would decide, which blocked flows are clinical,
 * and how far each device could reach before and after.
 *
 * @example
 * const report = simulatePolicy(policy, flows, devices);
 * report.totals.clinicalBlocked; // 0 for a policy learned from the same traffic
 */
export function simulatePolicy(
  policy: Policy,
  flows: Iterable<PolicyFlow>,
  devices: readonly SegmentDevice[],
  options: { listFlows?: boolean; matrix?: boolean } = {},
): SimulationReport {
  const listFlows = options.listFlows ?? true;
  const matrix = new Map<string, Map<string, MatrixCell>>();
  const evaluator = new PolicyEvaluator(policy);
  const decided: SimulatedFlow[] = [];
  const clinicalImpact: SimulatedFlow[] = [];
  const perRule = new Map<string, number>();
  const hygiene = new Set(
    policy.rules.filter((rule) => rule.justification.basis === 'hygiene').map((rule) => rule.id),
  );
  const totals = { flows: 0, allowed: 0, blocked: 0, clinicalBlocked: 0, blockedByHygiene: 0, notRouted: 0 };
  for (const flow of flows) {
    const decision = evaluator.decide(flow);
    const count = flow.count;
    perRule.set(decision.rule, (perRule.get(decision.rule) ?? 0) + count);
    totals.flows += count;
    if (decision.action === 'block') totals.blocked += count;
    else totals.allowed += count;
    if (decision.rule === notRoutedRule) totals.notRouted += count;
    if (hygiene.has(decision.rule)) totals.blockedByHygiene += count;
    const protocol = protocolName(flow.protocol);
    const application = clinicalPorts.get(flow.protocol * 65_536 + flow.port) ?? null;
    const clinical =
      application !== null ||
      evaluator.groupsOf(flow.src).has(tagGroups.lifeSustaining) ||
      evaluator.groupsOf(flow.dst).has(tagGroups.lifeSustaining);
    const wouldBreak =
      decision.action === 'block' && clinical && flow.answered && !hygiene.has(decision.rule);
    if (options.matrix === true && decision.rule !== notRoutedRule) {
      const from = evaluator.primaryGroupOf(flow.src);
      const to = evaluator.primaryGroupOf(flow.dst);
      let row = matrix.get(from);
      if (row === undefined) {
        row = new Map();
        matrix.set(from, row);
      }
      let cell = row.get(to);
      if (cell === undefined) {
        cell = { from, to, allowed: 0, blocked: 0, wouldBreak: 0 };
        row.set(to, cell);
      }
      if (wouldBreak) cell.wouldBreak += count;
      else if (decision.action === 'block') cell.blocked += count;
      else cell.allowed += count;
    }
    if (!listFlows && !wouldBreak) continue;
    const simulated: SimulatedFlow = {
      src: flow.src,
      dst: flow.dst,
      protocol,
      port: flow.port,
      action: decision.action,
      rule: decision.rule,
      application,
      clinical,
      answered: flow.answered,
      wouldBreak,
      firstSeenMs: flow.firstSeenMs,
      packets: flow.packets,
      count,
    };
    if (listFlows) decided.push(simulated);
    if (wouldBreak) clinicalImpact.push(simulated);
  }
  totals.clinicalBlocked = clinicalImpact.reduce((sum, flow) => sum + flow.count, 0);
  const blastRadius = blastRadiusOf(policy, evaluator, devices);
  const sum = (pick: (radius: BlastRadius) => number) =>
    blastRadius.reduce((total, radius) => total + pick(radius), 0);
  const before = sum((radius) => radius.weightedBefore);
  return {
    policy: policy.id,
    flows: decided,
    totals,
    rules: policy.rules.map((rule) => ({
      rule: rule.id,
      action: rule.action,
      flows: perRule.get(rule.id) ?? 0,
    })),
    clinicalImpact,
    blastRadius,
    matrix: [...matrix.values()].flatMap((row) => [...row.values()]),
    fleetExposure: {
      before: before > 0 ? 100 : 0,
      // Two decimals: at device granularity a fleet keeps well under 1 % of a flat network's reach.
      after: before > 0 ? Math.round((sum((radius) => radius.weightedAfter) / before) * 10_000) / 100 : 0,
    },
  };
}

/**
 * Reach per device: on a flat network every other device; under the policy the devices of the
 * groups some allow rule from one of its groups names. Devices in the same groups share one
 * computation, so a zone-level policy over thousands of devices costs a few unions.
 */
export function blastRadiusOf(
  policy: Policy,
  evaluator: PolicyEvaluator,
  devices: readonly SegmentDevice[],
): BlastRadius[] {
  const weightOf = (device: SegmentDevice) =>
    reachWeightByClinicalFunction[device.clinicalFunction ?? 'none'] ?? 1;
  const groupsOfDevice = devices.map((device) => {
    const groups = new Set<string>();
    for (const ip of device.ips) for (const group of evaluator.groupsOf(ip)) groups.add(group);
    return groups;
  });
  const members = new Map<string, number[]>();
  groupsOfDevice.forEach((groups, index) => {
    for (const group of groups) {
      const list = members.get(group) ?? [];
      list.push(index);
      members.set(group, list);
    }
  });
  const allowsFrom = new Map<string, string[]>();
  for (const rule of policy.rules)
    if (rule.action !== 'deny') allowsFrom.set(rule.from, [...(allowsFrom.get(rule.from) ?? []), rule.to]);
  const totalWeight = devices.reduce((total, device) => total + weightOf(device), 0);
  const reachOfSignature = new Map<string, Set<number>>();
  return devices
    .map((device, index) => {
      const groups = groupsOfDevice[index]!;
      const signature = [...groups].sort().join(' ');
      let reach = reachOfSignature.get(signature);
      if (reach === undefined) {
        reach = new Set<number>();
        for (const group of groups)
          for (const to of allowsFrom.get(group) ?? [])
            for (const member of members.get(to) ?? []) reach.add(member);
        reachOfSignature.set(signature, reach);
      }
      let after = 0;
      let weightedAfter = 0;
      for (const member of reach)
        if (member !== index) {
          after += 1;
          weightedAfter += weightOf(devices[member]!);
        }
      return {
        deviceId: device.id,
        name: device.name,
        before: devices.length - 1,
        after,
        weightedBefore: totalWeight - weightOf(device),
        weightedAfter,
      };
    })
    .sort((a, b) => b.weightedAfter - a.weightedAfter || a.deviceId.localeCompare(b.deviceId));
}
