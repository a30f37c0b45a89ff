import { Fragment, useState } from 'react';
import { queryString } from '../api.js';
import { SearchField } from '../components/SearchField.js';
import { useApi } from '../use-api.js';

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  before: string | null;
  after: string | null;
  hash: string;
}

interface Facet {
  value: string;
  count: number;
}

/** A stored value as a person reads it: JSON laid out, anything else as it is. */
function readable(value: string | null): string {
  if (value === null) return '—';
  try {
    const parsed = JSON.parse(value) as unknown;
    return typeof parsed === 'object' && parsed !== null ? JSON.stringify(parsed, null, 2) : value;
  } catch {
    return value;
  }
}

/** A short line for the table: JSON objects as `key: value` pairs, long text cut with an ellipsis. */
function brief(value: string | null): string {
  if (value === null) return '';
  let text = value;
  try {
    const parsed = JSON.parse(value) as unknown;
    if (typeof parsed === 'object' && parsed !== null)
      text = Object.entries(parsed)
        .filter(([, field]) => field !== null)
        .map(([key, field]) => `${key}: ${typeof field === 'object' ? '…' : String(field)}`)
        .join(', ');
  } catch {
    // Plain text.
  }
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** The audit log, newest first, filtered by action, actor, days and text; each row opens to its values. */
export function AuditLog() {
  const [search, setSearch] = useState('');
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [before, setBefore] = useState<number | undefined>(undefined);
  const [open, setOpen] = useState<number | null>(null);
  const facets = useApi<{ actions: Facet[]; actors: Facet[] }>('/api/v1/audit/facets');
  const { data, error } = useApi<{ rows: AuditRow[] }>(
    `/api/v1/audit${queryString({
      limit: 100,
      before,
      q: search || undefined,
      action: action || undefined,
      actor: actor || undefined,
      from: from || undefined,
      to: to || undefined,
    })}`,
  );
  const [verifying, setVerifying] = useState(false);
  const verification = useApi<{ rows: number; broken: { seq: number; problem: string } | null }>(
    verifying ? '/api/v1/audit/verify' : null,
  );
  const rows = data?.rows ?? [];
  const filtered = search || action || actor || from || to;
  const reset =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setBefore(undefined);
      setOpen(null);
    };
  return (
    <section>
      <h1>Audit log</h1>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <SearchField value={search} placeholder="who, action or target" onChange={reset(setSearch)} />
        <label>
          Action
          <select value={action} onChange={(event) => reset(setAction)(event.target.value)}>
            <option value="">any</option>
            {facets.data?.actions.map((facet) => (
              <option key={facet.value} value={facet.value}>
                {facet.value} ({facet.count})
              </option>
            ))}
          </select>
        </label>
        <label>
          Who
          <select value={actor} onChange={(event) => reset(setActor)(event.target.value)}>
            <option value="">anyone</option>
            {facets.data?.actors.map((facet) => (
              <option key={facet.value} value={facet.value}>
                {facet.value} ({facet.count})
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={from} onChange={(event) => reset(setFrom)(event.target.value)} />
        </label>
        <label>
          To
          <input type="date" value={to} onChange={(event) => reset(setTo)(event.target.value)} />
        </label>
        <button type="button" onClick={() => setVerifying(true)}>
          Verify the chain
        </button>
        {verifying && verification.data && (
          <output className={verification.data.broken ? 'error' : 'ok'}>
            {verification.data.broken
              ? `Broken at row ${verification.data.broken.seq}: ${verification.data.broken.problem}`
              : `Intact: ${verification.data.rows} rows`}
          </output>
        )}
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {data !== null && rows.length === 0 && (
        <p className="empty">
          {filtered
            ? 'No change matches these filters: widen the days, or choose any action or anyone.'
            : 'Nothing recorded yet: imports, sign-ins and changes appear here as they happen.'}
        </p>
      )}
      <table className="audit">
        <thead>
          <tr>
            <th scope="col" className="number">
              #
            </th>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Fragment key={row.seq}>
              <tr>
                <td className="number">
                  <button
                    type="button"
                    className="link-button"
                    aria-expanded={open === row.seq}
                    aria-label={`Row ${row.seq}: show before and after`}
                    onClick={() => setOpen(open === row.seq ? null : row.seq)}
                  >
                    {row.seq}
                  </button>
                </td>
                <td>{row.at.slice(0, 19).replace('T', ' ')}</td>
                <td>{row.actor}</td>
                <td>{row.action}</td>
                <td>{row.target}</td>
                <td>{brief(row.before)}</td>
                <td>{brief(row.after)}</td>
              </tr>
              {open === row.seq && (
                <tr className="details">
                  <td />
                  <td colSpan={6}>
                    <div className="grid-2">
                      <div>
                        <strong>Before</strong>
                        <pre>{readable(row.before)}</pre>
                      </div>
                      <div>
                        <strong>After</strong>
                        <pre>{readable(row.after)}</pre>
                      </div>
                    </div>
                    <p className="muted small">Chained by hash {row.hash.slice(0, 16)}… to the row before.</p>
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={before === undefined} onClick={() => setBefore(undefined)}>
          Newest
        </button>
        <button
          type="button"
          disabled={rows.length < 100}
          onClick={() => setBefore(rows[rows.length - 1]?.seq)}
        >
          Older
        </button>
      </nav>
    </section>
  );
}
