import { clinicalApplications } from '../config/segmentation.js';
import { isPrivateAddress } from '../inventory/private-address.js';
import type { SegmentDevice } from '../segment/endpoint-groups.js';
import { tagGroups } from '../segment/endpoint-groups.js';
import type { Policy, PolicyGroup, PolicyRule, RuleJustification } from '../segment/policy.js';
import type { PolicyFlow } from '../segment/policy-flow.js';
import { protocolName } from '../segment/protocol-names.js';
import { simulatePolicy } from '../segment/simulate-policy.js';
import {
  type IsolatedDevice,
  type IsolationImpact,
  maxStoppedServices,
  type StoppedService,
} from './isolation.js';

const clinicalPorts = new Set(
  clinicalApplications.flatMap((application) =>
    application.ports.map((port) => `${application.protocol === 'tcp' ? 6 : 17}/${port}`),
  ),
);

/**
 * The isolation of a case's devices as a segmentation policy: every conversation to or from them
 * denied, everything else allowed (the policy touches no other device). With `keepClinical`, the
 * answered clinical conversations they had with hosts inside the hospital (a monitor's HL7 to its
 * central station, a modality's DICOM to the PACS) are allowed first, so care goes on while the
 * rest is cut. Group ids are letters, digits and `_`, as every exporter needs.
 */
export function isolationPolicy(
  caseId: string,
  seq: number,
  devices: readonly IsolatedDevice[],
  flows: readonly PolicyFlow[],
  options: { keepClinical: boolean; actor: string; at: string },
): Policy {
  const groups: PolicyGroup[] = devices.map((device, index) => ({
    id: `isolated_${index + 1}`,
    name: device.name,
    kind: 'device',
    addresses: device.addresses,
    macs: device.macs,
    deviceIds: [device.id],
  }));
  const lifeSustaining = devices.filter((device) => device.lifeSustaining);
  if (lifeSustaining.length > 0)
    groups.push({
      id: tagGroups.lifeSustaining,
      name: 'life-sustaining',
      kind: 'tag',
      addresses: lifeSustaining.flatMap((device) => device.addresses),
      macs: lifeSustaining.flatMap((device) => device.macs),
      deviceIds: lifeSustaining.map((device) => device.id),
    });
  const groupOfAddress = new Map<string, string>();
  groups.forEach((group) => {
    if (group.kind === 'device') for (const address of group.addresses) groupOfAddress.set(address, group.id);
  });
  const rules: PolicyRule[] = [];
  const why = (basis: RuleJustification['basis'], reason: string): RuleJustification => ({
    basis,
    reason,
    flows: 0,
    packets: 0,
    bytes: 0,
    firstSeen: null,
    lastSeen: null,
    examples: [],
  });
  if (options.keepClinical) {
    const peers = new Map<string, PolicyGroup>();
    const kept = new Map<string, PolicyRule>();
    for (const flow of flows) {
      if (!flow.answered || !clinicalPorts.has(`${flow.protocol}/${flow.port}`)) continue;
      const outbound = groupOfAddress.get(flow.src);
      const device = outbound ?? groupOfAddress.get(flow.dst);
      const peer = outbound === undefined ? flow.src : flow.dst;
      if (device === undefined || groupOfAddress.has(peer) || !isPrivateAddress(peer)) continue;
      let peerGroup = peers.get(peer);
      if (peerGroup === undefined) {
        peerGroup = {
          id: `kept_peer_${peers.size + 1}`,
          name: peer,
          kind: 'host',
          addresses: [peer],
          macs: [],
          deviceIds: [],
        };
        peers.set(peer, peerGroup);
      }
      const from = outbound === undefined ? peerGroup.id : device;
      const to = outbound === undefined ? device : peerGroup.id;
      const key = `${from} ${to} ${flow.protocol} ${flow.port}`;
      let rule = kept.get(key);
      if (rule === undefined) {
        rule = {
          id: `K${kept.size + 1}`,
          from,
          to,
          protocol: protocolName(flow.protocol),
          ports: [flow.port],
          application: null,
          action: 'allow',
          justification: why(
            'analyst',
            `kept by ${caseId} isolation ${seq}: clinical ${protocolName(flow.protocol)}/${flow.port} ${flow.src} to ${flow.dst}`,
          ),
          review: null,
        };
        kept.set(key, rule);
      }
      rule.justification.flows += flow.count;
      rule.justification.packets += flow.packets;
      rule.justification.bytes += flow.bytes;
    }
    groups.push(...peers.values());
    rules.push(...kept.values());
  }
  groups.forEach((group) => {
    if (group.kind !== 'device') return;
    const reason = `isolates ${group.name} for ${caseId}`;
    rules.push(
      {
        id: `I${rules.length + 1}`,
        from: group.id,
        to: 'any',
        protocol: 'any',
        ports: [],
        application: null,
        action: 'deny',
        justification: why('analyst', `${reason}: nothing leaves it`),
        review: null,
      },
      {
        id: `I${rules.length + 2}`,
        from: 'any',
        to: group.id,
        protocol: 'any',
        ports: [],
        application: null,
        action: 'deny',
        justification: why('analyst', `${reason}: nothing reaches it`),
        review: null,
      },
    );
  });
  rules.push({
    id: 'P',
    from: 'any',
    to: 'any',
    protocol: 'any',
    ports: [],
    application: null,
    action: 'allow',
    justification: why('default', 'every other device is untouched by this isolation'),
    review: null,
  });
  return {
    id: `${caseId}-isolation-${seq}`,
    version: seq,
    status: 'draft',
    granularity: 'device',
    learnedFrom: null,
    learnedUntil: null,
    createdAt: options.at,
    createdBy: options.actor,
    approvedAt: null,
    approvedBy: null,
    groups,
    rules,
  };
}

/**
 * What the isolation stops: the devices' stored conversations replayed against it by the
 * segmentation simulator. Only answered conversations count (a refused one stopped nothing);
 * care stops where the simulator says blocking would break it.
 */
export function isolationImpact(
  policy: Policy,
  devices: readonly IsolatedDevice[],
  flows: readonly PolicyFlow[],
): IsolationImpact {
  const isolated = new Set(devices.flatMap((device) => device.addresses));
  const segmentDevices: SegmentDevice[] = devices.map((device) => ({
    id: device.id,
    name: device.name,
    ips: device.addresses,
    macs: device.macs,
    type: null,
    category: null,
    clinicalFunction: device.clinicalFunction,
    manufacturer: null,
    model: null,
    riskLevel: null,
  }));
  const report = simulatePolicy(policy, flows, segmentDevices);
  const stops = new Map<string, StoppedService>();
  let blocked = 0;
  let kept = 0;
  report.flows.forEach((simulated, index) => {
    const flow = flows[index]!;
    if (simulated.action === 'allow') {
      kept += simulated.count;
      return;
    }
    if (!simulated.answered) return;
    blocked += simulated.count;
    const outbound = isolated.has(simulated.src);
    const device = outbound ? simulated.src : simulated.dst;
    const peer = outbound ? simulated.dst : simulated.src;
    const key = `${device} ${peer} ${simulated.protocol} ${simulated.port} ${outbound}`;
    const lastSeen = new Date(flow.lastSeenMs).toISOString();
    const known = stops.get(key);
    if (known !== undefined) {
      known.flows += simulated.count;
      if (lastSeen > known.lastSeen) known.lastSeen = lastSeen;
      return;
    }
    stops.set(key, {
      device,
      peer,
      direction: outbound ? 'outbound' : 'inbound',
      protocol: simulated.protocol,
      port: simulated.port,
      application: simulated.application,
      clinical: simulated.wouldBreak,
      flows: simulated.count,
      lastSeen,
    });
  });
  const ordered = [...stops.values()].sort(
    (a, b) => Number(b.clinical) - Number(a.clinical) || b.flows - a.flows || a.peer.localeCompare(b.peer),
  );
  return {
    flows: report.totals.flows,
    blocked,
    clinicalBlocked: report.totals.clinicalBlocked,
    kept,
    stops: ordered.slice(0, maxStoppedServices),
  };
}
