import { Chart } from '../components/Chart.js';
import type { SensorRow } from '../types.js';
import { useApi } from '../use-api.js';

/** A sensor with whether it is heard (`GET /api/v1/sensors`). */
type Sensor = SensorRow & { status: 'ok' | 'silent'; enrolled: boolean };

const ago = (at: string) => {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(at)) / 1000));
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3_600)} h ago`;
};
const number = (value: number | undefined) =>
  value === undefined ? '—' : Math.round(value).toLocaleString();
const megabytes = (bytes: number | undefined) =>
  bytes === undefined ? '—' : `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * The sensors feeding this store through `vigil collect`: whether each is heard, how fast it
 * reads, what the kernel and a full spool dropped, and how far behind it commits. A silent
 * sensor is a network no longer watched, so it leads the page.
 */
export function Sensors() {
  const { data, error } = useApi<{ silentAfterSeconds: number; sensors: Sensor[] }>('/api/v1/sensors');
  if (error) return <p role="alert">{error}</p>;
  if (data === null) return <p className="muted">Loading…</p>;
  const sensors = [...data.sensors].sort((a, b) =>
    a.status === b.status ? a.id.localeCompare(b.id) : a.status === 'silent' ? -1 : 1,
  );
  const silent = sensors.filter((sensor) => sensor.status === 'silent').length;
  return (
    <section>
      <h1>Sensors</h1>
      <p>
        {sensors.length} sensor{sensors.length === 1 ? '' : 's'} on{' '}
        {new Set(sensors.map((sensor) => sensor.site)).size} site(s)
        {silent > 0 ? (
          <>
            {' '}
            <strong className="risk risk-critical">
              {silent} silent for more than {data.silentAfterSeconds / 60} min
            </strong>
          </>
        ) : null}
      </p>
      {sensors.length === 0 ? (
        <p className="muted">
          No sensor has been heard. Run <code>vigil collect --nats URL</code> beside this server and{' '}
          <code>vigil sensor --nats URL --site S --name N</code> on each network (see the README).
        </p>
      ) : (
        <>
          <Chart
            label={`Packets per second by sensor: ${sensors
              .map((sensor) => `${sensor.id} ${number(sensor.health?.packetsPerSecond)}`)
              .join(', ')}`}
            height={Math.max(160, 40 * sensors.length)}
            option={{
              animation: false,
              grid: { left: 140, right: 24, top: 8, bottom: 24 },
              tooltip: { trigger: 'axis' },
              xAxis: { type: 'value', name: 'packets/s' },
              yAxis: { type: 'category', data: sensors.map((sensor) => sensor.id), inverse: true },
              series: [
                {
                  type: 'bar',
                  data: sensors.map((sensor) => ({
                    value: Math.round(sensor.health?.packetsPerSecond ?? 0),
                    itemStyle: { color: sensor.status === 'silent' ? '#b3261e' : '#2f6f9f' },
                  })),
                },
              ],
            }}
          />
          <table>
            <thead>
              <tr>
                <th>Sensor</th>
                <th>Status</th>
                <th>Last heard</th>
                <th>Packets</th>
                <th>Packets/s</th>
                <th>Kernel drops</th>
                <th>Lag</th>
                <th>Spool</th>
                <th>Dropped by a full spool</th>
                <th>Last commit</th>
              </tr>
            </thead>
            <tbody>
              {sensors.map((sensor) => (
                <tr key={sensor.id}>
                  <td
                    title={
                      sensor.enrolled
                        ? 'enrolled: credentials issued by vigil sensor enroll'
                        : 'no credentials issued'
                    }
                  >
                    {sensor.id}
                    {sensor.enrolled ? '' : ' (not enrolled)'}
                  </td>
                  <td>
                    <span className={sensor.status === 'silent' ? 'risk risk-critical' : 'risk risk-low'}>
                      {sensor.status}
                    </span>
                  </td>
                  <td title={sensor.lastHeard}>{ago(sensor.lastHeard)}</td>
                  <td>{number(sensor.health?.packets)}</td>
                  <td>{number(sensor.health?.packetsPerSecond)}</td>
                  <td>{number(sensor.health?.droppedByKernel)}</td>
                  <td>
                    {sensor.health?.lagMs === null || sensor.health === null
                      ? '—'
                      : `${(sensor.health.lagMs / 1000).toFixed(1)} s`}
                  </td>
                  <td>
                    {number(sensor.health?.outboxMessages)} messages, {megabytes(sensor.health?.outboxBytes)}
                  </td>
                  <td>
                    {sensor.health === null
                      ? '—'
                      : `${number(sensor.health.outboxDropped.flows)} flows, ${number(sensor.health.outboxDropped.devices)} device changes, ${number(sensor.health.outboxDropped.detections)} detections`}
                  </td>
                  <td>{sensor.health?.lastCommitAt ? ago(sensor.health.lastCommitAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
