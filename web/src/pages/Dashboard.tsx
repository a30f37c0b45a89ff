import { useMemo } from 'react';
import { barsOf, Chart, type ChartOption } from '../components/Chart.js';
import { DeviceLink } from '../components/DeviceLink.js';
import { RiskBadge } from '../components/RiskBadge.js';
import { Link } from '../router.js';
import type { DeviceSummary, Tally } from '../types.js';
import { useApi } from '../use-api.js';

interface Overview {
  totals: { devices: number; kev: number; phi: number; newDevices: number };
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

export const riskColours: Record<string, string> = {
  critical: '#9b1c1c',
  high: '#c2410c',
  medium: '#a16207',
  low: '#3f6212',
};
const levels = ['critical', 'high', 'medium', 'low'];

function labelled(tallies: Tally[], limit = 12) {
  return tallies
    .slice(0, limit)
    .map((tally) => ({ label: tally.value ?? 'unclassified', count: tally.count }));
}

/** The overview: what is on the network, how risky, what needs attention first. */
export function Dashboard() {
  const { data, error } = useApi<Overview>('/api/v1/overview');
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
      type: barsOf(labelled(data.byType)),
      zone: barsOf(labelled(data.byZone)),
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
        <Link className="card" to="/devices?sort=firstSeen">
          <span className="figure">{data.totals.newDevices.toLocaleString()}</span> new in the last day of
          traffic
        </Link>
      </div>
      <div className="grid-2">
        <figure>
          <figcaption>Risk distribution</figcaption>
          <Chart
            option={charts.risk}
            label={`Devices by risk level: ${describe(data.byRiskLevel)}`}
            height={180}
          />
        </figure>
        <figure>
          <figcaption>Devices by category</figcaption>
          <Chart
            option={charts.category}
            label={`Devices by category: ${describe(data.byCategory)}`}
            height={180}
          />
        </figure>
        <figure>
          <figcaption>Devices by type</figcaption>
          <Chart option={charts.type} label={`Devices by type: ${describe(data.byType)}`} height={300} />
        </figure>
        <figure>
          <figcaption>Devices by zone</figcaption>
          <Chart option={charts.zone} label={`Devices by zone: ${describe(data.byZone)}`} height={300} />
        </figure>
      </div>
      <div className="grid-2">
        <DeviceList title="Top risks" devices={data.topRisks} />
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
