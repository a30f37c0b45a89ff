import { type CommsProfile, operationLabels } from '../../../src/segment/comms.js';
import { useApi } from '../use-api.js';
import { Chart } from './Chart.js';
import { DeviceLink } from './DeviceLink.js';

/** Who the device talks to, over what and how much: the ground its segmentation rules are learned on. */
export function DeviceComms({ deviceId }: { deviceId: string }) {
  const { data } = useApi<CommsProfile>(`/api/v1/devices/${encodeURIComponent(deviceId)}/comms`);
  if (data === null) return null;
  const top = data.services.slice(0, 12);
  return (
    <section className="panel" aria-labelledby="comms-heading">
      <h2 id="comms-heading">Communication</h2>
      <p>
        {data.totals.peers} peers, {data.totals.flows.toLocaleString()} flows,{' '}
        {(data.totals.bytes / 1e6).toFixed(1)} MB
        {data.firstSeen
          ? ` from ${data.firstSeen.slice(0, 16).replace('T', ' ')} to ${data.lastSeen?.slice(0, 16).replace('T', ' ')}`
          : ''}
        .
      </p>
      {top.length > 0 ? (
        <Chart
          label={`Flows by peer and service: ${top.map((service) => `${service.direction === 'in' ? 'from' : 'to'} ${service.peer.name ?? service.peer.address} ${service.protocol}/${service.port} ${service.flows}`).join(', ')}`}
          height={Math.max(140, 26 * top.length + 40)}
          option={{
            animation: false,
            grid: { left: 230, right: 36, top: 8, bottom: 24 },
            tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
            xAxis: { type: 'value', name: 'flows', minInterval: 1 },
            yAxis: {
              type: 'category',
              inverse: true,
              data: top.map(
                (service) =>
                  `${service.direction === 'in' ? '←' : '→'} ${service.peer.name ?? service.peer.address} ${service.protocol}${service.protocol === 'tcp' || service.protocol === 'udp' ? `/${service.port}` : ''}`,
              ),
              axisLabel: { width: 220, overflow: 'truncate' },
            },
            series: [
              {
                type: 'bar',
                data: top.map((service) => ({
                  value: service.flows,
                  itemStyle: { color: service.direction === 'in' ? '#7a5ea8' : '#2f6f9f' },
                })),
              },
            ],
          }}
        />
      ) : null}
      {data.services.length > top.length ? (
        <p className="muted">
          {data.services.length - top.length} more service{data.services.length - top.length === 1 ? '' : 's'}
          : <code>vigil comms {deviceId}</code>
        </p>
      ) : null}
      {top.some((service) => service.peer.deviceId !== null) ? (
        <p>
          Peers:{' '}
          {[
            ...new Map(
              top
                .filter((service) => service.peer.deviceId !== null)
                .map((service) => [service.peer.deviceId!, service.peer]),
            ).values(),
          ].map((peer, index) => (
            <span key={peer.deviceId}>
              {index > 0 ? ', ' : ''}
              <DeviceLink id={peer.deviceId!} name={peer.name ?? peer.address} />
            </span>
          ))}
        </p>
      ) : null}
      <dl>
        {Object.entries(data.operations).map(([category, facts]) => (
          <div key={category}>
            <dt>{category in operationLabels ? capitalised(operationLabels[category]!) : category}</dt>
            <dd>{facts.join('; ')}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The shared label as a heading: `protocols (its side)` → `Protocols (its side)`. */
function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
