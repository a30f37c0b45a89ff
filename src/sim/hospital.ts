import { OuiRegistry } from '../inventory/oui-registry.js';
import {
  type DeviceKind,
  deviceKinds,
  type Make,
  type ServiceRole,
  serviceKinds,
  zoneNames,
} from './catalogue.js';
import type { SeededRandom } from './random.js';

/** One simulated device: who it is, where, and what it runs. */
export interface SimDevice {
  index: number;
  kind: DeviceKind;
  make: Make;
  model: string;
  firmware: string;
  serial: string;
  mac: string;
  ip: string;
  hostname: string;
  /** What the IEEE registry bundled with Vigil names the MAC's owner: what ingest must find. */
  vendor: string;
  /** DICOM application entity title, for modalities and the PACS. */
  aeTitle: string;
}

export interface Hospital {
  devices: SimDevice[];
  services: Map<ServiceRole, SimDevice>;
  domain: string;
}

/** How many of each kind for `endpoints` endpoints: every kind at least once when there is room, shares by largest remainder. */
function kindCounts(endpoints: number): number[] {
  const exact = deviceKinds.map((kind) => (kind.perMille * endpoints) / 1000);
  const counts = exact.map((value) => Math.floor(value));
  if (endpoints >= deviceKinds.length)
    for (let index = 0; index < counts.length; index += 1) counts[index] = Math.max(1, counts[index]!);
  let total = counts.reduce((sum, count) => sum + count, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (let at = 0; total < endpoints; at = (at + 1) % byRemainder.length, total += 1)
    counts[byRemainder[at]!.index]! += 1;
  // Where the minimum of one overshot, the largest kinds give the places back.
  while (total > endpoints) {
    const largest = counts.indexOf(Math.max(...counts));
    counts[largest]! -= 1;
    total -= 1;
  }
  return counts;
}

/**
 * Builds a hospital of `deviceCount` devices: the data-centre services first, then endpoints of
 * every kind in proportion, each with a manufacturer's MAC, an address in its zone's subnet, a
 * host name, a model, firmware and serial number. Deterministic for a seed.
 */
export function buildHospital(deviceCount: number, random: SeededRandom): Hospital {
  if (deviceCount < serviceKinds.length + 1)
    throw new Error(
      `--devices must be at least ${serviceKinds.length + 1}: the data centre alone has ${serviceKinds.length}`,
    );
  const registry = new OuiRegistry();
  registry.addBundled();
  const devices: SimDevice[] = [];
  const services = new Map<ServiceRole, SimDevice>();
  const nextInOui = new Map<string, number>();
  const nextInZone = new Map<string, number>();
  const perKindNumber = new Map<DeviceKind, number>();
  const add = (kind: DeviceKind) => {
    const make = random.pick(kind.makes);
    const model = random.pick(make.models);
    // Each OUI's devices count up from a random start, so addresses look like a real fleet's.
    const serialInOui = nextInOui.get(make.oui) ?? random.below(0x400000);
    nextInOui.set(make.oui, serialInOui + 1);
    const suffix = serialInOui.toString(16).padStart(6, '0');
    const mac = `${make.oui}:${suffix.slice(0, 2)}:${suffix.slice(2, 4)}:${suffix.slice(4, 6)}`;
    const zoneIndex = zoneNames.indexOf(kind.zone);
    const position = nextInZone.get(kind.zone) ?? 0;
    nextInZone.set(kind.zone, position + 1);
    const host = position + 10;
    const number = (perKindNumber.get(kind) ?? 0) + 1;
    perKindNumber.set(kind, number);
    const device: SimDevice = {
      index: devices.length,
      kind,
      make,
      model: model.name,
      firmware: random.pick(model.firmware),
      serial: `${make.manufacturer.slice(0, 2).toUpperCase()}${(100_000 + random.below(900_000)).toString()}`,
      mac,
      ip: `10.${10 + zoneIndex}.${Math.floor(host / 250)}.${(host % 250) + 1}`,
      hostname:
        kind.service === undefined
          ? `${kind.hostPrefix}-${kind.zone}-${String(number).padStart(4, '0')}`
          : `${kind.hostPrefix}-01`,
      vendor: registry.lookup(mac)?.organization ?? make.manufacturer,
      aeTitle: kind.modality === undefined ? 'PACS' : `${kind.modality}${String(number).padStart(2, '0')}`,
    };
    devices.push(device);
    if (kind.service !== undefined) services.set(kind.service, device);
  };
  for (const kind of serviceKinds) add(kind);
  const counts = kindCounts(deviceCount - serviceKinds.length);
  deviceKinds.forEach((kind, index) => {
    for (let count = 0; count < counts[index]!; count += 1) add(kind);
  });
  return { devices, services, domain: 'hospital.example' };
}
