import type { DeviceRecord } from '../inventory/device-record.js';

/** A model as governance records are found by: its manufacturer and name, compared without case or spacing. */
export function modelKey(manufacturer: string, model: string): string {
  const plain = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');
  return `${plain(manufacturer)}\u0000${plain(model)}`;
}

/** A device is of the model when its manufacturer (or vendor) and model match, and its firmware is among the versions given. */
export function isOfModel(
  device: DeviceRecord,
  manufacturer: string,
  model: string,
  versions: readonly string[] = [],
): boolean {
  const wanted = modelKey(manufacturer, model);
  const makers = [device.manufacturer, device.vendor].filter((name): name is string => name !== null);
  if (device.model === null || !makers.some((maker) => modelKey(maker, device.model!) === wanted))
    return false;
  return versions.length === 0 || (device.firmware !== null && versions.includes(device.firmware));
}
