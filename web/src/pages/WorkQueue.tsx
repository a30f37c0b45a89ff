import { type FormEvent, useState } from 'react';
import {
  type WorkItem,
  type WorkItemStatus,
  workItemStatuses,
  workItemStatusLabels,
} from '../../../src/risk/work-item.js';
import { api, queryString } from '../api.js';
import { DeviceLink } from '../components/DeviceLink.js';
import { RiskBadge } from '../components/RiskBadge.js';
import { useCan } from '../session.js';
import { useApi } from '../use-api.js';

const kindLabels: Record<WorkItem['kind'], string> = {
  finding: 'Weaknesses seen in traffic',
  advisory: 'Advisories to apply',
  identify: 'Devices to identify',
};

/**
 * The fix-first work queue: what to do first across the fleet, each item with every device it
 * concerns, its remedy, owner, due date and status; exportable as the CLI's CSV.
 */
export function WorkQueue() {
  const [kind, setKind] = useState<WorkItem['kind'] | ''>('');
  const { data, error, reload } = useApi<{ items: WorkItem[]; total: number }>(
    `/api/v1/work-queue${queryString({ kind: kind || undefined })}`,
  );
  const [open, setOpen] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const canEdit = useCan('vulnerabilities:write');
  return (
    <section>
      <h1>Work queue</h1>
      <p className="muted">
        Findings and vulnerabilities grouped across the fleet, ranked by the risk each removes: the points its
        factors add to its devices' scores.
      </p>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Show{' '}
          <select value={kind} onChange={(event) => setKind(event.target.value as WorkItem['kind'] | '')}>
            <option value="">everything</option>
            {Object.entries(kindLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <a className="button" href="/api/v1/work-queue/export.csv" download>
          Export CSV
        </a>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {data === null ? (
        <p className="loading">Loading…</p>
      ) : data.items.length === 0 ? (
        <p className="muted">
          Nothing to do: no finding, no matched vulnerability and no device left to identify. Ingest traffic
          (vigil ingest) and import advisories (vigil feeds import) to fill the queue.
        </p>
      ) : (
        <table className="work-queue">
          <thead>
            <tr>
              <th scope="col" className="number">
                #
              </th>
              <th scope="col">What to do</th>
              <th scope="col">Severity</th>
              <th scope="col" className="number">
                Risk removed
              </th>
              <th scope="col">Owner</th>
              <th scope="col">Due</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((item, index) => (
              <WorkItemRows
                key={item.id}
                item={item}
                rank={index + 1}
                isOpen={open === item.id}
                onToggle={() => setOpen(open === item.id ? null : item.id)}
                isEditing={editing === item.id}
                canEdit={canEdit}
                onEdit={() => setEditing(editing === item.id ? null : item.id)}
                onSaved={() => {
                  setEditing(null);
                  reload();
                }}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function WorkItemRows(props: {
  item: WorkItem;
  rank: number;
  isOpen: boolean;
  onToggle: () => void;
  isEditing: boolean;
  canEdit: boolean;
  onEdit: () => void;
  onSaved: () => void;
}) {
  const { item } = props;
  return (
    <>
      <tr className={item.status === 'done' || item.status === 'accepted' ? 'closed' : undefined}>
        <td className="number">{props.rank}</td>
        <td>
          <button type="button" className="link-button" aria-expanded={props.isOpen} onClick={props.onToggle}>
            {item.title}
          </button>
        </td>
        <td>
          <RiskBadge level={item.severity} />
        </td>
        <td className="number">{item.riskReduced.toFixed(1)}</td>
        <td>{item.owner ?? <span className="muted">unassigned</span>}</td>
        <td>{item.dueDate}</td>
        <td>
          {workItemStatusLabels[item.status]}
          {props.canEdit && (
            <>
              {' '}
              <button
                type="button"
                className="link-button"
                onClick={props.onEdit}
                aria-expanded={props.isEditing}
              >
                change
              </button>
            </>
          )}
        </td>
      </tr>
      {props.isEditing && (
        <tr>
          <td />
          <td colSpan={6}>
            <WorkItemForm item={item} onSaved={props.onSaved} />
          </td>
        </tr>
      )}
      {props.isOpen && (
        <tr className="details">
          <td />
          <td colSpan={6}>
            <p>
              <strong>Remedy:</strong> {item.remedy}
            </p>
            <p className="muted">
              {item.severity}: {item.severityBasis}. Suggested due date {item.suggestedDueDate}.
              {item.updatedBy ? ` Last set by ${item.updatedBy} on ${item.updatedAt?.slice(0, 10)}.` : ''}
              {item.note ? ` Note: ${item.note}` : ''}
            </p>
            {item.kind === 'advisory' && (
              <p className="muted">Vulnerabilities: {item.references.join(', ')}</p>
            )}
            <p>All {item.devicesSummary}:</p>
            <ul className="columns">
              {item.devices.map((device) => (
                <li key={device.deviceId}>
                  <DeviceLink id={device.deviceId} name={device.name} />{' '}
                  <span className="muted">
                    {device.type ?? 'untyped'} · risk {device.riskScore.toFixed(1)}
                  </span>
                </li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    </>
  );
}

function WorkItemForm({ item, onSaved }: { item: WorkItem; onSaved: () => void }) {
  const [status, setStatus] = useState<WorkItemStatus>(item.status === 'open' ? 'in-progress' : item.status);
  const [owner, setOwner] = useState(item.owner ?? '');
  const [dueDate, setDueDate] = useState(item.dueDate);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api(`/api/v1/work-queue/${encodeURIComponent(item.id)}`, {
        method: 'PUT',
        body: {
          status,
          ...(owner.trim() ? { owner: owner.trim() } : {}),
          ...(dueDate ? { dueDate } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      });
      onSaved();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  return (
    <form
      className="inline-form"
      onSubmit={(event) => void submit(event)}
      aria-label={`Change ${item.title}`}
    >
      <label>
        Status{' '}
        <select value={status} onChange={(event) => setStatus(event.target.value as WorkItemStatus)}>
          {workItemStatuses.map((value) => (
            <option key={value} value={value}>
              {workItemStatusLabels[value]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Owner <input value={owner} onChange={(event) => setOwner(event.target.value)} maxLength={100} />
      </label>
      <label>
        Due <input type="date" value={dueDate} onChange={(event) => setDueDate(event.target.value)} />
      </label>
      <label>
        Why{' '}
        <input
          value={note}
          onChange={(event) => setNote(event.target.value)}
          maxLength={500}
          required={status === 'accepted'}
          placeholder={
            status === 'accepted' ? 'why the risk is accepted (required)' : 'change number, what was done'
          }
        />
      </label>
      <button type="submit">Save (recorded in the audit log)</button>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </form>
  );
}
