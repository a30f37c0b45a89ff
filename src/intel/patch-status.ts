/**
 * Where a device stands with one vulnerability, as the clinical engineer tracks it: from
 * `affected` (nothing yet) through a patch the manufacturer publishes, approves for the device
 * (medical devices are patched only with the manufacturer's validation), a scheduled window,
 * to applied; or mitigated, or risk accepted by an owner until an expiry date.
 */
export const patchStatuses = [
  'affected',
  'patch-available',
  'manufacturer-approved',
  'scheduled',
  'applied',
  'mitigated',
  'risk-accepted',
] as const;
export type PatchStatus = (typeof patchStatuses)[number];

export function isPatchStatus(text: string): text is PatchStatus {
  return (patchStatuses as readonly string[]).includes(text);
}

/** Statuses after which nothing more is recommended for the device. */
export const settledStatuses: ReadonlySet<PatchStatus> = new Set(['applied', 'mitigated', 'risk-accepted']);

/** The words a person reads for a status (`patch available`, not `patch-available`). */
export function patchStatusLabel(status: string): string {
  return status === 'risk-accepted' ? 'risk accepted' : status.replaceAll('-', ' ');
}
