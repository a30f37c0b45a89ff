import type { DeviceRecord } from '../inventory/device-record.js';
import type { CaseView } from './case-timeline.js';

/**
 * The fields of an FDA MedWatch voluntary report (Form 3500) for a device problem, filled from
 * the case as far as the network shows them, for the person who files the report online
 * (https://www.accessdata.fda.gov/scripts/medwatch/). Section A (the patient) is left to that
 * person: Vigil keeps no patient data. Field numbers follow Form 3500.
 */
export function medWatchFields(
  view: CaseView,
  devices: readonly DeviceRecord[],
  generatedAt: string,
): string {
  const alerts = view.timeline.filter((entry) => entry.kind === 'alert');
  const firstSeen = alerts[0]?.at ?? view.openedAt;
  const attribute = (device: DeviceRecord, name: string) =>
    device.attributes.find((candidate) => candidate.name === name)?.value ?? 'unknown';
  const unknown = (value: string | null | undefined) => value ?? 'unknown';
  const describe = [
    `Cybersecurity incident ${view.id} (${view.title}), discovered ${view.discoveredOn}.`,
    ...alerts.map((entry) => `${entry.at}: ${entry.summary}`),
    ...(view.evidence.length === 0
      ? []
      : [
          `Packet capture kept as evidence: ${view.evidence.map((evidence) => `SHA-256 ${evidence.sha256}`).join(', ')}.`,
        ]),
  ];
  return [
    `# FDA MedWatch Form 3500 (voluntary): device problem fields for ${view.id}`,
    '',
    `Drafted ${generatedAt} by Vigil from the case. Check each field before filing; fields marked "to be completed" are not known from the network.`,
    '',
    '## Section A: patient information',
    '',
    '- A1-A6 (identifier, age, sex, weight, ethnicity, race): to be completed, if a patient was involved; Vigil keeps no patient data.',
    '',
    '## Section B: adverse event or product problem',
    '',
    '- B1 Check all that apply: product problem (malfunction; cybersecurity).',
    '- B2 Outcome attributed to the adverse event: to be completed (none, if no patient was harmed).',
    `- B3 Date of event: ${firstSeen.slice(0, 10)}`,
    `- B4 Date of this report: ${generatedAt.slice(0, 10)}`,
    `- B5 Describe event or problem: ${describe.join(' ')}`,
    '- B6 Relevant tests or laboratory data: none.',
    `- B7 Other relevant history: ${
      view.isolations.some((isolation) => isolation.appliedAt !== null)
        ? `the device was isolated from the network (${view.isolations
            .filter((isolation) => isolation.appliedAt !== null)
            .map(
              (isolation) =>
                `from ${isolation.appliedAt}${isolation.liftedAt === null ? '' : ` to ${isolation.liftedAt}`}`,
            )
            .join('; ')}).`
        : 'none recorded.'
    }`,
    '',
    '## Section D: suspect medical device',
    '',
    ...(devices.length === 0
      ? ['No device is part of the case.']
      : devices.flatMap((device, index) => [
          `Device ${index + 1} of ${devices.length}:`,
          '',
          `- D1 Brand name: ${unknown(device.model)}`,
          `- D2a Common device name: ${unknown(device.type)}`,
          '- D2b Procode: to be completed (from the FDA product classification database)',
          `- D3 Manufacturer name, city and state: ${unknown(device.manufacturer ?? device.vendor)}`,
          `- D4 Model #: ${unknown(device.model)}; serial #: ${attribute(device, 'serial-number')}; software or firmware version: ${unknown(device.firmware)}; lot #, catalog #, expiration date, UDI: to be completed`,
          '- D5 Operator of device: health professional',
          '- D6 Implanted or explanted: not applicable',
          '- D7 Single-use device reprocessed and reused: no',
          `- D8 Network addresses (for the manufacturer): ${[...device.ips, ...device.macs].join(', ') || 'none'}`,
          '',
        ])),
    '## Section G: reporter',
    '',
    `- G1 Name, address, phone, email: to be completed (the case owner is ${view.owner ?? 'not set'}).`,
    '- G2 Health professional: yes. G3 Occupation: to be completed.',
    '- G4 Also reported to: the manufacturer, if notified (vigil case report --kind manufacturer).',
    '',
  ].join('\n');
}
