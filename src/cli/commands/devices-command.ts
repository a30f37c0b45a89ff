import { type Command, InvalidArgumentError } from 'commander';
import { deviceRecalls, deviceVulnerabilities } from '../../intel/device-vulnerabilities.js';
import { VendorNames } from '../../intel/matching/names.js';
import type { DeviceRecall, DeviceVulnerability } from '../../intel/vulnerability-view.js';
import { formatDeviceCsv } from '../../inventory/device-csv.js';
import { attributeValues, type DeviceEvent, type DeviceRecord } from '../../inventory/device-record.js';
import type { DeviceRisk } from '../../risk/assess-device.js';
import { assessFleet } from '../../risk/assess-fleet.js';
import { loadRiskModel } from '../../risk/risk-model.js';
import { storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';

export function registerDevicesCommand(program: Command): void {
  program
    .command('devices')
    .description('list the devices in the store')
    .option('--db <location>', storeOptionDescription)
    .option('--json', 'print a JSON array of devices (the same as --format json)')
    .option('--format <format>', 'table, json or csv', parseFormat, 'table')
    .option('--type <type>', 'only devices classified as this type (e.g. "infusion pump")')
    .option('--category <category>', 'only devices of this category (medical, IT, IoT, OT)')
    .action(
      async (options: {
        db?: string;
        json?: boolean;
        format: DeviceListFormat;
        type?: string;
        category?: string;
      }) => {
        const devices = (await withStore(options.db, (store) => store.devices.list())).filter(
          (device) =>
            (options.type === undefined || device.type?.toLowerCase() === options.type.toLowerCase()) &&
            (options.category === undefined ||
              device.category?.toLowerCase() === options.category.toLowerCase()),
        );
        const format = options.json ? 'json' : options.format;
        if (format === 'json') process.stdout.write(`${JSON.stringify(devices, null, 2)}\n`);
        else if (format === 'csv') process.stdout.write(formatDeviceCsv(devices));
        else process.stdout.write(`${formatDeviceTable(devices)}\n${devices.length} devices\n`);
      },
    );

  program
    .command('device')
    .description('show one device, found by id, MAC or IP address')
    .argument('<id|mac|ip>', 'device id (dev-…), MAC address or IP address')
    .option('--db <location>', storeOptionDescription)
    .option('--json', 'print the device as JSON')
    .action(async (query: string, options: { db?: string; json?: boolean }) => {
      const device = await withStore(options.db, async (store) => {
        const found = await store.devices.find(query);
        if (found === undefined) return undefined;
        return {
          ...found,
          history: await store.devices.history(found.id),
          vulnerabilities: await deviceVulnerabilities(store, [found.id]),
          vulnerabilityStatusHistory: await store.vulnerabilities.statusHistory(found.id),
          recalls: await deviceRecalls(store, found, VendorNames.load()),
          seenBy: await store.relay.sightingsOf(found.id),
          risk: (await assessFleet(store, loadRiskModel(), [found]))[0],
        };
      });
      if (device === undefined) {
        process.stderr.write(`vigil: no device with id, MAC or IP "${query}"\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(
        options.json ? `${JSON.stringify(device, null, 2)}\n` : `${formatDeviceDetail(device)}\n`,
      );
    });
}

type DeviceListFormat = 'table' | 'json' | 'csv';

function parseFormat(text: string): DeviceListFormat {
  if (text !== 'table' && text !== 'json' && text !== 'csv')
    throw new InvalidArgumentError(`expected table, json or csv, got "${text}"`);
  return text;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a leading =+-@ is neutralised for spreadsheets. */
export function formatDeviceTable(devices: readonly DeviceRecord[]): string {
  return formatTable(
    ['ID', 'MAC', 'IP', 'HOSTNAME', 'VENDOR', 'TYPE', 'ROLE', 'PROTOCOLS', 'FINDINGS', 'LAST SEEN'],
    devices.map((device) => [
      device.id,
      device.macs.join(' '),
      device.ips.join(' '),
      device.hostnames.join(' '),
      device.vendor ?? '',
      device.type ?? '',
      // A clinical role when traffic showed one, else the network role (dhcp-server, modbus-server, …).
      device.roles[0] ?? attributeValues(device.attributes, 'role')[0] ?? '',
      device.protocols.join(','),
      device.findings.length === 0 ? '' : `${device.findings.length} (${device.findings[0]!.severity})`,
      device.lastSeen.slice(0, 19).replace('T', ' '),
    ]),
  );
}

function formatDeviceDetail(
  device: DeviceRecord & {
    history: DeviceEvent[];
    vulnerabilities: DeviceVulnerability[];
    recalls: DeviceRecall[];
    risk: DeviceRisk | undefined;
  },
): string {
  const header = [
    `device     ${device.id}`,
    `macs       ${device.macs.join(', ') || '-'}`,
    `ips        ${device.ips.join(', ') || '-'}`,
    `hostnames  ${device.hostnames.join(', ') || '-'}`,
    `vendor     ${device.vendor ?? '-'}`,
    `type       ${formatClassified(device.classification.type)}`,
    `category   ${device.category ?? '-'}${device.classification.clinicalFunction === undefined ? '' : ` (${device.classification.clinicalFunction})`}`,
    `identity   ${[device.manufacturer, device.model, device.firmware].filter((part) => part !== null).join(' / ') || '-'}`,
    `roles      ${device.roles.join(', ') || '-'}`,
    `protocols  ${device.protocols.join(', ') || '-'}`,
    `findings   ${device.findings.length}`,
    `vulns      ${device.vulnerabilities.length}${device.vulnerabilities.length === 0 ? '' : ` (${device.vulnerabilities.filter((vulnerability) => vulnerability.kev !== null).length} in KEV, ${device.vulnerabilities.filter((vulnerability) => vulnerability.certainty === 'uncertain').length} uncertain)`}`,
    `risk       ${formatRiskLine(device.risk)}`,
    `recalls    ${device.recalls.map((recall) => `${recall.recallNumber} (class ${recall.recallClass}, ${recall.date})`).join(', ') || '-'}`,
    `seen       ${device.firstSeen} … ${device.lastSeen}`,
    '',
  ].join('\n');
  const evidence = formatTable(
    ['ATTRIBUTE', 'VALUE', 'SOURCE', 'CONFIDENCE', 'FIRST SEEN', 'EVIDENCE'],
    device.attributes.map((attribute) => [
      attribute.name,
      attribute.value,
      attribute.source,
      attribute.confidence.toFixed(2),
      attribute.firstSeen.slice(0, 19).replace('T', ' '),
      `${attribute.evidence.capture} #${attribute.evidence.packetNumber}`,
    ]),
  );
  const history = device.history
    .map((event) => {
      const change =
        event.attribute === null ? '' : ` ${event.attribute}: ${event.before ?? '-'} → ${event.after ?? '-'}`;
      const who =
        event.actor === 'ingest'
          ? ''
          : ` by ${event.actor}${event.reason === null ? '' : ` (${event.reason})`}`;
      return `${event.at.slice(0, 19).replace('T', ' ')}  ${event.kind}${change}${who}`;
    })
    .join('\n');
  const withHistory = history === '' ? `${header}${evidence}` : `${header}${evidence}\n\nHISTORY\n${history}`;
  const withVulnerabilities =
    device.vulnerabilities.length === 0
      ? withHistory
      : `${withHistory}\n\nVULNERABILITIES\n${device.vulnerabilities
          .map((vulnerability) =>
            [
              `${vulnerability.id}  ${vulnerability.cvss === null ? 'no CVSS' : `CVSS ${vulnerability.cvss.baseScore}`}${vulnerability.kev === null ? '' : ', KEV'}${vulnerability.epss === null ? '' : `, EPSS ${vulnerability.epss.score}`}  ${vulnerability.status.value}  ${vulnerability.certainty} ${vulnerability.confidence}`,
              `  why   ${vulnerability.evidence[0]?.why ?? '-'}`,
              ...vulnerability.recommendedActions.slice(0, 3).map((action) => `  do    ${action}`),
            ].join('\n'),
          )
          .join('\n')}`;
  if (device.findings.length === 0) return withVulnerabilities;
  // Each finding says what was seen, what was measured and what to do, with the packet that shows it.
  const findings = device.findings
    .map((finding) =>
      [
        `${finding.severity.toUpperCase()}  ${finding.type}: ${finding.summary}`,
        ...(finding.detail === null ? [] : [`  measured  ${finding.detail}`]),
        `  remedy    ${finding.remedy}`,
        `  evidence  ${finding.evidence.capture} #${finding.evidence.packetNumber}, seen ${finding.firstSeen.slice(0, 19).replace('T', ' ')} … ${finding.lastSeen.slice(0, 19).replace('T', ' ')}`,
      ].join('\n'),
    )
    .join('\n');
  return `${withVulnerabilities}\n\nFINDINGS\n${findings}`;
}

/** `73.0 critical: clinical function: patient-connected +29.3; …`: the score and its three largest factors. */
function formatRiskLine(risk: DeviceRisk | undefined): string {
  if (risk === undefined) return '-';
  const factors = risk.factors
    .slice(0, 3)
    .map(
      (factor) => `${factor.name} ${factor.contribution >= 0 ? '+' : ''}${factor.contribution.toFixed(1)}`,
    );
  return `${risk.score.toFixed(1)} ${risk.level}: ${factors.join('; ')}`;
}

/** `CT scanner (0.97: role-ct-modality, hostname-ct; also X-ray 0.60)`: the value, why, and what lost. */
function formatClassified(field: DeviceRecord['classification']['type']): string {
  if (field === undefined) return '- (no rule matched)';
  const rules = field.evidence.map((evidence) => evidence.rule).join(', ');
  const others = field.alternatives.map(
    (alternative) => `${alternative.value} ${alternative.confidence.toFixed(2)}`,
  );
  return `${field.value} (${field.confidence.toFixed(2)}: ${rules}${others.length === 0 ? '' : `; also ${others.join(', ')}`})`;
}
