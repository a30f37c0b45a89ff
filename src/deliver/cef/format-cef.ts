import type { Alert } from '../../detect/alert.js';
import type { Severity } from '../../detect/detection.js';

/** CEF severities run 0–10; ArcSight reads 0–3 low, 4–6 medium, 7–8 high, 9–10 very high. */
const cefSeverity: Record<Severity, number> = { low: 3, medium: 5, high: 8, critical: 10 };

/** Header fields escape `\` and `|` (ArcSight CEF, "Character encoding"). */
function headerValue(value: string): string {
  return value.replace(/[\\|]/g, (character) => `\\${character}`).replace(/[\r\n]+/g, ' ');
}

/** Extension values escape `\` and `=` and write line breaks as `\n`. */
function extensionValue(value: string): string {
  return value.replace(/[\\=]/g, (character) => `\\${character}`).replace(/\r?\n/g, '\\n');
}

/**
 * An alert as an ArcSight Common Event Format line, the form most SIEMs parse without a plug-in:
 * vendor and product Vigil, the alert type as signature id, its summary as name, and the first
 * source and target in `src`/`smac`/`dst`/`dmac`, times in milliseconds, the count in `cnt`, the
 * ATT&CK techniques, alert id and status in labelled custom strings.
 */
export function formatCef(alert: Alert, version: string): string {
  const source = alert.sources[0];
  const target = alert.targets[0];
  const extension: [string, string | number | null | undefined][] = [
    ['rt', Date.parse(alert.lastSeen)],
    ['start', Date.parse(alert.firstSeen)],
    ['end', Date.parse(alert.lastSeen)],
    ['cnt', alert.count],
    ['src', source?.ip],
    ['smac', source?.mac],
    ['dst', target?.ip],
    ['dmac', target?.mac],
    ['cs1Label', 'techniques'],
    ['cs1', alert.techniques.join(',')],
    ['cs2Label', 'alertId'],
    ['cs2', alert.id],
    ['cs3Label', 'status'],
    ['cs3', alert.status],
    ['cn1Label', 'targets'],
    ['cn1', alert.targets.length],
    ['msg', alert.remedy],
  ];
  const header = [
    'CEF:0',
    'Vigil',
    'Vigil',
    version,
    alert.type,
    alert.summary,
    String(cefSeverity[alert.severity]),
  ]
    .map((field, index) => (index === 0 ? field : headerValue(field)))
    .join('|');
  const fields = extension
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([name, value]) => `${name}=${extensionValue(String(value))}`)
    .join(' ');
  return `${header}|${fields}`;
}
