import type { DeviceRecord } from '../inventory/device-record.js';
import type { Store } from '../store/open-store.js';
import type { SegmentDevice } from './endpoint-groups.js';
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
  };
}

export async function loadSegmentDevices(store: Store): Promise<SegmentDevice[]> {
  return (await store.devices.list()).map(segmentDeviceOf);
}

/** The store's conversations in a window (ISO bounds), as flows a policy learns from. */
export async function loadLearningFlows(
  store: Store,
  window: { since?: string; until?: string } = {},
): Promise<PolicyFlow[]> {
  return (await store.flows.conversations(window)).map((conversation) => ({
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
