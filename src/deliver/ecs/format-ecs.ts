import type { Alert } from '../../detect/alert.js';
import type { Severity } from '../../detect/detection.js';

const ecsSeverity: Record<Severity, number> = { low: 21, medium: 47, high: 73, critical: 99 };

/** ECS writes MACs upper-case with hyphens (RFC 7042 notation). */
function ecsMac(mac: string | null): string | undefined {
  return mac === null ? undefined : mac.toUpperCase().replaceAll(':', '-');
}

/**
 * An alert as one Elastic Common Schema document (ECS 8): `event.kind: alert`,
 * `event.category: intrusion_detection`, `rule.name` the alert type, `threat.technique.id` the
 * ATT&CK ids, the first source and target in `source.*` and `destination.*`, all parties and the
 * rest under `vigil.alert`. One JSON object per line in the file a shipper (Filebeat, Elastic
 * Agent, Fluent Bit) tails.
 */
export function formatEcs(alert: Alert): Record<string, unknown> {
  const source = alert.sources[0];
  const target = alert.targets[0];
  return {
    '@timestamp': alert.lastSeen,
    message: alert.summary,
    event: {
      kind: 'alert',
      category: ['intrusion_detection', 'network'],
      type: ['info'],
      id: alert.id,
      severity: ecsSeverity[alert.severity],
      start: alert.firstSeen,
      end: alert.lastSeen,
      module: 'vigil',
      dataset: 'vigil.alerts',
    },
    rule: { name: alert.type, id: alert.type, ruleset: 'vigil' },
    threat: {
      framework: 'MITRE ATT&CK',
      technique: { id: alert.techniques },
    },
    ...(source ? { source: { ip: source.ip ?? undefined, mac: ecsMac(source.mac) } } : {}),
    ...(target ? { destination: { ip: target.ip ?? undefined, mac: ecsMac(target.mac) } } : {}),
    observer: { vendor: 'Vigil', product: 'Vigil', type: 'ids' },
    vigil: {
      alert: {
        severity: alert.severity,
        status: alert.status,
        count: alert.count,
        remedy: alert.remedy,
        sources: alert.sources,
        targets: alert.targets,
        evidence: alert.evidence,
        detail: alert.detail,
      },
    },
  };
}
