import { useMemo } from 'react';
import type { Alert } from '../../../src/detect/alert.js';
import { severities } from '../../../src/detect/detection.js';
import { PartyName } from '../pages/Alerts.js';
import { riskColours } from '../risk-colours.js';
import { Link, navigate } from '../router.js';
import { useCan } from '../session.js';
import { useApi } from '../use-api.js';
import { barsOf, Chart } from './Chart.js';
import { RiskBadge } from './RiskBadge.js';

/**
 * The open alerts on the overview: how many of each severity (a bar opens the inbox filtered to
 * it) and the most urgent few with their attacker. Reloaded when an ingest lands new ones; shown
 * only to roles that may read alerts.
 */
export function OpenAlerts() {
  const canSee = useCan('alerts:read');
  const { data, error } = useApi<{ alerts: Alert[] }>(
    canSee ? '/api/v1/alerts?status=new,acknowledged,investigating&limit=1000' : null,
  );
  const alerts = data?.alerts ?? [];
  const bySeverity = useMemo(
    () =>
      [...severities].reverse().map((level) => ({
        label: level,
        count: alerts.filter((alert) => alert.severity === level).length,
        color: riskColours[level],
      })),
    [alerts],
  );
  if (!canSee) return null;
  const urgent = [...alerts]
    .sort(
      (a, b) =>
        severities.indexOf(b.severity) - severities.indexOf(a.severity) ||
        b.lastSeen.localeCompare(a.lastSeen),
    )
    .slice(0, 5);
  return (
    <section className="panel" aria-labelledby="open-alerts">
      <h2 id="open-alerts">Open alerts</h2>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : data === null ? (
        <p className="loading">Loading…</p>
      ) : alerts.length === 0 ? (
        <p className="muted">
          None open: nothing detected in the traffic ingested, or every alert was worked.
        </p>
      ) : (
        // Across the overview's width: the bars beside the five most urgent.
        <div className="grid-2">
          <Chart
            option={barsOf(bySeverity)}
            label={`Open alerts by severity: ${bySeverity.map((entry) => `${entry.label} ${entry.count}`).join(', ')}`}
            height={150}
            onSelect={(level) => navigate(`/alerts?severity=${encodeURIComponent(level)}`)}
          />
          <ol className="work-list">
            {urgent.map((alert) => (
              <li key={alert.id}>
                <RiskBadge level={alert.severity} /> {alert.summary}
                <div className="muted small">
                  {alert.type} from{' '}
                  {alert.sources[0] ? <PartyName party={alert.sources[0]} /> : 'an unknown source'} ·{' '}
                  {alert.count} times · last {alert.lastSeen.replace('T', ' ').slice(0, 19)}
                </div>
              </li>
            ))}
          </ol>
        </div>
      )}
      <p>
        <Link to="/alerts">The alert inbox{alerts.length > 0 ? ` (${alerts.length} open)` : ''}</Link>
      </p>
    </section>
  );
}
