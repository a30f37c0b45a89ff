import type { DeviceRecord } from '../inventory/device-record.js';
import type { CaseIsolation, IsolatedDevice } from '../respond/isolation.js';
import {
  type IsolationExportFormat,
  isIsolationExportFormat,
  isolationExportFormats,
  isolationExports,
} from '../respond/isolation-exports.js';
import { isolationImpact, isolationPolicy } from '../respond/isolation-policy.js';
import { loadLearningFlows } from '../segment/segment-inputs.js';
import type { Store } from '../store/open-store.js';
import { CaseChangeError, refused } from './case-change-error.js';
import { existingCase } from './case-changes.js';

export interface IsolateRequest {
  /** Device ids, MACs or addresses; by default every device of the case. */
  devices?: readonly string[] | undefined;
  keepClinical?: boolean | undefined;
  actor: string;
}

/**
 * Proposes isolating a case's devices: the rules, and what they stop replayed against every
 * stored conversation of those devices. A life-sustaining device makes it wait for a second
 * person's approval; otherwise it is ready to export. Audited as `case-isolation-proposed`.
 * Refused while an earlier isolation of the case is applied and not lifted.
 */
export async function proposeIsolation(
  store: Store,
  caseId: string,
  request: IsolateRequest,
  nowMs: number,
): Promise<CaseIsolation> {
  const found = await existingCase(store, caseId);
  const earlier = await store.cases.isolations(found.id);
  const applied = earlier.find((isolation) => isolation.status === 'applied');
  if (applied !== undefined)
    throw refused(
      'isolation',
      `${found.id}'s isolation ${applied.seq} is applied; lift it first (vigil case isolate ${found.id} --lift)`,
    );
  const records: DeviceRecord[] = [];
  if (request.devices === undefined || request.devices.length === 0) {
    records.push(...(await store.devices.getMany(found.devices)));
    if (records.length === 0)
      throw refused('--devices', `${found.id} holds no device; name the devices to isolate`);
  } else
    for (const wanted of request.devices) {
      const device = await store.devices.find(wanted);
      if (device === undefined) throw refused('--devices', `no device ${wanted} in this store`);
      records.push(device);
    }
  const devices = records.map(isolatedDeviceOf);
  const unaddressed = devices.filter((device) => device.addresses.length === 0);
  if (unaddressed.length === devices.length)
    throw refused(
      '--devices',
      `${devices.map((device) => device.name).join(', ')}: no IP address known, so no firewall rule can name them; quarantine them by MAC at the switch`,
    );
  const at = new Date(nowMs).toISOString();
  const seq = earlier.length + 1;
  const flows = await loadLearningFlows(
    store,
    {},
    devices.flatMap((device) => device.addresses),
  );
  const keepClinical = request.keepClinical ?? false;
  const policy = isolationPolicy(found.id, seq, devices, flows, { keepClinical, actor: request.actor, at });
  const lifeSustaining = devices.filter((device) => device.lifeSustaining);
  const isolation: CaseIsolation = {
    caseId: found.id,
    seq,
    status: lifeSustaining.length > 0 ? 'awaiting-approval' : 'ready',
    devices,
    keepClinical,
    approvalNeeded:
      lifeSustaining.length > 0
        ? `it isolates life-sustaining ${lifeSustaining.map((device) => device.name).join(', ')}: a second person approves (vigil case isolate ${found.id} --approve)`
        : null,
    proposedBy: request.actor,
    proposedAt: at,
    approvedBy: null,
    approvedAt: null,
    appliedBy: null,
    appliedAt: null,
    liftedBy: null,
    liftedAt: null,
    impact: isolationImpact(policy, devices, flows),
    policy,
  };
  await store.cases.addIsolation(isolation);
  await audit(store, isolation, 'case-isolation-proposed', request.actor, at, {
    seq,
    devices: devices.map((device) => device.id),
    status: isolation.status,
    blocked: isolation.impact.blocked,
    clinicalBlocked: isolation.impact.clinicalBlocked,
  });
  return isolation;
}

/**
 * A second person approves the case's isolation that waits for it. The approver must not be the
 * person who proposed it. Audited as `case-isolation-approved`.
 */
export async function approveIsolation(store: Store, caseId: string, actor: string, nowMs: number) {
  const isolation = await currentIsolation(store, caseId);
  if (isolation.status !== 'awaiting-approval')
    throw refused(
      'isolation',
      `isolation ${isolation.seq} of ${isolation.caseId} is ${isolation.status}, not awaiting approval`,
    );
  if (sameName(isolation.proposedBy, actor))
    throw refused(
      'isolation',
      `${actor} proposed isolation ${isolation.seq} of ${isolation.caseId}; a second person approves it`,
    );
  const at = new Date(nowMs).toISOString();
  const approved: CaseIsolation = { ...isolation, status: 'ready', approvedBy: actor, approvedAt: at };
  await store.cases.updateIsolation(approved);
  await audit(store, approved, 'case-isolation-approved', actor, at, { seq: approved.seq });
  return approved;
}

/** Records that the case's isolation was put in force on the network. Audited as `case-isolation-applied`. */
export async function recordIsolationApplied(store: Store, caseId: string, actor: string, nowMs: number) {
  const isolation = await currentIsolation(store, caseId);
  if (isolation.status !== 'ready')
    throw refused(
      'isolation',
      isolation.status === 'awaiting-approval'
        ? `isolation ${isolation.seq} of ${isolation.caseId} waits for a second person's approval`
        : `isolation ${isolation.seq} of ${isolation.caseId} is ${isolation.status}`,
    );
  const at = new Date(nowMs).toISOString();
  const applied: CaseIsolation = { ...isolation, status: 'applied', appliedBy: actor, appliedAt: at };
  await store.cases.updateIsolation(applied);
  await audit(store, applied, 'case-isolation-applied', actor, at, { seq: applied.seq });
  return applied;
}

/** Records that the case's applied isolation was taken off the network. Audited as `case-isolation-lifted`. */
export async function liftIsolation(store: Store, caseId: string, actor: string, nowMs: number) {
  const isolation = await currentIsolation(store, caseId);
  if (isolation.status !== 'applied')
    throw refused(
      'isolation',
      `isolation ${isolation.seq} of ${isolation.caseId} is ${isolation.status}, not applied`,
    );
  const at = new Date(nowMs).toISOString();
  const lifted: CaseIsolation = { ...isolation, status: 'lifted', liftedBy: actor, liftedAt: at };
  await store.cases.updateIsolation(lifted);
  await audit(store, lifted, 'case-isolation-lifted', actor, at, { seq: lifted.seq });
  return lifted;
}

/**
 * The case's isolation written for a firewall or switch. Refused until approved when it needs a
 * second person, and once superseded or lifted. Audited as `case-isolation-exported`.
 */
export async function exportIsolation(
  store: Store,
  caseId: string,
  format: string,
  actor: string,
  nowMs: number,
): Promise<{ isolation: CaseIsolation; text: string }> {
  if (!isIsolationExportFormat(format))
    throw refused(
      '--format',
      `expected one of ${isolationExportFormats.join(', ')}, got ${JSON.stringify(format)}`,
    );
  const isolation = await currentIsolation(store, caseId);
  if (isolation.status !== 'ready' && isolation.status !== 'applied')
    throw refused(
      'isolation',
      isolation.status === 'awaiting-approval'
        ? `isolation ${isolation.seq} of ${isolation.caseId} isolates a life-sustaining device and waits for a second person's approval (vigil case isolate ${isolation.caseId} --approve --by NAME)`
        : `isolation ${isolation.seq} of ${isolation.caseId} is ${isolation.status}`,
    );
  const text = isolationExports[format as IsolationExportFormat](isolation);
  await audit(store, isolation, 'case-isolation-exported', actor, new Date(nowMs).toISOString(), {
    seq: isolation.seq,
    format,
  });
  return { isolation, text };
}

/** The case's latest isolation not superseded, or a refusal saying there is none. */
async function currentIsolation(store: Store, caseId: string): Promise<CaseIsolation> {
  const found = await existingCase(store, caseId);
  const current = (await store.cases.isolations(found.id))
    .filter((isolation) => isolation.status !== 'superseded')
    .at(-1);
  if (current === undefined)
    throw new CaseChangeError(
      `${found.id} has no isolation; propose one with vigil case isolate ${found.id}`,
      {
        input: 'isolation',
        inMessage: false,
      },
    );
  return current;
}

function isolatedDeviceOf(device: DeviceRecord): IsolatedDevice {
  const clinicalFunction = device.classification.clinicalFunction ?? null;
  return {
    id: device.id,
    name: device.hostnames[0] ?? `${device.type ?? 'device'} ${device.ips[0] ?? device.macs[0] ?? device.id}`,
    addresses: device.ips,
    macs: device.macs,
    clinicalFunction,
    lifeSustaining: clinicalFunction === 'life-sustaining',
  };
}

function sameName(left: string, right: string): boolean {
  return left.trim().toLowerCase() === right.trim().toLowerCase();
}

async function audit(
  store: Store,
  isolation: CaseIsolation,
  action: string,
  actor: string,
  at: string,
  after: Record<string, unknown>,
): Promise<void> {
  await store.audit.append(
    { actor, action, target: isolation.caseId, before: null, after: JSON.stringify(after) },
    at,
  );
}
