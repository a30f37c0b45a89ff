import type { Store } from '../store/open-store.js';
import { decommissionSource } from './retire-device.js';

/** Where a device stands in its life at the hospital; `retired` is set only by retiring it, with its sanitisation. */
export const deviceStatuses = ['planned', 'in-service'] as const;
export type DeviceStatus = (typeof deviceStatuses)[number];

/**
 * Sets a device planned (bought, not yet in clinical use) or in service (also bringing a retired
 * one back, which ends what its retirement declared); audited as `device-status-set` with the
 * status before.
 */
export async function setDeviceStatus(
  store: Store,
  query: string,
  request: { status: string; note?: string | undefined; actor: string },
  nowMs: number,
) {
  const device = await store.devices.find(query);
  if (device === undefined) throw new Error(`no device ${query} in this store`);
  if (!(deviceStatuses as readonly string[]).includes(request.status))
    throw new Error(
      `status: expected ${deviceStatuses.join(' or ')} (retire a device with vigil lifecycle retire), got "${request.status}"`,
    );
  const before = device.attributes.find((attribute) => attribute.name === 'lifecycle.status')?.value ?? null;
  const at = new Date(nowMs).toISOString();
  const evidence = { capture: `set by ${request.actor}`, packetNumber: 0, fileOffset: 0 };
  const declared = (name: string, value: string) => ({
    name,
    value,
    source: decommissionSource,
    confidence: 1,
    firstSeenMs: nowMs,
    lastSeenMs: nowMs,
    evidence,
  });
  await store.devices.declare(device.id, [
    declared('lifecycle.status', request.status),
    declared('lifecycle.status-since', at),
  ]);
  if (before === 'retired')
    await store.devices.removeDeclared(device.id, decommissionSource, retirementAttributes);
  await store.audit.append(
    {
      actor: request.actor,
      action: 'device-status-set',
      target: device.id,
      before,
      after: JSON.stringify({ status: request.status, note: request.note?.trim() || null }),
    },
    at,
  );
  return { deviceId: device.id, status: request.status as DeviceStatus, before, at };
}

/** What a retirement declares besides the status: gone when the device is back in service. */
const retirementAttributes = [
  'lifecycle.retired-at',
  'lifecycle.sanitisation',
  'lifecycle.sanitisation-certificate',
];
