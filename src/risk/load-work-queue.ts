import { deviceVulnerabilities } from '../intel/device-vulnerabilities.js';
import type { VendorNames } from '../intel/matching/names.js';
import { unmatchedDevices } from '../intel/unmatched-devices.js';
import type { Store } from '../store/open-store.js';
import { gatherRiskInputs } from './gather-risk-input.js';
import type { RiskModel } from './risk-model.js';
import type { WorkItem } from './work-item.js';
import { buildWorkQueue } from './work-queue.js';

/** The work queue of the whole store (see `buildWorkQueue`), as `vigil queue` and the API show it. */
export async function loadWorkQueue(
  store: Store,
  model: RiskModel,
  vendors: VendorNames,
  today = new Date().toISOString(),
): Promise<WorkItem[]> {
  const devices = await store.devices.list();
  return buildWorkQueue({
    inputs: await gatherRiskInputs(store, model, devices, { everyDevice: devices }),
    devices,
    vulnerabilities: await deviceVulnerabilities(store, undefined, today),
    unmatched: await unmatchedDevices(store, vendors),
    tracking: await store.workItems.all(),
    model,
    today,
  });
}
