import { defaultClassifier } from '../inventory/classification/default-classifier.js';
import { attributeValues, type DeviceRecord } from '../inventory/device-record.js';
import type { Store } from '../store/open-store.js';

/** What an analyst may set, and the attribute each is kept as. */
export const overridableFields: Readonly<Record<string, string>> = {
  type: 'type',
  category: 'category',
  vendor: 'vendor',
  manufacturer: 'manufacturer',
  model: 'model',
  firmware: 'software-version',
  hostname: 'hostname',
  location: 'location',
};

export const deviceCategories = ['medical', 'IT', 'IoT', 'OT'];

/** Why a value cannot be set on a field, or null when it can. */
export function overrideProblem(field: string, value: string): string | null {
  if (overridableFields[field] === undefined)
    return `expected a field of ${Object.keys(overridableFields).join(', ')}, got "${field}"`;
  if (value.trim() === '') return 'a value is needed';
  if (value.length > 200) return 'a value may have at most 200 characters';
  const taxonomy = defaultClassifier().taxonomy;
  if (field === 'type' && !taxonomy.has(value.trim()))
    return `"${value}" is not a type of data/classification/taxonomy.json (${[...taxonomy.keys()].join(', ')})`;
  if (field === 'category' && !deviceCategories.includes(value.trim()))
    return `expected a category of ${deviceCategories.join(', ')}, got "${value}"`;
  return null;
}

/**
 * An analyst's value for a device attribute: it outranks what traffic shows until cleared, and is
 * kept in the device's history and the audit log with who and why. Callers check the value with
 * `overrideProblem` first.
 *
 * @example
 * await setOverride(store, device, 'location', 'ICU bed 4', 'j.ortiz', 'moved', Date.now());
 */
export async function setOverride(
  store: Store,
  device: DeviceRecord,
  field: string,
  value: string,
  actor: string,
  reason: string | null,
  atMs: number,
): Promise<void> {
  const attribute = overridableFields[field]!;
  const before = attributeValues(device.attributes, attribute)[0] ?? null;
  await store.devices.setOverride(device.id, attribute, value.trim(), actor, reason, atMs);
  await store.audit.append(
    { actor, action: 'override-set', target: `${device.id} ${field}`, before, after: value.trim() },
    new Date(atMs).toISOString(),
  );
}

/** Removes an analyst's value; false when there was none. */
export async function clearOverride(
  store: Store,
  device: DeviceRecord,
  field: string,
  actor: string,
  reason: string | null,
  atMs: number,
): Promise<boolean> {
  const attribute = overridableFields[field]!;
  const before = attributeValues(device.attributes, attribute)[0] ?? null;
  const cleared = await store.devices.clearOverride(device.id, attribute, actor, reason, atMs);
  if (cleared)
    await store.audit.append(
      { actor, action: 'override-cleared', target: `${device.id} ${field}`, before, after: reason },
      new Date(atMs).toISOString(),
    );
  return cleared;
}
