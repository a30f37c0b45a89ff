import type { BreachAssessment } from './case.js';
import type { CaseMaterial } from './case-material.js';

/** Alert types that say data left a device or the hospital: what factor (iii) asks about. */
const transferAlertTypes = new Set([
  'exfiltration-volume',
  'internet-from-medical-device',
  'dicom-query-from-new-peer',
  'dicom-store-to-new-destination',
  'clinical-protocol-to-outside',
]);
const clinicalDataProtocols = ['dicom', 'hl7', 'fhir', 'poct1a'];

export type BreachFactors = Pick<BreachAssessment, 'nature' | 'recipient' | 'acquired' | 'mitigation'>;

/**
 * The four factors as the store can answer them, for the privacy officer to confirm or correct:
 * (i) from the `phi-cleartext` findings of the case's devices (which devices, protocols and
 * elements; never the values, which Vigil does not keep), else the clinical protocols they speak;
 * (ii) from the alerts' sources; (iii) from the alerts that show a transfer; (iv) from the
 * isolations applied, the playbook steps done and the evidence exported.
 */
export function prefillBreachFactors({
  alerts,
  devices,
  stepsDone,
  evidence,
  isolations,
}: CaseMaterial): BreachFactors {
  const nameOf = new Map(
    devices.map((device) => [device.id, device.hostnames[0] ?? device.ips[0] ?? device.id]),
  );
  const seenInClear = devices.flatMap((device) =>
    device.findings
      .filter((finding) => finding.type === 'phi-cleartext')
      .map((finding) => `${nameOf.get(device.id)}: ${finding.detail ?? finding.summary}`),
  );
  const speaking = devices
    .map(
      (device) =>
        [
          nameOf.get(device.id),
          device.protocols.filter((protocol) => clinicalDataProtocols.includes(protocol)),
        ] as const,
    )
    .filter(([, protocols]) => protocols.length > 0)
    .map(([name, protocols]) => `${name} (${protocols.join(', ')})`);
  const nature =
    seenInClear.length > 0
      ? `Patient data seen in clear: ${seenInClear.join('; ')}`
      : speaking.length > 0
        ? `No patient data seen in clear; devices that carry it: ${speaking.join('; ')}`
        : "No patient data seen in clear, and none of the case's devices speaks a clinical protocol";
  const party = (ip: string | null, deviceId: string | null) =>
    `${ip ?? 'unknown address'}${deviceId === null ? '' : ` (${nameOf.get(deviceId) ?? deviceId})`}`;
  const sources = [
    ...new Set(alerts.flatMap((alert) => alert.sources.map((source) => party(source.ip, source.deviceId)))),
  ];
  const transfers = alerts.filter((alert) => transferAlertTypes.has(alert.type));
  return {
    nature,
    recipient:
      sources.length > 0 ? `The source of the alerts: ${sources.join(', ')}` : 'Not known from the traffic',
    acquired:
      transfers.length > 0
        ? `Transfers seen: ${transfers.map((alert) => alert.summary).join('; ')}`
        : 'No transfer of patient data seen in the traffic',
    mitigation:
      stepsDone.length > 0 || evidence.length > 0 || isolations.some((isolation) => isolation.appliedAt)
        ? [
            ...isolations
              .filter((isolation) => isolation.appliedAt !== null)
              .map(
                (isolation) =>
                  `${isolation.devices.map((device) => device.name).join(', ')} isolated at ${isolation.appliedAt} by ${isolation.appliedBy}${isolation.liftedAt === null ? '' : `, lifted at ${isolation.liftedAt}`}`,
              ),
            ...stepsDone.map((step) => `${step.playbook}/${step.step} done by ${step.by} at ${step.at}`),
            ...evidence.map(
              (exported) => `evidence exported (${exported.packets} packets, sha256 ${exported.sha256})`,
            ),
          ].join('; ')
        : 'No containment recorded yet',
  };
}
