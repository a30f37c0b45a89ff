import type { Alert } from '../../detect/alert.js';
import type { Severity } from '../../detect/detection.js';

/** RFC 5424 §6.2.1 severities: critical 2, error 3, warning 4, notice 5. */
const syslogSeverity: Record<Severity, number> = { critical: 2, high: 3, medium: 4, low: 5 };

/** Facility local4 (20): security tools conventionally log to a local facility the SIEM routes. */
const facility = 20;

/**
 * The structured-data id: `name@<private enterprise number>` (RFC 5424 §7.2.2). 32473 is the
 * number RFC 5612 reserves for documentation and examples; a site that registers its own sets it
 * in its delivery file.
 */
export const defaultEnterpriseNumber = 32473;

/** Escapes a PARAM-VALUE: `"`, `\` and `]` get a backslash (RFC 5424 §6.3.3). */
function paramValue(value: string): string {
  return value.replace(/["\\\]]/g, (character) => `\\${character}`);
}

/** A header field: printable US-ASCII without spaces, at most `length` characters, or `-`. */
function headerField(value: string, length: number): string {
  const printable = value.replace(/[^\x21-\x7e]/g, '').slice(0, length);
  return printable === '' ? '-' : printable;
}

export function syslogPriority(severity: Severity): number {
  return facility * 8 + syslogSeverity[severity];
}

/**
 * An alert as one RFC 5424 message: PRI from its severity, the time it was last seen, the app
 * `vigil`, MSGID `ALERT`, its facts in a structured-data element, and `message` (its summary,
 * or a CEF line) as MSG in UTF-8 with the byte-order mark §6.4 asks for.
 *
 * @example
 * formatRfc5424(alert, { hostname: 'vigil-sensor-1' }) // '<163>1 2026-12-01T10:01:00.000Z vigil-sensor-1 vigil - ALERT [vigil@32473 id="alr-…" …] \uFEFF10.6.0.66 probed …'
 */
export function formatRfc5424(
  alert: Alert,
  options: { hostname: string; enterpriseNumber?: number; message?: string },
): string {
  const parties = (list: Alert['sources']) =>
    list
      .slice(0, 16)
      .map((party) => party.ip ?? party.mac ?? '')
      .filter(Boolean)
      .join(',');
  const params: [string, string][] = [
    ['id', alert.id],
    ['type', alert.type],
    ['severity', alert.severity],
    ['status', alert.status],
    ['count', String(alert.count)],
    ['firstSeen', alert.firstSeen],
    ['techniques', alert.techniques.join(',')],
    ['sources', parties(alert.sources)],
    ['targets', parties(alert.targets)],
  ];
  const element = `[vigil@${options.enterpriseNumber ?? defaultEnterpriseNumber} ${params
    .map(([name, value]) => `${name}="${paramValue(value)}"`)
    .join(' ')}]`;
  return [
    `<${syslogPriority(alert.severity)}>1`,
    alert.lastSeen,
    headerField(options.hostname, 255),
    'vigil',
    '-',
    'ALERT',
    element,
    `\uFEFF${(options.message ?? alert.summary).replace(/[\r\n]+/g, ' ')}`,
  ].join(' ');
}
