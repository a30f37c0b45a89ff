import type { DeviceRecord } from '../inventory/device-record.js';
import { assessFleet } from '../risk/assess-fleet.js';
import { loadRiskModel } from '../risk/risk-model.js';
import type { Store } from '../store/open-store.js';
import type { SegmentDevice } from './endpoint-groups.js';
import type { Granularity } from './policy.js';
import type { PolicyFlow } from './policy-flow.js';

/** A device as grouping sees it: its addresses, type, category and clinical function. */
export function segmentDeviceOf(device: DeviceRecord): SegmentDevice {
  const address = device.ips[0] ?? device.macs[0] ?? device.id;
  return {
    id: device.id,
    name: device.hostnames[0] ?? `${device.type ?? 'device'} ${address}`,
    ips: device.ips,
    macs: device.macs,
    type: device.type,
    category: device.category,
    clinicalFunction: device.classification.clinicalFunction ?? null,
    manufacturer: device.manufacturer ?? device.vendor,
    model: device.model,
    riskLevel: null,
  };
}

/**
 * The store's devices as grouping sees them; with their risk level (the whole fleet assessed by
 * the risk model) only when grouping by it asks for it.
 */
export async function loadSegmentDevices(store: Store, granularity?: Granularity): Promise<SegmentDevice[]> {
  const records = await store.devices.list();
  if (granularity !== 'risk') return records.map(segmentDeviceOf);
  const levels = new Map(
    (await assessFleet(store, loadRiskModel(), records)).map((risk) => [risk.deviceId, risk.level]),
  );
  return records.map((record) => ({ ...segmentDeviceOf(record), riskLevel: levels.get(record.id) ?? null }));
}

/** The store's conversations in a window (ISO bounds), as flows a policy learns from. */
export async function loadLearningFlows(
  store: Store,
  window: { since?: string; until?: string } = {},
  /** Only the conversations one of these addresses is in. */
  addresses?: readonly string[],
): Promise<PolicyFlow[]> {
  return (await store.flows.conversations(window, addresses)).map((conversation) => ({
    src: conversation.initiator,
    dst: conversation.responder,
    protocol: conversation.protocol,
    port: conversation.port,
    packets: conversation.packets,
    bytes: conversation.bytes,
    firstSeenMs: Date.parse(conversation.firstSeen),
    lastSeenMs: Date.parse(conversation.lastSeen),
    count: conversation.flows,
    answered: conversation.answered,
  }));
}
