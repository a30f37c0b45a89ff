import type { DeviceRecord } from '../inventory/device-record.js';
import type { Store } from '../store/open-store.js';
import type { VendorNames } from './matching/names.js';
import {
  type DeviceRecall,
  type DeviceVulnerability,
  recallsOf,
  vulnerabilityView,
} from './vulnerability-view.js';

/**
 * The vulnerabilities of some devices (all when `deviceIds` is undefined) with their scores,
 * KEV and EPSS, status and evidence, most confident first within each device.
 */
export async function deviceVulnerabilities(
  store: Store,
  deviceIds?: readonly string[],
  today = new Date().toISOString(),
): Promise<DeviceVulnerability[]> {
  const matches = await store.vulnerabilities.matches(deviceIds);
  const details = await store.feeds.details(matches.map((match) => match.vulnerabilityId));
  return matches.map((match) => vulnerabilityView(match, details.get(match.vulnerabilityId), today));
}

/** The recalls that name a device's manufacturer and model. */
export async function deviceRecalls(
  store: Store,
  device: DeviceRecord,
  vendors: VendorNames,
): Promise<DeviceRecall[]> {
  return recallsOf(device, await store.recalls.list(), vendors);
}
