import { useMemo } from 'react';
import type { WorkItem } from '../../../src/risk/work-item.js';
import { barsOf, Chart, type ChartOption } from '../components/Chart.js';
import { DeviceLink } from '../components/DeviceLink.js';
import { OpenAlerts } from '../components/OpenAlerts.js';
import { RiskBadge } from '../components/RiskBadge.js';
import { riskColours } from '../risk-colours.js';
import { Link, navigate } from '../router.js';
import type { DeviceSummary, Tally } from '../types.js';
import { useApi } from '../use-api.js';

interface Overview {
  totals: { devices: number; kev: number; phi: number; newDevices: number };
  /** Devices whose model's manufacturer no longer sends security patches (vigil lifecycle list). */
  lifecycle: { pastSupport: number; devices: number; share: number; operatingSystemsPastSupport: number };
  newSince: string;
  byCategory: Tally[];
  byType: Tally[];
  byZone: Tally[];
  byRiskLevel: Tally[];
  topRisks: DeviceSummary[];
  kevDevices: DeviceSummary[];
  phiDevices: DeviceSummary[];
  newDevices: DeviceSummary[];
}

const levels = ['critical', 'high', 'medium', 'low'];

/**
 * Tallies as chart entries: the largest `limit - 1` by name, the rest summed into one "other"
 * entry that says how many it holds, so a chart never drops a category silently.
 */
function labelled(tallies: Tally[], limit = 12) {
  const entries = tallies.map((tally) => ({ label: tally.value ?? 'unclassified', count: tally.count }));
  if (entries.length <= limit) return entries;
  const rest = entries.slice(limit - 1);
  return [
    ...entries.slice(0, limit - 1),
    { label: `other (${rest.length} kinds)`, count: rest.reduce((sum, entry) => sum + entry.count, 0) },
  ];
}

/** The inventory filtered by what a chart's bar or slice names (nothing for the "other" bar). */
function inventoryFilter(field: 'type' | 'category' | 'zone' | 'riskLevel') {
  return (name: string) => {
    if (name.startsWith('other (')) return;
    navigate(`/devices?${new URLSearchParams({ [field]: name === 'unclassified' ? '' : name }).toString()}`);
  };
}

/** The overview: what is on the network, how risky, what needs attention first. */
export function Dashboard() {
  const { data, error } = useApi<Overview>('/api/v1/overview');
  const queue = useApi<{ items: WorkItem[]; total: number }>('/api/v1/work-queue');
  const charts = useMemo(() => {
    if (data === null) return null;
    const riskCounts = new Map(data.byRiskLevel.map((tally) => [tally.value, tally.count]));
    const category: ChartOption = {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          data: labelled(data.byCategory).map((entry) => ({ name: entry.label, value: entry.count })),
          label: { formatter: '{b}: {c}' },
        },
      ],
      animation: false,
    };
    return {
      category,
      type: barsOf(labelled(data.byType, 16)),
      zone: barsOf(labelled(data.byZone, 16)),
      risk: barsOf(
        levels.map((level) => ({
          label: level,
          count: riskCounts.get(level) ?? 0,
          color: riskColours[level],
        })),
      ),
    };
  }, [data]);
  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (data === null || charts === null) return <p className="loading">Loading…</p>;
  const describe = (tallies: Tally[]) =>
    labelled(tallies)
      .map((entry) => `${entry.label} ${entry.count}`)
      .join(', ');
  return (
    <section>
      <h1>Overview</h1>
      <div className="cards">
        <Link className="card" to="/devices">
          <span className="figure">{data.totals.devices.toLocaleString()}</span> devices
        </Link>
        <Link className="card" to="/devices?kev=true">
          <span className="figure">{data.totals.kev.toLocaleString()}</span> with known exploited
          vulnerabilities (KEV)
        </Link>
        <Link className="card" to="/devices?phi=true">
          <span className="figure">{data.totals.phi.toLocaleString()}</span> handling patient data
        </Link>
        <div
          className="card"
          title="Devices whose model gets no more security patches from its manufacturer (vigil lifecycle list)"
        >
          <span className="figure">{data.lifecycle.share} %</span> past manufacturer support (
          {data.lifecycle.pastSupport.toLocaleString()} devices)
          {data.lifecycle.operatingSystemsPastSupport > 0
            ? `; ${data.lifecycle.operatingSystemsPastSupport.toLocaleString()} on an operating system past its updates`
            : ''}
        </div>
        {data.totals.newDevices === data.totals.devices ? (
          <Link className="card" to="/devices?sort=firstSeen">
            <span className="figure">first</span> capture: every device is seen for the first time
          </Link>
        ) : (
          <Link className="card" to="/devices?sort=firstSeen">
            <span className="figure">{data.totals.newDevices.toLocaleString()}</span> new in the last day of
            traffic
          </Link>
        )}
      </div>
      {/* Alerts first and across the page: what is happening now comes before what to fix. */}
      <div className="open-alerts-row">
        <OpenAlerts />
      </div>
      <div className="grid-2">
        <FirstThingsToDo items={queue.data?.items ?? null} total={queue.data?.total ?? 0} />
        <TopRisks devices={data.topRisks} />
      </div>
      <div className="grid-2">
        <figure>
          <figcaption>Risk distribution</figcaption>
          <Chart
            option={charts.risk}
            label={`Devices by risk level: ${describe(data.byRiskLevel)}`}
            height={180}
            onSelect={inventoryFilter('riskLevel')}
          />
        </figure>
        <figure>
          <figcaption>Devices by category</figcaption>
          <Chart
            option={charts.category}
            label={`Devices by category: ${describe(data.byCategory)}`}
            height={180}
            onSelect={inventoryFilter('category')}
          />
        </figure>
        <figure>
          <figcaption>Devices by type</figcaption>
          <Chart
            option={charts.type}
            label={`Devices by type: ${describe(data.byType)}`}
            height={Math.max(200, 26 * labelled(data.byType, 16).length)}
            onSelect={inventoryFilter('type')}
          />
        </figure>
        <figure>
          <figcaption>Devices by zone</figcaption>
          <Chart
            option={charts.zone}
            label={`Devices by zone: ${describe(data.byZone)}`}
            height={Math.max(200, 26 * labelled(data.byZone, 16).length)}
            onSelect={inventoryFilter('zone')}
          />
        </figure>
      </div>
      <div className="grid-3">
        <DeviceList
          title="Devices with KEV vulnerabilities"
          devices={data.kevDevices}
          empty="None: no matched vulnerability is in CISA's KEV catalogue."
        />
        <DeviceList title="Handling patient data" devices={data.phiDevices} empty="None seen." />
        <DeviceList title="New devices" devices={data.newDevices} empty="None in the last day of traffic." />
      </div>
    </section>
  );
}

/** The first items of the work queue: what to do first, with the risk each removes. */
function FirstThingsToDo({ items, total }: { items: WorkItem[] | null; total: number }) {
  return (
    <section className="panel" aria-labelledby="first-things">
      <h2 id="first-things">What to do first</h2>
      {items === null ? (
        <p className="loading">Loading…</p>
      ) : items.length === 0 ? (
        <p className="muted">Nothing yet: ingest traffic and import advisories to fill the work queue.</p>
      ) : (
        <ol className="work-list">
          {items.slice(0, 5).map((item) => (
            <li key={item.id}>
              <RiskBadge level={item.severity} /> {item.title}{' '}
              <span className="muted">
                · removes {item.riskReduced.toFixed(1)} points · due {item.dueDate}
              </span>
              <div className="muted small">{item.remedy}</div>
            </li>
          ))}
        </ol>
      )}
      <p>
        <Link to="/work-queue">All {total} items of the work queue</Link>
      </p>
    </section>
  );
}

/** The riskiest devices with why, in a few words. */
function TopRisks({ devices }: { devices: DeviceSummary[] }) {
  return (
    <section className="panel" aria-labelledby="top-risks">
      <h2 id="top-risks">Top risks</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Risk</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((device) => (
            <tr key={device.deviceId}>
              <td>
                <DeviceLink id={device.deviceId} name={device.name} />
                <div className="muted small">{device.type ?? 'unclassified'}</div>
              </td>
              <td>
                <RiskBadge level={device.riskLevel} score={device.riskScore} />
              </td>
              <td className="reason">{device.riskReason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function DeviceList({ title, devices, empty }: { title: string; devices: DeviceSummary[]; empty?: string }) {
  return (
    <section className="panel">
      <h2>{title}</h2>
      {devices.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Type</th>
              <th scope="col">Risk</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((device) => (
              <tr key={device.deviceId}>
                <td>
                  <DeviceLink id={device.deviceId} name={device.name} />
                </td>
                <td>{device.type ?? 'unclassified'}</td>
                <td>
                  <RiskBadge level={device.riskLevel} score={device.riskScore} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
