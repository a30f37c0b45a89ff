import type { UnmatchedDevice } from '../intel/unmatched-device.js';
import type { DeviceVulnerability } from '../intel/vulnerability-view.js';
import type { DeviceRecord } from '../inventory/device-record.js';
import { type FindingType, findingTitle, findingTypes } from '../inventory/finding-types.js';
import { withArticle } from '../plain-words.js';
import { assessDevice } from './assess-device.js';
import type { RiskInput } from './risk-input.js';
import type { RiskModel } from './risk-model.js';
import { type RiskFactor, scoreDevice } from './score-device.js';
import type { WorkItem, WorkItemTracking } from './work-item.js';

export interface WorkQueueInputs {
  inputs: readonly RiskInput[];
  devices: readonly DeviceRecord[];
  vulnerabilities: readonly DeviceVulnerability[];
  unmatched: readonly UnmatchedDevice[];
  tracking: ReadonlyMap<string, WorkItemTracking>;
  model: RiskModel;
  /** ISO date the suggested due dates count from. */
  today: string;
}

const dueInDays: Record<WorkItem['severity'], number> = { critical: 7, high: 30, medium: 90, low: 180 };
const severityRank: Record<WorkItem['severity'], number> = { critical: 0, high: 1, medium: 2, low: 3 };
const closed = new Set(['done', 'accepted']);

/**
 * The fix-first work queue: findings and vulnerabilities grouped across the fleet (one item for
 * telnet on every device that offers it, one per advisory on every device it is matched to), and
 * the devices to identify before they can be matched. Each item is ranked by the risk it removes:
 * the points its factors (the finding, the advisory's vulnerabilities) contribute to its devices'
 * scores, added up. Open items first, then by risk removed, severity and
 * number of devices.
 *
 * @example
 * const [first] = buildWorkQueue({ inputs, devices, vulnerabilities, unmatched, tracking, model, today });
 * // first.title: 'Logins in clear text on 5 infusion pumps', first.riskReduced: 92.4
 */
export function buildWorkQueue(queue: WorkQueueInputs): WorkItem[] {
  const records = new Map(queue.devices.map((device) => [device.id, device]));
  const scored = queue.inputs.map((input) => [input.deviceId, scoreDevice(input, queue.model)] as const);
  const scores = new Map(scored.map(([deviceId, risk]) => [deviceId, risk.score]));
  const factors = new Map(scored.map(([deviceId, risk]) => [deviceId, risk.factors]));
  const context = { records, scores, factors, queue };
  const items = [
    ...findingItems(queue, context),
    ...advisoryItems(queue, context),
    ...identifyItems(queue, context),
  ];
  return items.sort(
    (a, b) =>
      Number(closed.has(a.status)) - Number(closed.has(b.status)) ||
      b.riskReduced - a.riskReduced ||
      severityRank[a.severity] - severityRank[b.severity] ||
      b.devices.length - a.devices.length ||
      a.id.localeCompare(b.id),
  );
}

interface Context {
  records: Map<string, DeviceRecord>;
  scores: Map<string, number>;
  factors: Map<string, readonly RiskFactor[]>;
  queue: WorkQueueInputs;
}

function findingItems(queue: WorkQueueInputs, context: Context): WorkItem[] {
  const byType = new Map<string, string[]>();
  for (const device of queue.devices) {
    for (const type of new Set(device.findings.map((finding) => finding.type)))
      byType.set(type, [...(byType.get(type) ?? []), device.id]);
  }
  return [...byType].map(([type, deviceIds]) => {
    const definition = (findingTypes as Record<string, FindingType>)[type];
    const reduced = riskReduced(deviceIds, context, (factor) => factor === `finding: ${type}`);
    const severity = definition?.severity ?? 'medium';
    return item(context, {
      id: `finding:${type}`,
      kind: 'finding',
      title: `${capitalise(findingTitle(type))} on ${devicesPhrase(deviceIds, context)}`,
      severity,
      severityBasis: `${withArticle(`${severity} finding`)}: ${definition?.summary ?? type}`,
      deviceIds,
      riskReduced: reduced,
      remedy: definition?.remedy ?? 'See the finding on each device.',
      references: [type],
    });
  });
}

function advisoryItems(queue: WorkQueueInputs, context: Context): WorkItem[] {
  const groups = new Map<string, DeviceVulnerability[]>();
  for (const vulnerability of queue.vulnerabilities) {
    if (vulnerability.status.value === 'applied') continue;
    const key = advisoryOf(vulnerability);
    groups.set(key, [...(groups.get(key) ?? []), vulnerability]);
  }
  const ssvcByDevice = new Map(
    queue.inputs.map((input) => [input.deviceId, assessDevice(input, queue.model).vulnerabilities]),
  );
  return [...groups].map(([advisory, vulnerabilities]) => {
    const deviceIds = [...new Set(vulnerabilities.map((vulnerability) => vulnerability.deviceId))];
    const ids = new Set(vulnerabilities.map((vulnerability) => vulnerability.id));
    const reduced = riskReduced(deviceIds, context, (factor) =>
      ids.has(factor.replace(/^vulnerability /, '')),
    );
    const decisions = deviceIds.flatMap((deviceId) =>
      (ssvcByDevice.get(deviceId) ?? [])
        .filter((vulnerability) => ids.has(vulnerability.id))
        .map((vulnerability) => vulnerability.ssvc.decision),
    );
    const kev = vulnerabilities.filter((vulnerability) => vulnerability.kev !== null);
    const severity: WorkItem['severity'] =
      decisions.includes('Act') || kev.length > 0
        ? 'critical'
        : decisions.includes('Attend')
          ? 'high'
          : decisions.includes('Track*')
            ? 'medium'
            : 'low';
    const cves = [...ids].sort();
    const product = vulnerabilities[0]?.evidence[0]?.advisoryProduct;
    const uncertain = vulnerabilities.filter(
      (vulnerability) => vulnerability.certainty === 'uncertain',
    ).length;
    const actions = [
      ...new Set(vulnerabilities.flatMap((vulnerability) => vulnerability.recommendedActions)),
    ];
    return item(context, {
      id: `advisory:${advisory}`,
      kind: 'advisory',
      title: `${advisory}${product ? ` (${product})` : ''}: ${cves.length === 1 ? '1 vulnerability' : `${cves.length} vulnerabilities`} on ${devicesPhrase(deviceIds, context)}`,
      severity,
      severityBasis: [
        kev.length > 0 ? `${new Set(kev.map((vulnerability) => vulnerability.id)).size} in CISA KEV` : null,
        `SSVC ${['Act', 'Attend', 'Track*', 'Track'].find((decision) => decisions.includes(decision as never)) ?? 'Track'} at worst`,
        uncertain > 0 ? `${uncertain} of ${vulnerabilities.length} matches uncertain` : null,
      ]
        .filter((part) => part !== null)
        .join('; '),
      deviceIds,
      riskReduced: reduced,
      remedy:
        actions.slice(0, 2).join(' ') ||
        `Ask the manufacturer for the update ${advisory} names, and apply it device by device.`,
      references: cves,
    });
  });
}

/** The medical and OT devices without a model, one item per type: they cannot be matched until identified. */
function identifyItems(queue: WorkQueueInputs, context: Context): WorkItem[] {
  const byType = new Map<string, UnmatchedDevice[]>();
  for (const device of queue.unmatched) {
    if (!device.missing.includes('model')) continue;
    const key = device.type ?? 'untyped device';
    byType.set(key, [...(byType.get(key) ?? []), device]);
  }
  return [...byType].map(([type, devices]) => {
    const advisories = new Set(devices.flatMap((device) => device.advisories.map((advisory) => advisory.id)));
    const makers = [...new Set(devices.map((device) => device.manufacturer).filter((name) => name !== null))];
    return item(context, {
      id: `identify:${type}`,
      kind: 'identify',
      title: `Confirm the model and firmware of ${devicesPhrase(
        devices.map((device) => device.deviceId),
        context,
      )}`,
      severity: advisories.size > 0 ? 'medium' : 'low',
      severityBasis:
        advisories.size > 0
          ? `${advisories.size} imported advisories name products of their makers (${makers.slice(0, 3).join(', ')}); none can be matched without a model`
          : 'no model known: no advisory can be matched',
      deviceIds: devices.map((device) => device.deviceId),
      riskReduced: 0,
      remedy:
        'Import the asset list (vigil assets import) or set the model and firmware on each device (override); they are then matched against the advisories.',
      references: [...advisories].sort(),
    });
  });
}

/**
 * The points of score the item accounts for across its devices: the contributions of the factors
 * it would remove, as each device's risk explanation shows them (they add up to the score). An
 * attribution, not a re-scoring: with vulnerabilities capped together, patching one advisory of
 * two would otherwise show no gain while the other stays open.
 */
function riskReduced(
  deviceIds: readonly string[],
  context: Context,
  removes: (factorName: string) => boolean,
): number {
  let reduced = 0;
  for (const deviceId of deviceIds) {
    for (const factor of context.factors.get(deviceId) ?? [])
      if (factor.contribution > 0 && removes(factor.name)) reduced += factor.contribution;
  }
  return Math.round(reduced * 10) / 10;
}

function item(
  context: Context,
  fields: Omit<
    WorkItem,
    | 'devices'
    | 'devicesSummary'
    | 'suggestedDueDate'
    | 'status'
    | 'owner'
    | 'dueDate'
    | 'note'
    | 'updatedBy'
    | 'updatedAt'
  > & { deviceIds: string[] },
): WorkItem {
  const { deviceIds, ...rest } = fields;
  const devices = deviceIds
    .map((deviceId) => {
      const record = context.records.get(deviceId);
      return {
        deviceId,
        name: record === undefined ? deviceId : displayName(record),
        type: record?.type ?? null,
        riskScore: context.scores.get(deviceId) ?? 0,
      };
    })
    .sort((a, b) => b.riskScore - a.riskScore || a.name.localeCompare(b.name));
  const suggestedDueDate = addDays(context.queue.today, dueInDays[fields.severity]);
  const tracking = context.queue.tracking.get(fields.id);
  return {
    ...rest,
    devices,
    devicesSummary: devicesPhrase(deviceIds, context),
    suggestedDueDate,
    status: tracking?.status ?? 'open',
    owner: tracking?.owner ?? null,
    dueDate: tracking?.dueDate ?? suggestedDueDate,
    note: tracking?.note ?? null,
    updatedBy: tracking?.actor ?? null,
    updatedAt: tracking?.at ?? null,
  };
}

/** The advisory a match came through (its CSAF tracking id), or the vulnerability itself. */
function advisoryOf(vulnerability: DeviceVulnerability): string {
  const origin = vulnerability.evidence.find((evidence) => evidence.origin.startsWith('csaf:'))?.origin;
  return origin === undefined ? vulnerability.id : origin.slice('csaf:'.length);
}

export function displayName(device: DeviceRecord): string {
  return device.hostnames[0] ?? device.assetTag ?? device.ips[0] ?? device.macs[0] ?? device.id;
}

/** `5 infusion pumps`, `1 PACS`, `7 devices (4 patient monitors, 3 workstations)`. */
function devicesPhrase(deviceIds: readonly string[], context: Context): string {
  const byType = new Map<string, number>();
  for (const deviceId of deviceIds) {
    const type = context.records.get(deviceId)?.type ?? 'untyped device';
    byType.set(type, (byType.get(type) ?? 0) + 1);
  }
  const counted = [...byType]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([type, count]) => countOf(count, type));
  if (counted.length === 1) return counted[0] as string;
  const shown = counted.slice(0, 3).join(', ');
  return `${countOf(deviceIds.length, 'device')} (${shown}${counted.length > 3 ? ', …' : ''})`;
}

/** `1 infusion pump`, `5 infusion pumps`, `2 PACS`. */
export function countOf(count: number, noun: string): string {
  if (count === 1) return `1 ${noun}`;
  return `${count} ${/(?:s|x|[A-Z]{2,})$/.test(noun) ? noun : `${noun}s`}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(isoDate.slice(0, 10)) + days * 86_400_000).toISOString().slice(0, 10);
}
