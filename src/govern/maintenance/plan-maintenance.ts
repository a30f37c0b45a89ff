import type { DeviceRecord } from '../../inventory/device-record.js';
import type { Store } from '../../store/open-store.js';
import { isOfModel } from '../model-devices.js';
import { hourOfWeekIn, isTimeZone } from './hour-of-week.js';
import { type MaintenanceWindow, proposeMaintenanceWindows } from './maintenance-windows.js';
import { combineUtilisation, type Utilisation, utilisationOf } from './utilisation.js';

export interface MaintenancePlanOptions {
  /** Length of each window, in hours (1 to 24). */
  hours: number;
  /** How many windows to propose (1 to 7). */
  count: number;
  /** IANA time zone the hours of the week are read in. */
  timeZone: string;
}

export interface DeviceMaintenance {
  id: string;
  name: string;
  utilisation: Utilisation;
  windows: MaintenanceWindow[];
}

/** Why options cannot be planned with, naming the field; or null. */
export function maintenanceOptionsProblem(options: MaintenancePlanOptions): string | null {
  if (!Number.isInteger(options.hours) || options.hours < 1 || options.hours > 24)
    return `hours: expected a whole number from 1 to 24, got ${options.hours}`;
  if (!Number.isInteger(options.count) || options.count < 1 || options.count > 7)
    return `count: expected a whole number from 1 to 7, got ${options.count}`;
  if (!isTimeZone(options.timeZone))
    return `time zone: expected an IANA zone such as Europe/Berlin or UTC, got "${options.timeZone}"`;
  return null;
}

/** What a person calls the device: its name, else its model, else its address. */
function nameOf(device: DeviceRecord): string {
  return device.hostnames[0] ?? device.model ?? device.ips[0] ?? device.macs[0] ?? device.id;
}

/**
 * Plans maintenance for devices: each one's utilisation from its own flows (one indexed read per
 * device) over the spans Vigil watched, and the windows it is idle in.
 */
export async function planDevicesMaintenance(
  store: Store,
  devices: readonly DeviceRecord[],
  options: MaintenancePlanOptions,
): Promise<DeviceMaintenance[]> {
  const problem = maintenanceOptionsProblem(options);
  if (problem !== null) throw new Error(problem);
  const hourOfWeek = hourOfWeekIn(options.timeZone);
  const watched = (await store.ingestRuns.list()).flatMap((run) =>
    run.capture_first_seen === null || run.capture_last_seen === null
      ? []
      : [{ fromMs: Date.parse(run.capture_first_seen), toMs: Date.parse(run.capture_last_seen) }],
  );
  const plans: DeviceMaintenance[] = [];
  for (const device of devices) {
    const flows = [];
    for await (const flow of store.flows.activityOf(device.ips)) flows.push(flow);
    const utilisation = utilisationOf(new Set(device.ips), flows, watched, hourOfWeek);
    plans.push({
      id: device.id,
      name: nameOf(device),
      utilisation,
      windows: proposeMaintenanceWindows(utilisation, options.hours, options.count),
    });
  }
  return plans;
}

/** One device's maintenance windows; the device is found by id, MAC or address. */
export async function planDeviceMaintenance(store: Store, query: string, options: MaintenancePlanOptions) {
  const device = await store.devices.find(query);
  if (device === undefined) throw new Error(`no device ${query} in this store`);
  const [plan] = await planDevicesMaintenance(store, [device], options);
  return { scope: 'device' as const, timeZone: options.timeZone, ...plan! };
}

/**
 * A model's maintenance windows: the hours all its devices are idle together (their work added up),
 * so one campaign can patch the fleet of it at once; and each device's own windows beside.
 */
export async function planModelMaintenance(
  store: Store,
  manufacturer: string,
  model: string,
  options: MaintenancePlanOptions,
) {
  const devices = (await store.devices.list()).filter((device) => isOfModel(device, manufacturer, model));
  if (devices.length === 0) throw new Error(`no device of ${manufacturer} ${model} in this store`);
  const plans = await planDevicesMaintenance(store, devices, options);
  const utilisation = combineUtilisation(plans.map((plan) => plan.utilisation));
  return {
    scope: 'model' as const,
    manufacturer,
    model,
    timeZone: options.timeZone,
    utilisation,
    windows: proposeMaintenanceWindows(utilisation, options.hours, options.count),
    devices: plans,
  };
}

/** A device's or a model's plan, as `vigil patch windows --json` prints it. */
export type MaintenancePlan =
  | Awaited<ReturnType<typeof planDeviceMaintenance>>
  | Awaited<ReturnType<typeof planModelMaintenance>>;
