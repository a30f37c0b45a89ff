import { csvText } from '../csv-text.js';
import type { DeviceRecord } from './device-record.js';

const csvColumns = [
  'id',
  'macs',
  'ips',
  'hostnames',
  'vendor',
  'type',
  'category',
  'type_confidence',
  'manufacturer',
  'model',
  'firmware',
  'roles',
  'protocols',
  'findings',
  'first_seen',
  'last_seen',
];

/** The inventory as CSV for spreadsheets and asset systems; lists are joined with spaces or `; `. */
export function formatDeviceCsv(devices: readonly DeviceRecord[]): string {
  const rows = devices.map((device) => [
    device.id,
    device.macs.join(' '),
    device.ips.join(' '),
    device.hostnames.join(' '),
    device.vendor ?? '',
    device.type ?? '',
    device.category ?? '',
    device.classification.type === undefined ? '' : device.classification.type.confidence.toFixed(2),
    device.manufacturer ?? '',
    device.model ?? '',
    device.firmware ?? '',
    device.roles.join('; '),
    device.protocols.join(' '),
    device.findings.map((finding) => finding.type).join(' '),
    device.firstSeen,
    device.lastSeen,
  ]);
  return csvText([csvColumns, ...rows]);
}
