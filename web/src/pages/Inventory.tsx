import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type SortingState,
  useReactTable,
} from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import { queryString } from '../api.js';
import { DeviceLink } from '../components/DeviceLink.js';
import { RiskBadge } from '../components/RiskBadge.js';
import { SearchField } from '../components/SearchField.js';
import { navigate, usePath } from '../router.js';
import type { DeviceSummary, Page, Tally } from '../types.js';
import { useApi } from '../use-api.js';

interface Facets {
  type: Tally[];
  category: Tally[];
  zone: Tally[];
  riskLevel: Tally[];
}

const pageSize = 50;
const filterNames = ['type', 'category', 'zone', 'riskLevel'] as const;

const columns: ColumnDef<DeviceSummary>[] = [
  {
    id: 'name',
    header: 'Device',
    cell: ({ row }) => <DeviceLink id={row.original.deviceId} name={row.original.name} />,
  },
  { id: 'ip', header: 'IP', accessorFn: (row) => row.ip ?? '' },
  { id: 'vendor', header: 'Vendor', accessorFn: (row) => row.vendor ?? '' },
  { id: 'model', header: 'Model', accessorFn: (row) => [row.model, row.firmware].filter(Boolean).join(' ') },
  { id: 'type', header: 'Type', accessorFn: (row) => row.type ?? 'unclassified' },
  { id: 'zone', header: 'Zone', accessorFn: (row) => row.zone ?? '' },
  {
    id: 'riskScore',
    header: 'Risk',
    cell: ({ row }) => <RiskBadge level={row.original.riskLevel} score={row.original.riskScore} />,
  },
  {
    id: 'vulnerabilities',
    header: 'Vulns',
    cell: ({ row }) =>
      `${row.original.vulnerabilities}${row.original.kevVulnerabilities ? ` (${row.original.kevVulnerabilities} KEV)` : ''}`,
  },
  { id: 'lastSeen', header: 'Last seen', accessorFn: (row) => row.lastSeen.slice(0, 16).replace('T', ' ') },
];

/**
 * The inventory table: every filter, the sort and the page go to the server, which answers one
 * page from its summary table, so it stays quick at 100,000 devices. The state is in the address.
 */
export function Inventory() {
  const path = usePath();
  const parameters = useMemo(() => new URLSearchParams(path.split('?')[1] ?? ''), [path]);
  const [search, setSearch] = useState(parameters.get('q') ?? '');
  const page = Number(parameters.get('page') ?? 0);
  const sorting: SortingState = [
    { id: parameters.get('sort') ?? 'riskScore', desc: (parameters.get('order') ?? 'desc') === 'desc' },
  ];
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(parameters);
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(name);
      else next.set(name, value);
    }
    if (!('page' in changes)) next.delete('page');
    navigate(`/devices${next.toString() ? `?${next}` : ''}`);
  };
  useEffect(() => {
    // Search as the user types, a quarter second after the last key.
    if (search === (parameters.get('q') ?? '')) return;
    const timer = setTimeout(() => update({ q: search }), 250);
    return () => clearTimeout(timer);
  });
  const query = queryString({
    page,
    pageSize,
    sort: sorting[0]!.id,
    order: sorting[0]!.desc ? 'desc' : 'asc',
    q: parameters.get('q') ?? undefined,
    type: parameters.get('type') ?? undefined,
    category: parameters.get('category') ?? undefined,
    zone: parameters.get('zone') ?? undefined,
    riskLevel: parameters.get('riskLevel') ?? undefined,
    kev: parameters.get('kev') ?? undefined,
    phi: parameters.get('phi') ?? undefined,
  });
  const { data, error, loading } = useApi<Page<DeviceSummary>>(`/api/v1/devices${query}`);
  const facets = useApi<Facets>('/api/v1/devices/facets').data;
  const table = useReactTable({
    data: data?.rows ?? [],
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    state: { sorting },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      update({ sort: first?.id, order: first ? (first.desc ? 'desc' : 'asc') : undefined });
    },
    pageCount: data ? Math.ceil(data.total / pageSize) : -1,
  });
  const sortable = new Set([
    'name',
    'ip',
    'vendor',
    'model',
    'type',
    'zone',
    'riskScore',
    'vulnerabilities',
    'lastSeen',
  ]);
  const lastPage = data ? Math.max(0, Math.ceil(data.total / pageSize) - 1) : 0;
  return (
    <section>
      <h1>Inventory</h1>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <SearchField
          value={search}
          placeholder="name, IP, MAC, vendor, model"
          onChange={(value) => setSearch(value)}
        />
        {filterNames.map((name) => (
          <label key={name}>
            {name === 'riskLevel' ? 'Risk' : name[0]!.toUpperCase() + name.slice(1)}
            <select
              value={parameters.get(name) ?? ''}
              onChange={(event) => update({ [name]: event.target.value })}
            >
              <option value="">any</option>
              {(facets?.[name] ?? [])
                .filter((tally) => tally.value !== null)
                .map((tally) => (
                  <option key={tally.value} value={tally.value!}>
                    {tally.value} ({tally.count})
                  </option>
                ))}
            </select>
          </label>
        ))}
        <label className="check">
          <input
            type="checkbox"
            checked={parameters.get('kev') === 'true'}
            onChange={(event) => update({ kev: event.target.checked ? 'true' : undefined })}
          />
          KEV only
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={parameters.get('phi') === 'true'}
            onChange={(event) => update({ phi: event.target.checked ? 'true' : undefined })}
          />
          Patient data only
        </label>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p className="muted" aria-live="polite">
        <span>{data ? (data.total === 1 ? '1 device' : `${data.total.toLocaleString()} devices`) : ''}</span>{' '}
        {loading ? '· loading…' : ''}{' '}
        <a href="/api/v1/devices/export.csv" download>
          Export the whole inventory as CSV
        </a>
      </p>
      {data !== null && data.total === 0 && (
        <p className="empty">
          {parameters.toString() === ''
            ? 'No devices yet: ingest a capture (vigil ingest FILE.pcapng) and they appear here.'
            : 'No device matches these filters and search. Clear a filter, or search by part of a name, address or vendor.'}
        </p>
      )}
      <table className="inventory">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted =
                  sorting[0]?.id === header.id ? (sorting[0].desc ? 'descending' : 'ascending') : 'none';
                return (
                  <th key={header.id} scope="col" aria-sort={sortable.has(header.id) ? sorted : undefined}>
                    {sortable.has(header.id) ? (
                      <button
                        type="button"
                        className="sort"
                        onClick={() =>
                          update({
                            sort: header.id,
                            order: sorting[0]?.id === header.id && sorting[0].desc ? 'asc' : 'desc',
                          })
                        }
                      >
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        {sorted === 'descending' ? ' ▼' : sorted === 'ascending' ? ' ▲' : ''}
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={page <= 0} onClick={() => update({ page: String(page - 1) })}>
          Previous
        </button>
        <span>
          Page {page + 1} of {lastPage + 1}
        </span>
        <button type="button" disabled={page >= lastPage} onClick={() => update({ page: String(page + 1) })}>
          Next
        </button>
      </nav>
    </section>
  );
}
