import { Fragment, useState } from 'react';
import type { Alert, AlertParty } from '../../../src/detect/alert.js';
import { api, queryString } from '../api.js';
import { DeviceLink } from '../components/DeviceLink.js';
import { RiskBadge } from '../components/RiskBadge.js';
import { usePath } from '../router.js';
import { useCan } from '../session.js';
import { useApi } from '../use-api.js';

const openStatuses = 'new,acknowledged,investigating';

/** MITRE's page of a technique: T1557.002 lives at /techniques/T1557/002. */
export function techniqueUrl(id: string): string {
  return `https://attack.mitre.org/techniques/${id.replace('.', '/')}`;
}

export function PartyName({ party }: { party: AlertParty }) {
  const name = party.ip ?? party.mac ?? 'unknown';
  return party.deviceId ? <DeviceLink id={party.deviceId} name={name} /> : <span>{name}</span>;
}

export function Techniques({ ids }: { ids: string[] }) {
  return (
    <>
      {ids.map((id, index) => (
        <Fragment key={id}>
          {index > 0 ? ' ' : ''}
          <a href={techniqueUrl(id)} target="_blank" rel="noreferrer">
            {id}
          </a>
        </Fragment>
      ))}
    </>
  );
}

function Parties({ list }: { list: AlertParty[] }) {
  if (list.length === 0) return <span className="muted">—</span>;
  return (
    <>
      <PartyName party={list[0]!} />
      {list.length > 1 ? <span className="muted"> +{list.length - 1}</span> : null}
    </>
  );
}

/** The alert inbox: filters, bulk acknowledge, and each alert opened to its evidence and actions. */
export function Alerts() {
  const [status, setStatus] = useState(openStatuses);
  const path = usePath();
  // The overview's severity bars open the inbox at one severity and above.
  const [severity, setSeverity] = useState(
    new URLSearchParams(path.split('?')[1] ?? '').get('severity') ?? '',
  );
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const canWork = useCan('alerts:write');
  const { data, error, reload } = useApi<{ alerts: Alert[] }>(
    `/api/v1/alerts${queryString({ status: status || undefined, severity: severity || undefined, limit: 500 })}`,
  );
  const alerts = data?.alerts ?? [];
  const change = async (ids: string[], body: Record<string, string>) => {
    setProblem(null);
    try {
      for (const id of ids) await api(`/api/v1/alerts/${id}`, { method: 'PATCH', body });
      setSelected(new Set());
    } catch (failure) {
      setProblem((failure as Error).message);
    }
    reload();
  };
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <section>
      <h1>Alerts</h1>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Status
          <select value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value={openStatuses}>open</option>
            <option value="new">new</option>
            <option value="acknowledged">acknowledged</option>
            <option value="investigating">investigating</option>
            <option value="resolved">resolved</option>
            <option value="false-positive">false positive</option>
            <option value="">any</option>
          </select>
        </label>
        <label>
          Severity
          <select value={severity} onChange={(event) => setSeverity(event.target.value)}>
            <option value="">any</option>
            <option value="medium">medium and above</option>
            <option value="high">high and above</option>
            <option value="critical">critical</option>
          </select>
        </label>
        {canWork ? (
          <button
            type="button"
            disabled={selected.size === 0}
            onClick={() => void change([...selected], { status: 'acknowledged' })}
          >
            Acknowledge {selected.size > 0 ? selected.size : ''} selected
          </button>
        ) : null}
      </form>
      {error ? <p role="alert">{error}</p> : null}
      {problem ? <p role="alert">{problem}</p> : null}
      <p className="muted">
        {alerts.length} alerts. Traffic raises them during each ingest; repeats by the same source add to one
        alert.
      </p>
      <table>
        <thead>
          <tr>
            {canWork ? (
              <th scope="col">
                <span className="visually-hidden">Select</span>
              </th>
            ) : null}
            <th scope="col">Severity</th>
            <th scope="col">What</th>
            <th scope="col">Source</th>
            <th scope="col">Target</th>
            <th scope="col">Count</th>
            <th scope="col">Last seen</th>
            <th scope="col">Status</th>
            <th scope="col">ATT&amp;CK</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((alert) => (
            <Fragment key={alert.id}>
              <tr>
                {canWork ? (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`select ${alert.id}`}
                      checked={selected.has(alert.id)}
                      onChange={() => toggle(alert.id)}
                    />
                  </td>
                ) : null}
                <td>
                  <RiskBadge level={alert.severity} />
                </td>
                <td>
                  <button
                    type="button"
                    className="link-button"
                    aria-expanded={open === alert.id}
                    onClick={() => setOpen(open === alert.id ? null : alert.id)}
                  >
                    {alert.summary}
                  </button>
                </td>
                <td>
                  <Parties list={alert.sources} />
                </td>
                <td>
                  <Parties list={alert.targets} />
                </td>
                <td>{alert.count}</td>
                <td>{alert.lastSeen.replace('T', ' ').slice(0, 19)}</td>
                <td>
                  {alert.status}
                  {alert.assignee ? <span className="muted"> ({alert.assignee})</span> : null}
                </td>
                <td>
                  <Techniques ids={alert.techniques} />
                </td>
              </tr>
              {open === alert.id ? (
                <tr>
                  <td colSpan={canWork ? 9 : 8}>
                    <AlertDetail
                      alert={alert}
                      canWork={canWork}
                      onChange={(body) => void change([alert.id], body)}
                    />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function AlertDetail({
  alert,
  canWork,
  onChange,
}: {
  alert: Alert;
  canWork: boolean;
  onChange: (body: Record<string, string>) => void;
}) {
  const [note, setNote] = useState(alert.note ?? '');
  const [assignee, setAssignee] = useState(alert.assignee ?? '');
  return (
    <div className="alert-detail">
      <p>
        <strong>{alert.type}</strong> · {alert.id} · first seen{' '}
        {alert.firstSeen.replace('T', ' ').slice(0, 19)}
      </p>
      <p>
        <strong>What to do:</strong> {alert.remedy}
      </p>
      <dl>
        <dt>Sources</dt>
        <dd>
          {alert.sources.map((party, index) => (
            <Fragment key={`${party.ip}-${party.mac}`}>
              {index > 0 ? ', ' : ''}
              <PartyName party={party} />
            </Fragment>
          ))}
        </dd>
        <dt>Targets</dt>
        <dd>
          {alert.targets.map((party, index) => (
            <Fragment key={`${party.ip}-${party.mac}`}>
              {index > 0 ? ', ' : ''}
              <PartyName party={party} />
            </Fragment>
          ))}
        </dd>
        {Object.entries(alert.detail)
          // The targets are listed above; `hosts` and `addresses` repeat them.
          .filter(([name]) => !['severityBase', 'hosts', 'addresses'].includes(name))
          .map(([name, values]) => (
            <Fragment key={name}>
              <dt>{name}</dt>
              <dd>{values.join(', ')}</dd>
            </Fragment>
          ))}
      </dl>
      <h2>Evidence</h2>
      <ul>
        {alert.evidence.map((item) => (
          <li key={`${item.capture}-${item.packetNumber}-${item.note}`}>
            {item.capture}, packet {item.packetNumber}
            {item.seen ? ` at ${item.seen.replace('T', ' ').slice(0, 19)}` : ''}: {item.note}
          </li>
        ))}
      </ul>
      {canWork ? (
        <form className="filters" onSubmit={(event) => event.preventDefault()}>
          <label>
            Note
            <input value={note} onChange={(event) => setNote(event.target.value)} />
          </label>
          <label>
            Assignee
            <input value={assignee} onChange={(event) => setAssignee(event.target.value)} />
          </label>
          <button type="button" onClick={() => onChange({ status: 'investigating', note, assignee })}>
            Investigate
          </button>
          <button type="button" onClick={() => onChange({ status: 'resolved', note })}>
            Resolve
          </button>
          <button type="button" onClick={() => onChange({ status: 'false-positive', note })}>
            False positive
          </button>
        </form>
      ) : null}
    </div>
  );
}
