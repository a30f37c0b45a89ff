import { useState } from 'react';
import type { Policy, PolicyRule } from '../../../src/segment/policy.js';
import { api } from '../api.js';
import { Chart, type ChartOption } from '../components/Chart.js';
import { navigate, usePath } from '../router.js';
import { useCan } from '../session.js';
import { useApi } from '../use-api.js';

type Header = Omit<Policy, 'groups' | 'rules'> & { rules: number; groups: number };
interface Cell {
  from: string;
  to: string;
  allowed: number;
  blocked: number;
  wouldBreak: number;
}
interface Simulation {
  totals: {
    flows: number;
    allowed: number;
    blocked: number;
    clinicalBlocked: number;
    blockedByHygiene: number;
  };
  rules: { rule: string; action: string; flows: number }[];
  clinicalImpact: {
    src: string;
    dst: string;
    protocol: string;
    port: number;
    application: string | null;
    rule: string;
    count: number;
  }[];
  fleetExposure: { before: number; after: number };
  blastRadius: { deviceId: string; name: string; before: number; after: number }[];
  matrix: Cell[];
}
interface Change {
  change: 'added' | 'removed' | 'changed';
  key: string;
  portsAdded: number[];
  portsRemoved: number[];
}

const stateColours = ['#3c8d5a', '#d9a441', '#b3261e'];

/** Group × group heat map: green where the policy allows what flowed, amber where it blocks, red where it would break care. */
function matrixOption(cells: readonly Cell[]): ChartOption {
  const groups = [...new Set(cells.flatMap((cell) => [cell.from, cell.to]))].sort();
  return {
    animation: false,
    grid: { left: 180, right: 16, top: 8, bottom: 150 },
    tooltip: {
      formatter: (raw: unknown) => {
        const [x, y, , allowed, blocked, wouldBreak] = (raw as { value: number[] }).value;
        return `${groups[y!]} → ${groups[x!]}<br>${allowed} allowed, ${blocked} blocked, ${wouldBreak} would break care`;
      },
    },
    xAxis: {
      type: 'category',
      data: groups,
      name: 'to',
      axisLabel: { rotate: 60, width: 140, overflow: 'truncate' },
    },
    yAxis: { type: 'category', data: groups, name: 'from', axisLabel: { width: 170, overflow: 'truncate' } },
    visualMap: {
      type: 'piecewise',
      dimension: 2,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      pieces: [
        { value: 0, label: 'allowed', color: stateColours[0] },
        { value: 1, label: 'blocked', color: stateColours[1] },
        { value: 2, label: 'would break care', color: stateColours[2] },
      ],
    },
    series: [
      {
        type: 'heatmap',
        data: cells.map((cell) => [
          groups.indexOf(cell.to),
          groups.indexOf(cell.from),
          cell.wouldBreak > 0 ? 2 : cell.blocked > 0 ? 1 : 0,
          cell.allowed,
          cell.blocked,
          cell.wouldBreak,
        ]),
      },
    ],
  };
}

const describeRule = (rule: PolicyRule) =>
  `${rule.justification.reason}${rule.review === null ? '' : ` — review: ${rule.review}`}`;

/**
 * Segmentation: the policy versions, the chosen one's simulation on the store's flows (the
 * group × group heat map, what would break care, the fleet's exposure before and after), its
 * rules with why each exists, what it changes against the version before, and its approval.
 */
export function Segmentation() {
  const path = usePath();
  const canWrite = useCan('policy:write');
  const canApprove = useCan('policy:approve');
  const [granularity, setGranularity] = useState('type');
  const [message, setMessage] = useState<string | null>(null);
  const versions = useApi<{ versions: Header[] }>('/api/v1/policies');
  const requested = new URLSearchParams(path.split('?')[1] ?? '').get('policy');
  const list = versions.data?.versions ?? [];
  const chosen =
    list.find((version) => version.id === requested) ??
    list.find((version) => version.status === 'approved') ??
    list[0];
  const policy = useApi<Policy>(chosen ? `/api/v1/policies/${chosen.id}` : null);
  const simulation = useApi<Simulation>(chosen ? `/api/v1/policies/${chosen.id}/simulation` : null);
  const diff = useApi<{ from: string | null; changes: Change[] }>(
    chosen ? `/api/v1/policies/${chosen.id}/diff` : null,
  );

  const generate = async () => {
    setMessage(null);
    try {
      const made = await api<{ id: string; rules: number }>('/api/v1/policies', {
        method: 'POST',
        body: { granularity },
      });
      versions.reload();
      navigate(`/segmentation?policy=${made.id}`);
      setMessage(`${made.id}: a draft of ${made.rules} rules`);
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  const approve = async () => {
    if (!chosen) return;
    setMessage(null);
    try {
      await api(`/api/v1/policies/${chosen.id}/approve`, { method: 'POST' });
      versions.reload();
      setMessage(`${chosen.id} approved`);
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  if (versions.error) return <p role="alert">{versions.error}</p>;
  if (versions.data === null) return <p className="muted">Loading…</p>;
  const sim = simulation.data;
  return (
    <section>
      <h1>Segmentation</h1>
      {canWrite ? (
        <p>
          <label>
            Granularity{' '}
            <select value={granularity} onChange={(event) => setGranularity(event.target.value)}>
              <option value="zone">zone</option>
              <option value="type">type within zone</option>
              <option value="function">clinical function within zone</option>
              <option value="manufacturer">manufacturer within zone</option>
              <option value="model">model within zone</option>
              <option value="risk">risk level within zone</option>
              <option value="device">device</option>
            </select>
          </label>{' '}
          <button type="button" onClick={generate}>
            Generate a draft from the flows
          </button>
        </p>
      ) : null}
      {message ? (
        <p>
          <output>{message}</output>
        </p>
      ) : null}
      {chosen === undefined ? (
        <p className="muted">
          No policy yet. One is generated from the flows the store holds (<code>vigil policy generate</code>).
        </p>
      ) : (
        <>
          <p>
            <label>
              Version{' '}
              <select
                value={chosen.id}
                onChange={(event) => navigate(`/segmentation?policy=${event.target.value}`)}
              >
                {list.map((version) => (
                  <option key={version.id} value={version.id}>
                    {version.id} ({version.status}, {version.granularity})
                  </option>
                ))}
              </select>
            </label>{' '}
            generated by {chosen.createdBy} at {chosen.createdAt.slice(0, 16).replace('T', ' ')} from the
            flows of {chosen.learnedFrom?.slice(0, 16).replace('T', ' ') ?? '—'} to{' '}
            {chosen.learnedUntil?.slice(0, 16).replace('T', ' ') ?? '—'}
            {chosen.approvedBy ? `; approved by ${chosen.approvedBy}` : ''}.{' '}
            {chosen.status === 'draft' && canApprove ? (
              <button type="button" onClick={approve}>
                Approve {chosen.id}
              </button>
            ) : null}
          </p>
          {sim ? (
            <>
              <h2>Simulated on the stored flows</h2>
              <p>
                {sim.totals.flows.toLocaleString()} flows: {sim.totals.allowed.toLocaleString()} allowed,{' '}
                {sim.totals.blocked.toLocaleString()} blocked ({sim.totals.blockedByHygiene.toLocaleString()}{' '}
                by hygiene rules),{' '}
                <strong className={sim.totals.clinicalBlocked > 0 ? 'risk risk-critical' : undefined}>
                  {sim.totals.clinicalBlocked.toLocaleString()} would break care
                </strong>
                . Fleet exposure {sim.fleetExposure.before} % → {sim.fleetExposure.after} % of a flat
                network's weighted reach.
              </p>
              <Chart
                label={`Flows between groups under ${chosen.id}: ${sim.matrix.length} pairs, ${sim.matrix.filter((cell) => cell.blocked > 0).length} with blocked flows, ${sim.matrix.filter((cell) => cell.wouldBreak > 0).length} that would break care`}
                height={Math.max(
                  320,
                  22 * new Set(sim.matrix.flatMap((cell) => [cell.from, cell.to])).size + 170,
                )}
                option={matrixOption(sim.matrix)}
              />
              {sim.clinicalImpact.length > 0 ? (
                <table>
                  <caption>Blocked flows that would break care</caption>
                  <thead>
                    <tr>
                      <th>from</th>
                      <th>to</th>
                      <th>service</th>
                      <th>flows</th>
                      <th>rule</th>
                    </tr>
                  </thead>
                  <tbody>
                    {sim.clinicalImpact.map((flow) => (
                      <tr key={`${flow.src} ${flow.dst} ${flow.protocol} ${flow.port}`}>
                        <td>{flow.src}</td>
                        <td>{flow.dst}</td>
                        <td>
                          {flow.protocol}/{flow.port} {flow.application ?? 'life-sustaining device'}
                        </td>
                        <td>{flow.count}</td>
                        <td>{flow.rule}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </>
          ) : (
            <p className="muted">Simulating on the stored flows…</p>
          )}
          {diff.data && diff.data.from !== null ? (
            <>
              <h2>
                Against {diff.data.from}: {diff.data.changes.length} change
                {diff.data.changes.length === 1 ? '' : 's'}
              </h2>
              <ul>
                {diff.data.changes.slice(0, 50).map((change) => (
                  <li key={`${change.change} ${change.key}`}>
                    {change.change} {change.key}
                    {change.change === 'changed'
                      ? ` (ports +${change.portsAdded.join(',') || '–'} −${change.portsRemoved.join(',') || '–'})`
                      : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {policy.data ? (
            <table>
              <caption>Rules, first match wins</caption>
              <thead>
                <tr>
                  <th>rule</th>
                  <th>action</th>
                  <th>from</th>
                  <th>to</th>
                  <th>service</th>
                  <th>flows simulated</th>
                  <th>why</th>
                </tr>
              </thead>
              <tbody>
                {policy.data.rules.map((rule) => (
                  <tr key={rule.id}>
                    <td>{rule.id}</td>
                    <td>{rule.action}</td>
                    <td>{policy.data!.groups.find((group) => group.id === rule.from)?.name ?? rule.from}</td>
                    <td>{policy.data!.groups.find((group) => group.id === rule.to)?.name ?? rule.to}</td>
                    <td>
                      {rule.protocol}
                      {rule.ports.length > 0 ? `/${rule.ports.join(',')}` : ''}
                      {rule.application ? ` (${rule.application})` : ''}
                    </td>
                    <td>
                      {sim?.rules.find((entry) => entry.rule === rule.id)?.flows.toLocaleString() ?? '…'}
                    </td>
                    <td>{describeRule(rule)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      )}
    </section>
  );
}
