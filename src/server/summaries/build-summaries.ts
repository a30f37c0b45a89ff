import { type Zone, zoneOf } from '../../config/zones.js';
import type { DeviceRecord } from '../../inventory/device-record.js';
import { assessDevice } from '../../risk/assess-device.js';
import { gatherRiskInputs } from '../../risk/gather-risk-input.js';
import type { RiskModel } from '../../risk/risk-model.js';
import type { DeviceSummary } from '../../store/device-summary-repository.js';
import type { Store } from '../../store/open-store.js';

/**
 * The inventory table's rows for `devices` (all by default): identity, zone, and the risk score
 * with its level, open and KEV vulnerabilities, findings and whether it handles patient data.
 */
export async function buildSummaries(
  store: Store,
  model: RiskModel,
  zones: readonly Zone[],
  devices?: DeviceRecord[],
  /** The device of each peer address, when the caller remembers them (see `AddressOwners`). */
  ownersOf?: (addresses: readonly string[]) => Promise<Map<string, string>>,
): Promise<DeviceSummary[]> {
  const everyDevice = devices === undefined ? await store.devices.list() : undefined;
  const records = devices ?? everyDevice!;
  const inputs = await gatherRiskInputs(store, model, records, { everyDevice, ownersOf });
  const inputOf = new Map(inputs.map((input) => [input.deviceId, input]));
  return records.map((device) => {
    const input = inputOf.get(device.id)!;
    const risk = assessDevice(input, model);
    const open = input.vulnerabilities.filter((vulnerability) => vulnerability.status !== 'applied');
    const ip = device.ips[0] ?? null;
    return {
      deviceId: device.id,
      name: device.hostnames[0] ?? device.assetTag ?? ip ?? device.macs[0] ?? device.id,
      ip,
      mac: device.macs[0] ?? null,
      vendor: device.vendor,
      model: device.model,
      firmware: device.firmware,
      type: device.type,
      category: device.category,
      zone: zoneOf(ip, zones),
      status: device.status,
      firstSeen: device.firstSeen,
      lastSeen: device.lastSeen,
      riskScore: risk.score,
      riskLevel: risk.level,
      riskReason: risk.reason,
      vulnerabilities: open.length,
      kevVulnerabilities: open.filter((vulnerability) => vulnerability.kevDateAdded !== null).length,
      findings: device.findings.length,
      handlesPhi: input.phiEvidence !== null,
    };
  });
}
