import { Fragment, useState } from 'react';
import type { FleetVulnerability } from '../../../src/intel/fleet-vulnerability.js';
import { patchStatusLabel } from '../../../src/intel/patch-status.js';
import type { UnmatchedDevice } from '../../../src/intel/unmatched-device.js';
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
            setOpen(null);
          }}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={kevOnly}
            onChange={(event) => {
              setKevOnly(event.target.checked);
              setPage(0);
              setOpen(null);
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
      <p className="muted">
        {data
          ? `${data.total === 1 ? '1 vulnerability' : `${data.total} vulnerabilities`} matched`
          : 'Loading…'}
      </p>
      {data !== null && data.total === 0 && (
        <p className="empty">
          {search || kevOnly
            ? 'No matched vulnerability fits this search. Clear it, or search by part of a CVE id or title.'
            : 'No vulnerability matched: import advisories and catalogues (vigil feeds import data/reference/csaf-icsma data/reference/kev). Devices whose model is unknown cannot be matched: they are listed below.'}
        </p>
      )}
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
            <Fragment key={row.id}>
              <tr>
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
                    .map(([status, count]) => `${patchStatusLabel(status)} ${count}`)
                    .join(', ')}
                </td>
              </tr>
              {open === row.id && (
                <tr className="details">
                  <td colSpan={7}>
                    <AffectedDevices id={row.id} devices={affected.data} loading={affected.loading} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          disabled={page === 0}
          onClick={() => {
            setPage(page - 1);
            setOpen(null);
          }}
        >
          Previous
        </button>
        <span>Page {page + 1}</span>
        <button
          type="button"
          disabled={!data || (page + 1) * 50 >= data.total}
          onClick={() => {
            setPage(page + 1);
            setOpen(null);
          }}
        >
          Next
        </button>
      </nav>
      <UnmatchedDevices />
    </section>
  );
}

function AffectedDevices({
  id,
  devices,
  loading,
}: {
  id: string;
  devices: AffectedDevice[] | null;
  loading: boolean;
}) {
  if (loading || devices === null) return <p className="loading">Loading…</p>;
  return (
    <section aria-label={`Devices affected by ${id}`}>
      <p>
        {id} is matched to {devices.length === 1 ? '1 device' : `${devices.length} devices`}:
      </p>
      <ul className="columns">
        {devices.map((device) => (
          <li key={device.deviceId}>
            <DeviceLink id={device.deviceId} name={device.name} /> ({device.type ?? 'unclassified'}) ·{' '}
            {device.certainty} · {patchStatusLabel(device.status)}
            {device.recommendedActions[0] ? (
              <div className="muted small">{device.recommendedActions[0]}</div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The devices whose model or firmware is unknown: "cannot be matched", never "no vulnerabilities". */
function UnmatchedDevices() {
  const [type, setType] = useState('');
  const { data, error } = useApi<{ rows: UnmatchedDevice[]; total: number }>(
    `/api/v1/vulnerabilities/unmatched${queryString({ type: type || undefined })}`,
  );
  const all = useApi<{ rows: UnmatchedDevice[]; total: number }>('/api/v1/vulnerabilities/unmatched');
  const types = [...new Set((all.data?.rows ?? []).map((row) => row.type ?? 'untyped'))].sort();
  return (
    <section className="panel" aria-labelledby="unmatched">
      <h2 id="unmatched">Devices that cannot be matched</h2>
      <p className="muted">
        Their model or firmware is unknown, so no advisory can be matched to them: confirm what they are
        (asset list or an override). The advisories listed name products of their maker and would apply once
        the model is known.
      </p>
      <label>
        Type{' '}
        <select
          value={type}
          onChange={(event) => setType(event.target.value)}
          aria-label="Type of unmatched devices"
        >
          <option value="">any</option>
          {types.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {data === null ? (
        <p className="loading">Loading…</p>
      ) : data.rows.length === 0 ? (
        <p className="muted">Every medical and building device has a known model and firmware.</p>
      ) : (
        <table className="unmatched">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Manufacturer</th>
              <th scope="col">Why it cannot be matched</th>
              <th scope="col">Advisories of its maker</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={row.deviceId}>
                <td>
                  <DeviceLink id={row.deviceId} name={row.name} />
                  <div className="muted small">{row.type ?? 'untyped'}</div>
                </td>
                <td>{row.manufacturer ?? 'unknown'}</td>
                <td className="reason">
                  {row.reason}
                  {row.matches > 0 ? ` Matched ${row.matches} times through what it announces.` : ''}
                </td>
                <td className="small">
                  {row.advisories.length === 0
                    ? 'none imported'
                    : row.advisories.slice(0, 3).map((advisory) => (
                        <div key={advisory.id}>
                          {advisory.id}: {advisory.products[0]}
                        </div>
                      ))}
                  {row.advisories.length > 3 ? (
                    <div className="muted">and {row.advisories.length - 3} more</div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
