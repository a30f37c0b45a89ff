import type { Alert } from '../../../src/detect/alert.js';
import { PartyName, Techniques } from '../pages/Alerts.js';
import { Link } from '../router.js';
import { useCan } from '../session.js';
import { useApi } from '../use-api.js';
import { RiskBadge } from './RiskBadge.js';

/** The open alerts naming a device as a target, on its page; nothing for a role without alerts. */
export function DeviceAlerts({ deviceId }: { deviceId: string }) {
  const canSee = useCan('alerts:read');
  const { data } = useApi<{ alerts: Alert[] }>(
    canSee ? `/api/v1/alerts?device=${encodeURIComponent(deviceId)}` : null,
  );
  const alerts = data?.alerts ?? [];
  if (!canSee || alerts.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">Open alerts ({alerts.length})</h2>
      <ul>
        {alerts.map((alert) => (
          <li key={alert.id}>
            <RiskBadge level={alert.severity} /> {alert.summary} — from{' '}
            {alert.sources[0] ? <PartyName party={alert.sources[0]} /> : 'unknown'}, {alert.count} times, last{' '}
            {alert.lastSeen.replace('T', ' ').slice(0, 19)} · <Techniques ids={alert.techniques} /> ·{' '}
            <Link to="/alerts">{alert.status}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
