import { useState } from 'react';
import type { FleetVulnerability } from '../../../src/intel/fleet-vulnerability.js';
import { queryString } from '../api.js';
import { DeviceLink } from '../components/DeviceLink.js';
import { SearchField } from '../components/SearchField.js';
import type { Page } from '../types.js';
import { useApi } from '../use-api.js';

interface AffectedDevice {
  deviceId: string;
  name: string;
  type: string | null;
  certainty: string;
  status: string;
  recommendedActions: string[];
}

/** Vulnerabilities across the fleet, KEV first; one opens to the devices it is matched to. */
export function Vulnerabilities() {
  const [page, setPage] = useState(0);
  const [kevOnly, setKevOnly] = useState(false);
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const { data, error } = useApi<Page<FleetVulnerability>>(
    `/api/v1/vulnerabilities${queryString({ page, pageSize: 50, kev: kevOnly || undefined, q: search || undefined })}`,
  );
  const affected = useApi<AffectedDevice[]>(
    open ? `/api/v1/vulnerabilities/${encodeURIComponent(open)}/devices` : null,
  );
  return (
    <section>
      <h1>Vulnerabilities</h1>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <SearchField
          value={search}
          placeholder="CVE or title"
          onChange={(value) => {
            setSearch(value);
            setPage(0);
          }}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={kevOnly}
            onChange={(event) => {
              setKevOnly(event.target.checked);
              setPage(0);
            }}
          />
          KEV only
        </label>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p className="muted">{data ? `${data.total} vulnerabilities matched` : 'Loading…'}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">CVE</th>
            <th scope="col">Title</th>
            <th scope="col" className="number">
              CVSS
            </th>
            <th scope="col" className="number">
              EPSS
            </th>
            <th scope="col">KEV</th>
            <th scope="col" className="number">
              Devices
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {data?.rows.map((row) => (
            <tr key={row.id}>
              <td>
                <button
                  type="button"
                  className="link-button"
                  aria-expanded={open === row.id}
                  onClick={() => setOpen(open === row.id ? null : row.id)}
                >
                  {row.id}
                </button>
              </td>
              <td>{row.title ?? ''}</td>
              <td className="number">{row.cvss?.toFixed(1) ?? '—'}</td>
              <td className="number">{row.epss?.toFixed(3) ?? '—'}</td>
              <td>{row.kevDateAdded ?? ''}</td>
              <td className="number">
                {row.devices} ({row.certainDevices} certain)
              </td>
              <td>
                {Object.entries(row.statuses)
                  .map(([status, count]) => `${status} ${count}`)
                  .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
          Previous
        </button>
        <span>Page {page + 1}</span>
        <button
          type="button"
          disabled={!data || (page + 1) * 50 >= data.total}
          onClick={() => setPage(page + 1)}
        >
          Next
        </button>
      </nav>
      {open && (
        <section className="panel" aria-label={`Devices affected by ${open}`}>
          <h2>Devices affected by {open}</h2>
          <ul>
            {affected.data?.map((device) => (
              <li key={device.deviceId}>
                <DeviceLink id={device.deviceId} name={device.name} /> ({device.type ?? 'unclassified'}) ·{' '}
                {device.certainty} · {device.status}
                {device.recommendedActions[0] ? (
                  <span className="muted"> · {device.recommendedActions[0]}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
