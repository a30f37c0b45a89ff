import cytoscape from 'cytoscape';
import { useEffect, useMemo, useRef } from 'react';
import { queryString } from '../api.js';
import { DeviceLink } from '../components/DeviceLink.js';
import { riskColours } from '../risk-colours.js';
import { navigate, usePath } from '../router.js';
import { useApi } from '../use-api.js';

interface MapData {
  nodes: {
    id: string;
    label: string;
    kind: string;
    devices?: number;
    riskLevel?: string;
    worstRisk?: string | null;
    trust?: string;
    type?: string | null;
  }[];
  links: {
    source: string;
    target: string;
    connections: number;
    services?: string[];
    ports?: number;
    forbidden?: boolean;
  }[];
  crossings?: ZoneCrossing[];
  truncated?: boolean;
  total?: number;
}

interface CrossingEnd {
  deviceId: string | null;
  name: string;
  type: string | null;
  address: string;
}

interface ZoneCrossing {
  source: string;
  target: string;
  devices: CrossingEnd[];
  reached: CrossingEnd[];
  services: string[];
  ports: number;
}

/** `SMB TCP/445, HTTP TCP/80 and 998 more ports`. */
function servicesText(services: string[] = [], ports = 0): string {
  const more = ports - services.length;
  return `${services.join(', ')}${more > 0 ? ` and ${more} more ${more === 1 ? 'port' : 'ports'}` : ''}`;
}

/**
 * Zones and the traffic between them; choosing a zone shows its devices (riskiest first) and
 * whom they talk to. The node list below the drawing is the same map for keyboards and readers.
 */
export function NetworkMap() {
  const path = usePath();
  const zone = new URLSearchParams(path.split('?')[1] ?? '').get('zone') ?? undefined;
  const { data, error } = useApi<MapData>(`/api/v1/network/map${queryString({ zone })}`);
  const container = useRef<HTMLDivElement>(null);
  const elements = useMemo(() => {
    if (data === null) return [];
    return [
      ...data.nodes.map((node) => ({
        data: {
          id: node.id,
          label:
            node.kind === 'zone' && node.devices !== undefined
              ? `${node.label} (${node.devices})`
              : node.label,
          kind: node.kind,
          colour: riskColours[node.riskLevel ?? node.worstRisk ?? ''] ?? '#6b7280',
          border: node.trust === 'untrusted' ? '#111827' : node.trust === 'clinical' ? '#1d4ed8' : '#d1d5db',
          size: node.kind === 'zone' ? Math.min(90, 30 + Math.sqrt(node.devices ?? 1) * 4) : 18,
        },
      })),
      ...data.links
        .filter((link) => link.source !== link.target)
        .map((link) => ({
          data: {
            id: `${link.source}->${link.target}`,
            source: link.source,
            target: link.target,
            width: Math.min(8, 1 + Math.log2(link.connections)),
            colour: link.forbidden ? '#b91c1c' : '#9ca3af',
            style: link.forbidden ? 'dashed' : 'solid',
            label: zone
              ? ''
              : `${link.forbidden ? '⚠ ' : ''}${link.connections} · ${link.services?.[0] ?? ''}${
                  (link.ports ?? 0) > 1 ? ` +${(link.ports ?? 1) - 1}` : ''
                }`,
          },
        })),
    ];
  }, [data, zone]);
  useEffect(() => {
    if (container.current === null || elements.length === 0) return;
    const graph = cytoscape({
      container: container.current,
      elements,
      layout: (zone
        ? {
            name: 'cose',
            padding: 24,
            nodeRepulsion: () => 12_000,
            idealEdgeLength: () => 90,
            animate: false,
          }
        : { name: 'circle', padding: 40 }) as cytoscape.LayoutOptions,
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'background-color': 'data(colour)',
            width: 'data(size)',
            height: 'data(size)',
            'border-width': 3,
            'border-color': 'data(border)',
            'font-size': zone ? 9 : 12,
            color: '#111827',
            'text-valign': 'bottom',
            'text-margin-y': 4,
            'text-wrap': 'ellipsis',
            'text-max-width': zone ? '90px' : '160px',
            'text-background-color': '#ffffff',
            'text-background-opacity': 0.8,
            'text-background-padding': '1px',
          },
        },
        {
          selector: 'edge',
          style: {
            width: 'data(width)',
            'line-color': 'data(colour)',
            'line-style': 'data(style)' as never,
            'target-arrow-color': 'data(colour)',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
            label: 'data(label)',
            'font-size': 10,
            color: '#374151',
            'text-rotation': 'autorotate',
            'text-background-color': '#ffffff',
            'text-background-opacity': 0.85,
            'text-background-padding': '2px',
          },
        },
      ],
    });
    graph.on('tap', 'node', (event) => {
      const node = event.target as cytoscape.NodeSingular;
      const id = String(node.id());
      if (node.data('kind') === 'device') navigate(`/devices/${encodeURIComponent(id)}`);
      else navigate(`/network?zone=${encodeURIComponent(id.replace(/^zone:/, ''))}`);
    });
    return () => graph.destroy();
  }, [elements, zone]);
  return (
    <section>
      <h1>Network map{zone ? `: ${zone}` : ''}</h1>
      {zone && (
        <p>
          <button type="button" className="link-button" onClick={() => navigate('/network')}>
            All zones
          </button>
          {data?.truncated
            ? ` · showing the ${data.nodes.filter((node) => node.kind === 'device').length} riskiest of ${data.total} devices`
            : ''}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!zone && data?.crossings && <Crossings crossings={data.crossings} />}
      {!zone && (
        <p className="muted small">
          Zones coloured by their riskiest device, ringed blue when clinical and black when untrusted; arrows
          labelled with connections and the busiest service; red dashed arrows cross from an untrusted zone or
          the Internet into a clinical zone.
        </p>
      )}
      <div
        ref={container}
        className="map"
        role="img"
        aria-label="Communication map; the list below holds the same nodes"
      />
      <details>
        <summary>Nodes as a list</summary>
        <ul>
          {data?.nodes.map((node) => (
            <li key={node.id}>
              <button
                type="button"
                className="link-button"
                onClick={() =>
                  node.kind === 'device'
                    ? navigate(`/devices/${encodeURIComponent(node.id)}`)
                    : navigate(`/network?zone=${encodeURIComponent(node.id.replace(/^zone:/, ''))}`)
                }
              >
                {node.label}
              </button>{' '}
              {node.kind === 'zone'
                ? `zone, ${node.devices ?? 0} devices`
                : `${node.type ?? 'device'}, risk ${node.riskLevel}`}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

/** The forbidden crossings with every device on both sides: who reached into a clinical zone. */
function Crossings({ crossings }: { crossings: ZoneCrossing[] }) {
  if (crossings.length === 0)
    return (
      <p className="muted">No traffic from an untrusted zone or the Internet reached a clinical zone.</p>
    );
  const end = (device: CrossingEnd) =>
    device.deviceId === null ? device.address : <DeviceLink id={device.deviceId} name={device.name} />;
  return (
    <section className="panel warning" aria-labelledby="crossings">
      <h2 id="crossings">Forbidden crossings</h2>
      <ul>
        {crossings.map((crossing) => (
          <li key={`${crossing.source}->${crossing.target}`} className="crossing">
            <strong>
              {crossing.source} → {crossing.target}
            </strong>
            : {crossing.devices.length === 1 ? '1 device' : `${crossing.devices.length} devices`} (
            {crossing.devices.map((device, index) => (
              <span key={device.address}>
                {index > 0 ? ', ' : ''}
                {end(device)}
                {device.type ? ` ${device.type}` : ''}
              </span>
            ))}
            ) reached {crossing.reached.length === 1 ? '1 device' : `${crossing.reached.length} devices`} over{' '}
            {servicesText(crossing.services, crossing.ports)}.
            <details>
              <summary>The {crossing.reached.length} devices reached</summary>
              <ul className="columns">
                {crossing.reached.map((device) => (
                  <li key={device.address}>
                    {end(device)} <span className="muted">{device.type ?? device.address}</span>
                  </li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
