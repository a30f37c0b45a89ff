import type { DeviceRecord } from '../inventory/device-record.js';
import type { Store } from '../store/open-store.js';
import { assessDevice, type DeviceRisk } from './assess-device.js';
import { gatherRiskInputs } from './gather-risk-input.js';
import type { RiskModel } from './risk-model.js';

/**
 * The risk of every device in the store (or of those given), highest score first; ties by id, so
 * the same store always lists in the same order.
 */
export async function assessFleet(
  store: Store,
  model: RiskModel,
  devices?: DeviceRecord[],
): Promise<DeviceRisk[]> {
  const inputs = await gatherRiskInputs(store, model, devices);
  return inputs
    .map((input) => assessDevice(input, model))
    .sort((a, b) => b.score - a.score || a.deviceId.localeCompare(b.deviceId));
}
