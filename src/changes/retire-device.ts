import type { AttributeDraft } from '../inventory/device-draft.js';
import type { Store } from '../store/open-store.js';

/** NIST SP 800-88 Rev. 1's sanitisation methods, weakest first. */
export const sanitisationMethods = ['clear', 'purge', 'destroy'] as const;
export type SanitisationMethod = (typeof sanitisationMethods)[number];

/** The source of the attributes a retirement declares. */
export const decommissionSource = 'decommission';

export interface RetireRequest {
  method: string;
  /** The sanitisation certificate's reference (the vendor's, or the hospital's form). */
  certificate?: string | undefined;
  note?: string | undefined;
  /** When it left service (ISO date or time); by default now. */
  at?: string | undefined;
  actor: string;
}

/**
 * Retires a device with its sanitisation record: `lifecycle.status` becomes `retired`, with when,
 * how its media were sanitised (NIST SP 800-88: clear, purge or destroy), the certificate and
 * who, as attributes of the device (source `decommission`); audited as `device-retired`. A
 * retired device seen on the network again raises `retired-device-seen`.
 */
export async function retireDevice(store: Store, query: string, request: RetireRequest, nowMs: number) {
  const device = await store.devices.find(query);
  if (device === undefined) throw new Error(`no device ${query} in this store`);
  if (!(sanitisationMethods as readonly string[]).includes(request.method))
    throw new Error(
      `--method: expected ${sanitisationMethods.join(', ')} (NIST SP 800-88), got "${request.method}"`,
    );
  const atMs = request.at === undefined ? nowMs : Date.parse(request.at);
  if (Number.isNaN(atMs)) throw new Error(`--at: expected a date or ISO time, got "${request.at}"`);
  const retiredAt = new Date(atMs).toISOString();
  const evidence = { capture: `retired by ${request.actor}`, packetNumber: 0, fileOffset: 0 };
  const declared = (name: string, value: string): AttributeDraft => ({
    name,
    value,
    source: decommissionSource,
    confidence: 1,
    firstSeenMs: atMs,
    lastSeenMs: atMs,
    evidence,
  });
  const attributes = [
    declared('lifecycle.status', 'retired'),
    declared('lifecycle.retired-at', retiredAt),
    declared('lifecycle.sanitisation', request.method),
    ...(request.certificate?.trim()
      ? [declared('lifecycle.sanitisation-certificate', request.certificate.trim())]
      : []),
  ];
  await store.devices.declare(device.id, attributes);
  const record = {
    deviceId: device.id,
    retiredAt,
    method: request.method as SanitisationMethod,
    certificate: request.certificate?.trim() || null,
    note: request.note?.trim() || null,
    by: request.actor,
  };
  await store.audit.append(
    {
      actor: request.actor,
      action: 'device-retired',
      target: device.id,
      before: null,
      after: JSON.stringify(record),
    },
    new Date(nowMs).toISOString(),
  );
  return record;
}
