import { basename } from 'node:path';
import { OsEndOfLife } from '../govern/lifecycle/os-end-of-life.js';
import { readSupportFile } from '../govern/lifecycle/read-support-file.js';
import {
  isPastSupport,
  type ModelSupport,
  parseSupportDate,
  type SupportStage,
  supportStage,
} from '../govern/lifecycle/support-dates.js';
import { isOfModel } from '../govern/model-devices.js';
import { attributeValues } from '../inventory/device-record.js';
import type { Store } from '../store/open-store.js';

/**
 * Imports a file of support dates per model (checked whole first), replacing each model's dates;
 * audited as `support-dates-imported`. Returns the models taken.
 */
export async function importSupportDates(
  store: Store,
  path: string,
  actor: string,
  nowMs: number,
): Promise<ModelSupport[]> {
  const rows = readSupportFile(path);
  const at = new Date(nowMs).toISOString();
  const saved: ModelSupport[] = [];
  for (const row of rows) {
    const support: ModelSupport = {
      manufacturer: row.manufacturer,
      model: row.model,
      endOfSale: row.endOfSale,
      endOfSupport: row.endOfSupport,
      endOfSecurityPatches: row.endOfSecurityPatches,
      source: basename(path),
      updatedAt: at,
      updatedBy: actor,
    };
    await store.modelSupport.save(support);
    saved.push(support);
  }
  await store.audit.append(
    {
      actor,
      action: 'support-dates-imported',
      target: basename(path),
      before: null,
      after: `${rows.length} models`,
    },
    at,
  );
  return saved;
}

export interface SetSupportRequest {
  manufacturer: string;
  model: string;
  /** `YYYY-MM-DD`, `''` to clear, undefined to keep. */
  endOfSale?: string | undefined;
  endOfSupport?: string | undefined;
  endOfSecurityPatches?: string | undefined;
  actor: string;
}

/** Changes a model's support dates by hand, audited as `support-dates-set` with before and after. */
export async function setSupportDates(
  store: Store,
  request: SetSupportRequest,
  nowMs: number,
): Promise<ModelSupport> {
  const before = await store.modelSupport.get(request.manufacturer, request.model);
  const pick = (option: string, given: string | undefined, kept: string | null) => {
    if (given === undefined) return kept;
    const parsed = parseSupportDate(given);
    if ('problem' in parsed) throw new Error(`${option}: ${parsed.problem}`);
    return parsed.date;
  };
  const support: ModelSupport = {
    manufacturer: before?.manufacturer ?? request.manufacturer.trim(),
    model: before?.model ?? request.model.trim(),
    endOfSale: pick('--end-of-sale', request.endOfSale, before?.endOfSale ?? null),
    endOfSupport: pick('--end-of-support', request.endOfSupport, before?.endOfSupport ?? null),
    endOfSecurityPatches: pick(
      '--end-of-patches',
      request.endOfSecurityPatches,
      before?.endOfSecurityPatches ?? null,
    ),
    source: `set by ${request.actor}`,
    updatedAt: new Date(nowMs).toISOString(),
    updatedBy: request.actor,
  };
  await store.modelSupport.save(support);
  await store.audit.append(
    {
      actor: request.actor,
      action: 'support-dates-set',
      target: `${support.manufacturer} ${support.model}`,
      before: before === undefined ? null : JSON.stringify(before),
      after: JSON.stringify(support),
    },
    support.updatedAt,
  );
  return support;
}

export interface ModelLifecycle extends ModelSupport {
  stage: SupportStage;
  devices: string[];
}

/**
 * Each model with dates, where it stands on `today`, and the devices of it the inventory holds;
 * with the devices past support (no more security patches) and their share of the fleet.
 */
export async function lifecycleReport(store: Store, today: string) {
  const supports = await store.modelSupport.list();
  // No dates, nothing past them: the fleet's count alone, without reading every device.
  const devices = supports.length === 0 ? [] : await store.devices.list();
  const fleet = supports.length === 0 ? await store.devices.count() : devices.length;
  const models: ModelLifecycle[] = supports.map((support) => ({
    ...support,
    stage: supportStage(support, today),
    devices: devices
      .filter((device) => isOfModel(device, support.manufacturer, support.model))
      .map((device) => device.id),
  }));
  const pastSupport = models.filter((model) => isPastSupport(model.stage)).flatMap((model) => model.devices);
  return {
    today,
    models,
    pastSupport,
    operatingSystemsPastSupport: await operatingSystemsPastSupport(store, today),
    devices: fleet,
    /** Percent of the devices the inventory holds that get no more security patches. */
    pastSupportShare: fleet === 0 ? 0 : Math.round((pastSupport.length / fleet) * 1000) / 10,
  };
}

/**
 * Devices running an operating system past its maker's security updates (data/lifecycle), each with
 * the release and the date; read from the devices that have an operating system, not the fleet.
 */
async function operatingSystemsPastSupport(store: Store, today: string) {
  const releases = OsEndOfLife.load();
  const devices = await store.devices.getMany(await store.devices.idsWithAttribute('os'));
  return devices.flatMap((device) => {
    const ended = attributeValues(device.attributes, 'os')
      .map((system) => releases.lifecycleOf(system, today))
      .find((lifecycle) => lifecycle?.ended);
    return ended === undefined ? [] : [{ deviceId: device.id, ...ended }];
  });
}
