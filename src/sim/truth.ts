import type { Incident } from './attacks.js';
import type { TruthBook } from './context.js';
import type { Hospital } from './hospital.js';

/** One device as the simulator made it: what ingest should find. */
export interface TruthDevice {
  mac: string;
  ip: string;
  hostname: string;
  /** The MAC prefix's owner as the IEEE registry bundled with Vigil names it. */
  vendor: string;
  manufacturer: string;
  model: string;
  firmware: string;
  serial: string;
  type: string;
  category: string;
  zone: string;
  protocols: string[];
  findings: string[];
}

export interface GroundTruth {
  seed: number;
  durationSeconds: number;
  packets: number;
  devices: TruthDevice[];
  incidents: Incident[];
}

/** The ground truth file written beside a simulated capture (`FILE.truth.json`). */
export function truthOf(
  options: { seed: number; durationSeconds: number },
  hospital: Hospital,
  truth: TruthBook,
  incidents: Incident[],
  packets: number,
): GroundTruth {
  return {
    seed: options.seed,
    durationSeconds: options.durationSeconds,
    packets,
    devices: hospital.devices.map((device) => ({
      mac: device.mac,
      ip: device.ip,
      hostname: device.hostname,
      vendor: device.vendor,
      manufacturer: device.make.manufacturer,
      model: device.model,
      firmware: device.firmware,
      serial: device.serial,
      type: device.kind.type,
      category: device.kind.category,
      zone: device.kind.zone,
      protocols: [...(truth.protocols.get(device.index) ?? [])].sort(),
      findings: [...(truth.findings.get(device.index) ?? [])].sort(),
    })),
    incidents,
  };
}
