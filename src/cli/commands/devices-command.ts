import type { Command } from 'commander';
import { attributeValues, type DeviceRecord } from '../../inventory/device-record.js';
import { storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';

export function registerDevicesCommand(program: Command): void {
  program
    .command('devices')
    .description('list the devices in the store')
    .option('--db <location>', storeOptionDescription)
    .option('--json', 'print a JSON array of devices')
    .action(async (options: { db?: string; json?: boolean }) => {
      const devices = await withStore(options.db, (store) => store.devices.list());
      if (options.json) {
        process.stdout.write(`${JSON.stringify(devices, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${formatDeviceTable(devices)}\n${devices.length} devices\n`);
    });

  program
    .command('device')
    .description('show one device, found by id, MAC or IP address')
    .argument('<id|mac|ip>', 'device id (dev-…), MAC address or IP address')
    .option('--db <location>', storeOptionDescription)
    .option('--json', 'print the device as JSON')
    .action(async (query: string, options: { db?: string; json?: boolean }) => {
      const device = await withStore(options.db, (store) => store.devices.find(query));
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

export function formatDeviceTable(devices: readonly DeviceRecord[]): string {
  return formatTable(
    ['ID', 'MAC', 'IP', 'HOSTNAME', 'VENDOR', 'ROLE', 'PROTOCOLS', 'FINDINGS', 'LAST SEEN'],
    devices.map((device) => [
      device.id,
      device.macs.join(' '),
      device.ips.join(' '),
      device.hostnames.join(' '),
      device.vendor ?? '',
      // A clinical role when traffic showed one, else the network role (dhcp-server, modbus-server, …).
      device.roles[0] ?? attributeValues(device.attributes, 'role')[0] ?? '',
      device.protocols.join(','),
      device.findings.length === 0 ? '' : `${device.findings.length} (${device.findings[0]!.severity})`,
      device.lastSeen.slice(0, 19).replace('T', ' '),
    ]),
  );
}

function formatDeviceDetail(device: DeviceRecord): string {
  const header = [
    `device     ${device.id}`,
    `macs       ${device.macs.join(', ') || '-'}`,
    `ips        ${device.ips.join(', ') || '-'}`,
    `hostnames  ${device.hostnames.join(', ') || '-'}`,
    `vendor     ${device.vendor ?? '-'}`,
    `identity   ${[device.manufacturer, device.model, device.firmware].filter((part) => part !== null).join(' / ') || '-'}`,
    `roles      ${device.roles.join(', ') || '-'}`,
    `protocols  ${device.protocols.join(', ') || '-'}`,
    `findings   ${device.findings.length}`,
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
  if (device.findings.length === 0) return `${header}${evidence}`;
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
  return `${header}${evidence}\n\nFINDINGS\n${findings}`;
}
