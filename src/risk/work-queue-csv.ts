import { csvText } from '../csv-text.js';
import type { WorkItem } from './work-item.js';

export const workQueueCsvColumns = [
  'rank',
  'id',
  'title',
  'severity',
  'devices',
  'risk_reduced',
  'remedy',
  'owner',
  'due_date',
  'status',
  'device_ids',
] as const;

/** The work queue as CSV, the same from `vigil queue --format csv` and the console's export. */
export function formatWorkQueueCsv(items: readonly WorkItem[]): string {
  return csvText([
    [...workQueueCsvColumns],
    ...items.map((item, index) => [
      String(index + 1),
      item.id,
      item.title,
      item.severity,
      String(item.devices.length),
      item.riskReduced.toFixed(1),
      item.remedy,
      item.owner ?? '',
      item.dueDate,
      item.status,
      item.devices.map((device) => device.deviceId).join(' '),
    ]),
  ]);
}
