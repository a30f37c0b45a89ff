/**
 * Segmentation at hospital scale: a policy learned from one simulated hour of the 10,000-device
 * hospital, then a day of flows replayed against it (`vigil policy simulate`'s work).
 *
 *   npm run bench:segment                 # 10,000 devices, an hour learned, a day replayed
 *   npm run bench:segment -- 2000 30m     # another size and learning window
 *
 * The day is the next day's simulated hour (`--day 1`) played 24 times, each copy an hour later:
 * the hospital's agenda repeats through the day, and a simulated day at this size would be a
 * capture of about 50 million packets. Devices, types and clinical functions come from the ground
 * truth (the bench measures policy, not classification). Prints, per granularity: rules and groups,
 * generation time, the day's flows decided per second with the whole simulation report (clinical
 * impact, blast radius per device), peak RSS; beside a peer in the same run: a plain first-match
 * evaluator (each rule in turn, each group's addresses scanned), on a sample of the day.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDuration } from '../src/cli/commands/sim-command.js';
import { loadZones, type Zone } from '../src/config/zones.js';
import { loadTaxonomy } from '../src/inventory/classification/taxonomy.js';
import { isPrivateAddress } from '../src/inventory/private-address.js';
import { inCidr, parseCidr } from '../src/risk/risk-model.js';
import { EndpointGroups, type SegmentDevice } from '../src/segment/endpoint-groups.js';
import { generatePolicy } from '../src/segment/generate-policy.js';
import type { Granularity, Policy } from '../src/segment/policy.js';
import { PolicyEvaluator } from '../src/segment/policy-evaluator.js';
import { type PolicyFlow, readCaptureFlows } from '../src/segment/policy-flow.js';
import { isRouted, protocolNumber } from '../src/segment/protocol-names.js';
import { simulatePolicy } from '../src/segment/simulate-policy.js';
import { simulateHospital } from '../src/sim/simulate.js';
import type { GroundTruth } from '../src/sim/truth.js';

const deviceCount = Number(process.argv[2] ?? 10_000);
const durationSeconds = parseDuration(process.argv[3] ?? '1h');
const outDirectory = join('bench', 'out');
mkdirSync(outDirectory, { recursive: true });
const zones: Zone[] = loadZones(join('examples', 'hospital-zones.json'));

function capture(day: number): { path: string; truth: GroundTruth } {
  const path = join(outDirectory, `hospital-${deviceCount}-${durationSeconds}s-day${day}.pcapng`);
  const truthPath = path.replace(/\.pcapng$/, '.truth.json');
  if (!existsSync(path) || !existsSync(truthPath))
    simulateHospital({ devices: deviceCount, durationSeconds, seed: 1, day, out: path });
  return { path, truth: JSON.parse(readFileSync(truthPath, 'utf8')) as GroundTruth };
}

async function flowsOf(path: string): Promise<PolicyFlow[]> {
  const flows: PolicyFlow[] = [];
  const started = performance.now();
  const { packets } = await readCaptureFlows(path, (flow) => flows.push(flow));
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `  ${path}: ${packets.toLocaleString('en')} packets → ${flows.length.toLocaleString('en')} flows in ${seconds.toFixed(1)} s (${Math.round(packets / seconds).toLocaleString('en')} packets/s)`,
  );
  return flows;
}

/** The hour's flows played `times` times, each copy `periodMs` later. */
function repeated(flows: readonly PolicyFlow[], times: number, periodMs: number): PolicyFlow[] {
  const day: PolicyFlow[] = [];
  for (let copy = 0; copy < times; copy += 1)
    for (const flow of flows)
      day.push({
        ...flow,
        firstSeenMs: flow.firstSeenMs + copy * periodMs,
        lastSeenMs: flow.lastSeenMs + copy * periodMs,
      });
  return day;
}

/** The peer: a first-match firewall with no index and no memory, each group's addresses scanned. */
function naiveDecide(policy: Policy, flow: PolicyFlow): string {
  if (!isRouted(flow.src) || !isRouted(flow.dst)) return 'not-routed';
  const groups = new Map(policy.groups.map((group) => [group.id, group]));
  const holds = (id: string, address: string) => {
    if (id === 'any') return true;
    const group = groups.get(id);
    if (group === undefined) return false;
    if (id === 'internet') return !isPrivateAddress(address);
    return group.addresses.some((member) => {
      const cidr = member.includes('/') ? parseCidr(member) : null;
      return cidr === null ? member === address : inCidr(address, cidr);
    });
  };
  for (const rule of policy.rules) {
    const protocol = protocolNumber(rule.protocol);
    if (protocol !== null && protocol !== flow.protocol) continue;
    if (rule.ports.length > 0 && !rule.ports.includes(flow.port)) continue;
    if (holds(rule.from, flow.src) && holds(rule.to, flow.dst)) return rule.id;
  }
  return 'none';
}

const taxonomy = loadTaxonomy();
console.log(
  `segmentation: ${deviceCount} devices, ${durationSeconds} s learned (day 0), a day replayed (day 1's ${durationSeconds} s × 24)`,
);
const learning = capture(0);
const replay = capture(1);
const devices: SegmentDevice[] = learning.truth.devices.map((device, index) => ({
  id: `dev-${index.toString(16).padStart(12, '0')}`,
  name: device.hostname,
  ips: [device.ip],
  macs: [device.mac],
  type: device.type,
  category: device.category,
  clinicalFunction: taxonomy.get(device.type)?.clinicalFunction ?? null,
  manufacturer: device.manufacturer,
  model: device.model,
  riskLevel: null,
}));
const learned = await flowsOf(learning.path);
const day = repeated(
  await flowsOf(replay.path),
  Math.round(86_400 / durationSeconds),
  durationSeconds * 1000,
);
console.log(`  a day: ${day.length.toLocaleString('en')} flows`);

for (const granularity of ['zone', 'type', 'device'] as Granularity[]) {
  const generationStarted = performance.now();
  const generated = generatePolicy(learned, new EndpointGroups(devices, zones, granularity));
  const generationMs = performance.now() - generationStarted;
  const policy: Policy = {
    ...generated,
    id: `pol-${granularity}`,
    version: 1,
    status: 'draft',
    createdAt: new Date().toISOString(),
    createdBy: 'bench',
    approvedAt: null,
    approvedBy: null,
  };
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const report = simulatePolicy(policy, day, devices, { listFlows: false });
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = Math.max(rssBefore, process.memoryUsage().rss) / 1e6;

  // The plain evaluator costs rules × flows: a sample it finishes in seconds.
  const sample = day.slice(0, Math.min(20_000, Math.round(2e7 / policy.rules.length)));
  const naiveStarted = performance.now();
  for (const flow of sample) naiveDecide(policy, flow);
  const naiveSeconds = (performance.now() - naiveStarted) / 1000;
  const evaluator = new PolicyEvaluator(policy);
  const disagreements = sample.filter((flow) => evaluator.decide(flow).rule !== naiveDecide(policy, flow));

  console.log(
    `\n${granularity}: ${policy.rules.length} rules over ${policy.groups.length} groups, generated in ${generationMs.toFixed(0)} ms`,
  );
  console.log(
    `  simulate a day: ${report.totals.flows.toLocaleString('en')} flows in ${seconds.toFixed(2)} s (${Math.round(report.totals.flows / seconds).toLocaleString('en')} flows/s), ` +
      `${report.totals.blocked.toLocaleString('en')} blocked, ${report.totals.clinicalBlocked} would break care, fleet exposure ${report.fleetExposure.after} %, RSS ${peakRssMb.toFixed(0)} MB`,
  );
  console.log(
    `  peer, plain first match on ${sample.length.toLocaleString('en')} of the day's flows: ${Math.round(sample.length / naiveSeconds).toLocaleString('en')} flows/s (a day would take ${((day.length / sample.length) * naiveSeconds).toFixed(0)} s); decisions that differ: ${disagreements.length}${disagreements.length > 0 ? ` (first: ${JSON.stringify(disagreements[0])})` : ''}`,
  );
}
