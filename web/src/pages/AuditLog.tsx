import { useState } from 'react';
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

/** The audit log, newest first, and a check of its hash chain. */
export function AuditLog() {
  const [search, setSearch] = useState('');
  const [before, setBefore] = useState<number | undefined>(undefined);
  const { data, error } = useApi<{ rows: AuditRow[] }>(
    `/api/v1/audit${queryString({ limit: 100, before, q: search || undefined })}`,
  );
  const [verifying, setVerifying] = useState(false);
  const verification = useApi<{ rows: number; broken: { seq: number; problem: string } | null }>(
    verifying ? '/api/v1/audit/verify' : null,
  );
  const rows = data?.rows ?? [];
  return (
    <section>
      <h1>Audit log</h1>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <SearchField
          value={search}
          placeholder="who, action or target"
          onChange={(value) => {
            setSearch(value);
            setBefore(undefined);
          }}
        />
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
            <tr key={row.seq}>
              <td className="number">{row.seq}</td>
              <td>{row.at.slice(0, 19).replace('T', ' ')}</td>
              <td>{row.actor}</td>
              <td>{row.action}</td>
              <td>{row.target}</td>
              <td className="clip">{row.before ?? ''}</td>
              <td className="clip">{row.after ?? ''}</td>
            </tr>
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
