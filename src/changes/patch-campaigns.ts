import type { MaintenanceWindow } from '../govern/maintenance/maintenance-windows.js';
import {
  type MaintenancePlanOptions,
  planDevicesMaintenance,
} from '../govern/maintenance/plan-maintenance.js';
import { type PatchStatus, patchStatuses, settledStatuses } from '../intel/patch-status.js';
import type { Store } from '../store/open-store.js';
import type { PatchCampaignTable } from '../store/schema.js';
import { stableId } from '../store/stable-id.js';

export interface CampaignRequest {
  name: string;
  /** A CVE (or other vulnerability id) matched to devices, or a CSAF advisory's tracking id. */
  vulnerability?: string | undefined;
  advisory?: string | undefined;
  /** `YYYY-MM-DD`. */
  due?: string | undefined;
  note?: string | undefined;
  actor: string;
}

/** A campaign as the CLI, the API and the console show it. */
export interface PatchCampaign {
  id: string;
  name: string;
  targetKind: 'vulnerability' | 'advisory';
  target: string;
  due: string | null;
  note: string | null;
  createdBy: string;
  createdAt: string;
  closedAt: string | null;
}

function campaignOf(row: PatchCampaignTable): PatchCampaign {
  return {
    id: row.id,
    name: row.name,
    targetKind: row.target_kind === 'advisory' ? 'advisory' : 'vulnerability',
    target: row.target,
    due: row.due,
    note: row.note,
    createdBy: row.created_by,
    createdAt: row.created_at,
    closedAt: row.closed_at,
  };
}

/**
 * Starts a campaign to patch one vulnerability, or an advisory's, across the devices it is matched
 * to; audited as `patch-campaign-created`. Refused when nothing in the store names the target.
 */
export async function createPatchCampaign(
  store: Store,
  request: CampaignRequest,
  nowMs: number,
): Promise<PatchCampaign> {
  if ((request.vulnerability === undefined) === (request.advisory === undefined))
    throw new Error('campaign: give either a vulnerability or an advisory, not both and not neither');
  if (request.name.trim() === '') throw new Error("name: expected the campaign's name, got nothing");
  if (request.due !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(request.due))
    throw new Error(`due: expected YYYY-MM-DD, got "${request.due}"`);
  const targetKind = request.advisory === undefined ? 'vulnerability' : 'advisory';
  const target = (request.advisory ?? request.vulnerability)!.trim();
  const vulnerabilities = await vulnerabilitiesOf(store, targetKind, target);
  if ((await store.patchCampaigns.devicesOf(vulnerabilities)).length === 0)
    throw new Error(
      `${targetKind} ${target}: no device in this store is matched to it${targetKind === 'advisory' ? ' (is its CSAF document imported?)' : ''}`,
    );
  const createdAt = new Date(nowMs).toISOString();
  const row: PatchCampaignTable = {
    id: stableId('pc', `${targetKind} ${target} ${createdAt}`),
    name: request.name.trim(),
    target_kind: targetKind,
    target,
    due: request.due ?? null,
    note: request.note ?? null,
    created_by: request.actor,
    created_at: createdAt,
    closed_at: null,
  };
  await store.patchCampaigns.create(row);
  await store.audit.append(
    {
      actor: request.actor,
      action: 'patch-campaign-created',
      target: row.id,
      before: null,
      after: JSON.stringify({ name: row.name, [targetKind]: target, due: row.due }),
    },
    createdAt,
  );
  return campaignOf(row);
}

/** Closes a campaign (it stays readable); audited as `patch-campaign-closed`. */
export async function closePatchCampaign(store: Store, id: string, actor: string, nowMs: number) {
  const row = await store.patchCampaigns.get(id);
  if (row === undefined) throw new Error(`no patch campaign ${id} in this store`);
  if (row.closed_at !== null) throw new Error(`patch campaign ${id} was closed on ${row.closed_at}`);
  const at = new Date(nowMs).toISOString();
  await store.patchCampaigns.close(id, at);
  await store.audit.append(
    { actor, action: 'patch-campaign-closed', target: id, before: null, after: at },
    at,
  );
}

async function vulnerabilitiesOf(store: Store, kind: string, target: string): Promise<string[]> {
  return kind === 'advisory' ? store.patchCampaigns.vulnerabilitiesOfAdvisory(target) : [target];
}

export interface CampaignDevice {
  id: string;
  name: string;
  /** Where the device stands: the least advanced status among the campaign's vulnerabilities on it. */
  status: PatchStatus;
  vulnerabilities: { id: string; status: PatchStatus }[];
  /** When it is idle, its quietest window first: when to patch it. */
  window: MaintenanceWindow | null;
}

/**
 * A campaign's progress: each device the target is matched to, where it stands and when it can be
 * patched; devices per status; and the share done (applied, mitigated or risk accepted).
 */
export async function patchCampaignProgress(store: Store, id: string, windowOptions: MaintenancePlanOptions) {
  const row = await store.patchCampaigns.get(id);
  if (row === undefined) throw new Error(`no patch campaign ${id} in this store`);
  const campaign = campaignOf(row);
  const vulnerabilities = await vulnerabilitiesOf(store, row.target_kind, row.target);
  const matches = await store.patchCampaigns.devicesOf(vulnerabilities);
  const byDevice = new Map<string, { id: string; status: PatchStatus }[]>();
  for (const match of matches) {
    const status = (patchStatuses as readonly string[]).includes(match.status ?? '')
      ? (match.status as PatchStatus)
      : 'affected';
    byDevice.set(match.deviceId, [
      ...(byDevice.get(match.deviceId) ?? []),
      { id: match.vulnerabilityId, status },
    ]);
  }
  const records = await store.devices.getMany([...byDevice.keys()]);
  const plans = new Map(
    (await planDevicesMaintenance(store, records, windowOptions)).map((plan) => [plan.id, plan]),
  );
  const devices: CampaignDevice[] = [...byDevice].map(([deviceId, own]) => ({
    id: deviceId,
    name: plans.get(deviceId)?.name ?? deviceId,
    status: own.reduce<PatchStatus>(
      (least, next) =>
        patchStatuses.indexOf(next.status) < patchStatuses.indexOf(least) ? next.status : least,
      own[0]!.status,
    ),
    vulnerabilities: own,
    window: plans.get(deviceId)?.windows[0] ?? null,
  }));
  const byStatus = Object.fromEntries(
    patchStatuses.map((status) => [status, devices.filter((device) => device.status === status).length]),
  ) as Record<PatchStatus, number>;
  const done = devices.filter((device) => settledStatuses.has(device.status)).length;
  return {
    campaign,
    vulnerabilities,
    devices,
    byStatus,
    done,
    /** Percent of its devices done. */
    progress: devices.length === 0 ? 0 : Math.round((done / devices.length) * 1000) / 10,
  };
}

/** Every campaign with its progress counts (no windows: the list stays one read per campaign). */
export async function listPatchCampaigns(store: Store) {
  const campaigns = [];
  for (const row of await store.patchCampaigns.list()) {
    const matches = await store.patchCampaigns.devicesOf(
      await vulnerabilitiesOf(store, row.target_kind, row.target),
    );
    const settled = new Map<string, boolean>();
    for (const match of matches)
      settled.set(
        match.deviceId,
        (settled.get(match.deviceId) ?? true) &&
          settledStatuses.has((match.status ?? 'affected') as PatchStatus),
      );
    const done = [...settled.values()].filter(Boolean).length;
    campaigns.push({ ...campaignOf(row), devices: settled.size, done });
  }
  return campaigns;
}
