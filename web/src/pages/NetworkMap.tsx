import cytoscape from 'cytoscape';
import { useEffect, useMemo, useRef } from 'react';
import { queryString } from '../api.js';
import { navigate, usePath } from '../router.js';
import { useApi } from '../use-api.js';
import { riskColours } from './Dashboard.js';

interface MapData {
  nodes: {
    id: string;
    label: string;
    kind: string;
    devices?: number;
    riskLevel?: string;
    type?: string | null;
  }[];
  links: { source: string; target: string; connections: number }[];
  truncated?: boolean;
  total?: number;
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
          colour: node.riskLevel ? riskColours[node.riskLevel] : '#1d4ed8',
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
          },
        })),
    ];
  }, [data]);
  useEffect(() => {
    if (container.current === null || elements.length === 0) return;
    const graph = cytoscape({
      container: container.current,
      elements,
      layout: { name: zone ? 'concentric' : 'circle', padding: 20 } as cytoscape.LayoutOptions,
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'background-color': 'data(colour)',
            width: 'data(size)',
            height: 'data(size)',
            'font-size': 11,
            color: '#111827',
            'text-valign': 'bottom',
            'text-margin-y': 4,
          },
        },
        {
          selector: 'edge',
          style: {
            width: 'data(width)',
            'line-color': '#9ca3af',
            'target-arrow-color': '#9ca3af',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
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
