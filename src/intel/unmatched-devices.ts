import type { DeviceRecord } from '../inventory/device-record.js';
import type { Store } from '../store/open-store.js';
import { identityOf, loadRuleIndex } from './match-inventory.js';
import type { VendorNames } from './matching/names.js';
import type { RuleIndex } from './matching/rule-index.js';
import type { UnmatchedDevice } from './unmatched-device.js';

/** Categories whose devices an analyst must know the model of: clinical and building control. */
const categoriesThatMatter = new Set(['medical', 'OT']);
const productsShown = 4;

/**
 * The devices whose model or firmware is unknown, with the advisories that name products of
 * their maker: a medical or OT device always, any other device when its maker has advisories.
 * Sorted: no model first, then by advisories that would apply, type and name.
 */
export async function unmatchedDevices(store: Store, vendors: VendorNames): Promise<UnmatchedDevice[]> {
  const index = await loadRuleIndex(store, vendors);
  const matchesByDevice = new Map<string, number>();
  for (const match of await store.vulnerabilities.matches())
    matchesByDevice.set(match.deviceId, (matchesByDevice.get(match.deviceId) ?? 0) + 1);
  const unmatched: UnmatchedDevice[] = [];
  for (const device of await store.devices.list()) {
    const missing = missingOf(device);
    if (missing.length === 0) continue;
    const advisories = advisoriesForMaker(device, index);
    if (!categoriesThatMatter.has(device.category ?? '') && advisories.length === 0) continue;
    const manufacturer = device.manufacturer ?? device.vendor;
    unmatched.push({
      deviceId: device.id,
      name: device.hostnames[0] ?? device.assetTag ?? device.ips[0] ?? device.macs[0] ?? device.id,
      type: device.type,
      category: device.category,
      manufacturer,
      model: device.model,
      firmware: device.firmware,
      missing,
      reason: reasonFor(missing, manufacturer, advisories.length),
      matches: matchesByDevice.get(device.id) ?? 0,
      advisories,
    });
  }
  return unmatched.sort(
    (a, b) =>
      Number(b.missing.includes('model')) - Number(a.missing.includes('model')) ||
      b.advisories.length - a.advisories.length ||
      (a.type ?? '').localeCompare(b.type ?? '') ||
      a.name.localeCompare(b.name),
  );
}

function missingOf(device: DeviceRecord): UnmatchedDevice['missing'] {
  const missing: UnmatchedDevice['missing'] = [];
  if (device.model === null) missing.push('model');
  if (device.firmware === null) missing.push('firmware');
  return missing;
}

/** The advisories naming any product of the device's maker, under every name the maker goes by here. */
function advisoriesForMaker(device: DeviceRecord, index: RuleIndex): UnmatchedDevice['advisories'] {
  const vendorKeys = new Set(
    identityOf(device).vendors.map((vendor) => index.vendorNames.keyOf(vendor.name)),
  );
  const byAdvisory = new Map<string, { products: Set<string>; vulnerabilities: Set<string> }>();
  for (const vendorKey of vendorKeys) {
    for (const group of index.productsOf(vendorKey)) {
      for (const { origin, rule, vulnerabilityId } of group.rules) {
        if (rule.status !== 'affected') continue;
        const id = origin.replace(/^[a-z0-9]+:/, '');
        let entry = byAdvisory.get(id);
        if (entry === undefined) {
          entry = { products: new Set(), vulnerabilities: new Set() };
          byAdvisory.set(id, entry);
        }
        entry.products.add(rule.product);
        entry.vulnerabilities.add(vulnerabilityId);
      }
    }
  }
  return [...byAdvisory]
    .map(([id, entry]) => ({
      id,
      products: [...entry.products].sort().slice(0, productsShown),
      vulnerabilities: entry.vulnerabilities.size,
    }))
    .sort((a, b) => b.vulnerabilities - a.vulnerabilities || a.id.localeCompare(b.id));
}

function reasonFor(
  missing: UnmatchedDevice['missing'],
  manufacturer: string | null,
  advisories: number,
): string {
  const maker = manufacturer ?? 'its maker';
  const applying =
    advisories === 0
      ? `no imported advisory names a product of ${maker}`
      : `${advisories} imported ${advisories === 1 ? 'advisory names' : 'advisories name'} products of ${maker}`;
  if (missing.includes('model'))
    return `Model unknown: cannot be matched to advisories (${applying}). Confirm its model and firmware (asset list or an override).`;
  return `Firmware unknown: matches cannot be confirmed (${applying}). Confirm its firmware version.`;
}
