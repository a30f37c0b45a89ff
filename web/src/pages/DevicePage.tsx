import { type FormEvent, useState } from 'react';
import { patchStatuses, patchStatusLabel } from '../../../src/intel/patch-status.js';
import { ApiError, api } from '../api.js';
import { DeviceAlerts } from '../components/DeviceAlerts.js';
import { DeviceBaseline } from '../components/DeviceBaseline.js';
import { DeviceComms } from '../components/DeviceComms.js';
import { DevicePolicyRules } from '../components/DevicePolicyRules.js';
import { RiskBadge } from '../components/RiskBadge.js';
import { Link } from '../router.js';
import { useCan } from '../session.js';
import type { DeviceDetail, Evidence as EvidenceType } from '../types.js';
import { useApi } from '../use-api.js';

const fields = ['type', 'category', 'vendor', 'manufacturer', 'model', 'firmware', 'hostname', 'location'];
/** The attribute each overridable field is kept as. */
const attributeOfField: Record<string, string> = { firmware: 'software-version' };

/** `hospital.pcapng #1234`: the capture and packet that showed it (the full path is in the tooltip). */
function Evidence({ evidence }: { evidence: EvidenceType | null }) {
  if (evidence === null) return null;
  const name = evidence.capture.split('/').pop();
  return (
    <span
      title={`${evidence.capture}, packet ${evidence.packetNumber}, byte ${evidence.fileOffset}`}
    >{`${name} #${evidence.packetNumber}`}</span>
  );
}

/** One device: everything known of it and why, with the analyst's corrections. */
export function DevicePage({ id }: { id: string }) {
  const { data, error, reload } = useApi<DeviceDetail>(`/api/v1/devices/${encodeURIComponent(id)}`);
  const canReadPolicy = useCan('policy:read');
  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (data === null) return <p className="loading">Loading…</p>;
  const { device, risk } = data;
  const title = data.summary?.name ?? device.hostnames[0] ?? device.ips[0] ?? device.id;
  return (
    <article className="device">
      <p className="breadcrumb">
        <Link to="/devices">Inventory</Link> / {title}
      </p>
      <h1>
        {title} {risk && <RiskBadge level={risk.level} score={risk.score} />}
      </h1>
      <p className="muted">
        {[device.type ?? 'unclassified', device.vendor, device.model, device.firmware]
          .filter(Boolean)
          .join(' · ')}{' '}
        · {device.status} · {device.id}
      </p>
      <Summary detail={data} />
      <DeviceAlerts deviceId={device.id} />
      <Findings detail={data} />
      <VulnerabilityList detail={data} onChanged={reload} />
      <RiskExplanation detail={data} />
      <Traffic detail={data} />
      <DeviceBaseline deviceId={device.id} />
      <DeviceComms deviceId={device.id} />
      {canReadPolicy ? <DevicePolicyRules deviceId={device.id} /> : null}
      <Identity detail={data} onChanged={reload} />
      <History detail={data} />
    </article>
  );
}

/**
 * What an analyst reads first: what the device is, where, what it does for patients, how risky
 * and why, and the three things that would lower its risk most.
 */
function Summary({ detail }: { detail: DeviceDetail }) {
  const { device, risk, summary } = detail;
  const clinicalFunction = risk?.factors
    .find((factor) => factor.name.startsWith('clinical function: '))
    ?.name.slice('clinical function: '.length);
  const todo = thingsToDo(detail).slice(0, 3);
  return (
    <section className="panel summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <dl className="facts">
        <dt>What</dt>
        <dd>
          {device.type ?? 'not classified yet'}
          {device.manufacturer || device.vendor ? ` by ${device.manufacturer ?? device.vendor}` : ''}
          {device.model ? `, ${device.model}` : ', model unknown'}
          {device.firmware ? ` (firmware ${device.firmware})` : ''}
        </dd>
        <dt>Where</dt>
        <dd>
          {summary?.zone ?? 'no zone'} · {device.ips.join(', ') || 'no IP'} · {device.status}
        </dd>
        <dt>For patients</dt>
        <dd>{clinicalFunction ? `${clinicalFunction} device` : 'clinical function unknown'}</dd>
        {risk && (
          <>
            <dt>Risk</dt>
            <dd>
              <RiskBadge level={risk.level} score={risk.score} /> because of {risk.reason}.
              {risk.levelNote && <div className="note">{risk.levelNote}</div>}
            </dd>
          </>
        )}
      </dl>
      <h3>What to do first</h3>
      {todo.length === 0 ? (
        <p className="muted">Nothing seen against it: no finding and no matched vulnerability.</p>
      ) : (
        <ol className="work-list">
          {todo.map((item) => (
            <li key={item.key}>
              {item.action}{' '}
              {item.points > 0 && <span className="muted">(−{item.points.toFixed(1)} points)</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The device's own actions, largest risk factor first: fix a finding, patch a vulnerability, identify it. */
function thingsToDo(detail: DeviceDetail): { key: string; action: string; points: number }[] {
  const { device, risk } = detail;
  const points = (name: string) => risk?.factors.find((factor) => factor.name === name)?.contribution ?? 0;
  const items = [
    ...device.findings.map((finding) => ({
      key: `finding:${finding.type}`,
      action: `${finding.remedy}`,
      points: points(`finding: ${finding.type}`),
    })),
    ...detail.vulnerabilities
      .filter(
        (vulnerability) => !['applied', 'mitigated', 'risk-accepted'].includes(vulnerability.status.value),
      )
      .map((vulnerability) => ({
        key: `vulnerability:${vulnerability.id}`,
        action: `${vulnerability.kev ? 'Known exploited: patch' : 'Patch'} ${vulnerability.id}${
          vulnerability.recommendedActions[0] ? `: ${vulnerability.recommendedActions[0]}` : ''
        }`,
        points: points(`vulnerability ${vulnerability.id}`),
      })),
  ];
  if (device.model === null)
    items.push({
      key: 'identify',
      action:
        'Confirm its model and firmware (asset list or an override below): until then no advisory can be matched to it.',
      points: 0,
    });
  return items.sort((a, b) => b.points - a.points || a.key.localeCompare(b.key));
}

function RiskExplanation({ detail }: { detail: DeviceDetail }) {
  const risk = detail.risk;
  if (risk === null) return null;
  return (
    <section className="panel" aria-labelledby="risk-heading">
      <h2 id="risk-heading">Risk explanation</h2>
      <p>
        Score {risk.score.toFixed(1)} = 100 × impact {risk.impact.toFixed(3)} × likelihood{' '}
        {risk.likelihood.toFixed(3)}. Each factor's points are its share of the score; together they add up to
        it.
      </p>
      <table className="factors">
        <thead>
          <tr>
            <th scope="col">Factor</th>
            <th scope="col">Kind</th>
            <th scope="col" className="number">
              Points
            </th>
            <th scope="col">Evidence</th>
          </tr>
        </thead>
        <tbody>
          {risk.factors.map((factor) => (
            <tr key={`${factor.kind}-${factor.name}`}>
              <td title={factor.name}>{factor.label}</td>
              <td>{factor.kind}</td>
              <td className="number">
                {factor.contribution >= 0 ? '+' : ''}
                {factor.contribution.toFixed(1)}
              </td>
              <td>{factor.evidence}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {risk.vulnerabilities.length > 0 && (
        <>
          <h3>Vulnerability priorities (CISA SSVC and medical-context CVSS)</h3>
          <ul>
            {risk.vulnerabilities.map((vulnerability) => (
              <li key={vulnerability.id}>
                <strong>{vulnerability.id}</strong>: SSVC <strong>{vulnerability.ssvc.decision}</strong> (
                {vulnerability.ssvc.path.map((step) => `${step.point} ${step.value}`).join(', ')}); medical
                CVSS {(vulnerability.medicalCvss.score ?? vulnerability.medicalCvss.baseScore).toFixed(1)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Identity({ detail, onChanged }: { detail: DeviceDetail; onChanged: () => void }) {
  const canEdit = useCan('inventory:write');
  const [message, setMessage] = useState<string | null>(null);
  const { device } = detail;
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = String(form.get('field'));
    try {
      await api(`/api/v1/devices/${encodeURIComponent(device.id)}/overrides/${field}`, {
        method: 'PUT',
        body: { value: String(form.get('value')), reason: String(form.get('reason') ?? '') || undefined },
      });
      setMessage(`${field} set`);
      onChanged();
    } catch (caught) {
      setMessage(caught instanceof ApiError ? caught.message : String(caught));
    }
  }
  async function clear(field: string) {
    try {
      await api(`/api/v1/devices/${encodeURIComponent(device.id)}/overrides/${field}`, { method: 'DELETE' });
      setMessage(`${field} override cleared`);
      onChanged();
    } catch (caught) {
      setMessage(caught instanceof ApiError ? caught.message : String(caught));
    }
  }
  // One row per value, however many protocols reported it: an IP seen by ARP, DHCP, DNS and
  // NTP is one fact with four witnesses.
  const grouped = [
    ...device.attributes
      .reduce((byValue, attribute) => {
        const key = `${attribute.name}\u0000${attribute.value}`;
        const known = byValue.get(key);
        if (known === undefined) byValue.set(key, { ...attribute, sources: [attribute.source] });
        else {
          if (!known.sources.includes(attribute.source)) known.sources.push(attribute.source);
          known.confidence = Math.max(known.confidence, attribute.confidence);
        }
        return byValue;
      }, new Map<string, (typeof device.attributes)[number] & { sources: string[] }>())
      .values(),
  ].sort((a, b) => a.name.localeCompare(b.name) || a.value.localeCompare(b.value));
  const overridden = fields.filter((field) =>
    device.attributes.some(
      (attribute) => attribute.name === (attributeOfField[field] ?? field) && attribute.source === 'override',
    ),
  );
  return (
    <section className="panel" aria-labelledby="identity-heading">
      <h2 id="identity-heading">Identity and evidence</h2>
      <p className="muted small">Device id {device.id}</p>
      <dl className="facts">
        <dt>MAC</dt>
        <dd>{device.macs.join(', ') || '—'}</dd>
        <dt>IP</dt>
        <dd>{device.ips.join(', ') || '—'}</dd>
        <dt>Host names</dt>
        <dd>{device.hostnames.join(', ') || '—'}</dd>
        <dt>Protocols</dt>
        <dd>{device.protocols.join(', ') || '—'}</dd>
        <dt>Clinical roles</dt>
        <dd>{device.roles.join(', ') || '—'}</dd>
        <dt>Asset tag</dt>
        <dd>{device.assetTag ?? '—'}</dd>
        <dt>Seen</dt>
        <dd>
          {device.firstSeen} – {device.lastSeen}
        </dd>
      </dl>
      <details>
        <summary>
          Raw evidence: {grouped.length} values from {device.attributes.length} observations
        </summary>
        <table className="evidence">
          <thead>
            <tr>
              <th scope="col">Attribute</th>
              <th scope="col">Value</th>
              <th scope="col">Seen by</th>
              <th scope="col" className="number">
                Confidence
              </th>
              <th scope="col">First evidence</th>
            </tr>
          </thead>
          <tbody>
            {grouped.map((attribute) => (
              <tr key={`${attribute.name}-${attribute.value}`}>
                <td>{attribute.name}</td>
                <td>{attribute.value}</td>
                <td>{attribute.sources.join(', ')}</td>
                <td className="number">{attribute.confidence.toFixed(2)}</td>
                <td>
                  <Evidence evidence={attribute.evidence} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {canEdit && (
        <form className="inline-form" onSubmit={onSubmit} aria-label="Change an attribute">
          <label>
            Attribute
            <select name="field" defaultValue="location">
              {fields.map((field) => (
                <option key={field} value={field}>
                  {field}
                </option>
              ))}
            </select>
          </label>
          <label>
            Value
            <input name="value" required maxLength={200} />
          </label>
          <label>
            Reason
            <input name="reason" maxLength={500} />
          </label>
          <button type="submit">Set</button>
          {overridden.map((field) => (
            <button key={field} type="button" className="secondary" onClick={() => void clear(field)}>
              Clear {field} override
            </button>
          ))}
        </form>
      )}
      {message && <output className="message">{message}</output>}
    </section>
  );
}

function Findings({ detail }: { detail: DeviceDetail }) {
  const findings = detail.device.findings;
  return (
    <section className="panel" aria-labelledby="findings-heading">
      <h2 id="findings-heading">Findings ({findings.length})</h2>
      {findings.length === 0 ? (
        <p className="muted">None: the traffic seen shows no weakness of this device.</p>
      ) : (
        <ul>
          {findings.map((finding) => (
            <li key={finding.type}>
              <RiskBadge level={finding.severity === 'critical' ? 'critical' : finding.severity} />{' '}
              {finding.summary}
              {finding.detail ? ` (${finding.detail})` : ''}.{' '}
              <span className="muted">Remedy: {finding.remedy}</span>{' '}
              <span className="muted">
                <Evidence evidence={finding.evidence} />
              </span>
            </li>
          ))}
        </ul>
      )}
      {detail.recalls.length > 0 && (
        <>
          <h3>Recalls</h3>
          <ul>
            {detail.recalls.map((recall) => (
              <li key={recall.recallNumber}>
                {recall.recallNumber} (class {recall.recallClass}, {recall.date}): {recall.reason}{' '}
                <span className="muted">{recall.why}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function VulnerabilityList({ detail, onChanged }: { detail: DeviceDetail; onChanged: () => void }) {
  const canEdit = useCan('vulnerabilities:write');
  const [message, setMessage] = useState<string | null>(null);
  async function setStatus(vulnerabilityId: string, status: string, note: string) {
    try {
      await api(
        `/api/v1/devices/${encodeURIComponent(detail.device.id)}/vulnerabilities/${encodeURIComponent(vulnerabilityId)}/status`,
        { method: 'PUT', body: { status, ...(note.trim() ? { note: note.trim() } : {}) } },
      );
      setMessage(`${vulnerabilityId}: ${patchStatusLabel(status)}, recorded in the device's history`);
      onChanged();
    } catch (caught) {
      setMessage(caught instanceof ApiError ? caught.message : String(caught));
    }
  }
  return (
    <section className="panel" aria-labelledby="vulnerabilities-heading">
      <h2 id="vulnerabilities-heading">Vulnerabilities ({detail.vulnerabilities.length})</h2>
      {detail.vulnerabilities.length === 0 ? (
        <p className="muted">
          {detail.device.model === null
            ? 'Model unknown: no advisory can be matched to this device until its model and firmware are known. This is not "no vulnerabilities".'
            : 'None matched by the imported advisories and catalogues.'}
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">CVE</th>
              <th scope="col" className="number">
                CVSS
              </th>
              <th scope="col" className="number">
                EPSS
              </th>
              <th scope="col">KEV</th>
              <th scope="col">Certainty</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {detail.vulnerabilities.map((vulnerability) => (
              <tr key={vulnerability.id}>
                <td title={vulnerability.title ?? undefined}>{vulnerability.id}</td>
                <td className="number">{vulnerability.cvss?.baseScore.toFixed(1) ?? '—'}</td>
                <td className="number">{vulnerability.epss ? vulnerability.epss.score.toFixed(3) : '—'}</td>
                <td>{vulnerability.kev ? `since ${vulnerability.kev.dateAdded}` : ''}</td>
                <td>
                  {vulnerability.certainty} ({vulnerability.confidence.toFixed(2)})
                </td>
                <td>
                  {canEdit ? (
                    <StatusChanger
                      vulnerabilityId={vulnerability.id}
                      current={vulnerability.status.value}
                      onConfirm={(status, note) => void setStatus(vulnerability.id, status, note)}
                    />
                  ) : (
                    patchStatusLabel(vulnerability.status.value)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {message && <output className="message">{message}</output>}
    </section>
  );
}

function Traffic({ detail }: { detail: DeviceDetail }) {
  const [allPeers, setAllPeers] = useState(false);
  const peers = allPeers ? detail.peers : detail.peers.slice(0, 25);
  const protocolName = (protocol: number) =>
    protocol === 6 ? 'TCP' : protocol === 17 ? 'UDP' : `IP ${protocol}`;
  return (
    <section className="panel" aria-labelledby="traffic-heading">
      <h2 id="traffic-heading">Peers and flows</h2>
      <div className="grid-2">
        <table>
          <caption>
            {detail.peers.length === 1 ? '1 peer' : `${detail.peers.length} peers`}, busiest first
            {detail.peers.length > 25 && (
              <>
                {' '}
                <button type="button" className="link-button" onClick={() => setAllPeers(!allPeers)}>
                  {allPeers ? 'show the first 25' : `show all ${detail.peers.length}`}
                </button>
              </>
            )}
          </caption>
          <thead>
            <tr>
              <th scope="col">Peer</th>
              <th scope="col">Services</th>
              <th scope="col" className="number">
                Flows
              </th>
              <th scope="col" className="number">
                Bytes
              </th>
            </tr>
          </thead>
          <tbody>
            {peers.map((peer) => (
              <tr key={peer.address}>
                <td>
                  {peer.deviceId ? (
                    <Link to={`/devices/${encodeURIComponent(peer.deviceId)}`}>
                      {peer.name ?? peer.address}
                    </Link>
                  ) : (
                    peer.address
                  )}
                  <div className="muted small">
                    {peer.deviceId ? `${peer.type ?? 'device'} · ${peer.address}` : 'not in the inventory'}
                  </div>
                </td>
                <td>{peer.ports.join(', ')}</td>
                <td className="number">{peer.flows}</td>
                <td className="number">{peer.bytes.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>Latest flows</caption>
          <thead>
            <tr>
              <th scope="col">First packet</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col" className="number">
                Packets
              </th>
            </tr>
          </thead>
          <tbody>
            {detail.flows.slice(0, 25).map((flow) => (
              <tr key={flow.id}>
                <td>{flow.firstSeen.slice(11, 19)}</td>
                <td>
                  {flow.initiator.address}:{flow.initiator.port}
                </td>
                <td>
                  {flow.responder.address}:{flow.responder.port} {protocolName(flow.protocol)}
                </td>
                <td className="number">{flow.packetsFromInitiator + flow.packetsFromResponder}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function History({ detail }: { detail: DeviceDetail }) {
  return (
    <section className="panel" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Change</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {[...detail.history].reverse().map((event, index) => (
            <tr key={`${event.at}-${event.kind}-${index}`}>
              <td>{event.at.slice(0, 19).replace('T', ' ')}</td>
              <td>
                {event.kind.replaceAll('-', ' ')}
                {event.attribute ? ` ${event.attribute}` : ''}
              </td>
              <td>
                {event.before ?? ''} {event.before || event.after ? '→' : ''} {event.after ?? ''}
                {event.reason ? <span className="muted"> ({event.reason})</span> : null}
              </td>
              <td>{event.actor}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * A patch status changes in two steps: choose it, then confirm with a reason (a change number,
 * what was done), so a slip of the mouse never records one. Risk acceptance needs an owner and an
 * end date, so it is set with vigil vuln-status or through the API, not here.
 */
function StatusChanger({
  vulnerabilityId,
  current,
  onConfirm,
}: {
  vulnerabilityId: string;
  current: string;
  onConfirm: (status: string, note: string) => void;
}) {
  const [chosen, setChosen] = useState(current);
  const [note, setNote] = useState('');
  return (
    <div className="status-changer">
      <select
        aria-label={`Status of ${vulnerabilityId}`}
        value={chosen}
        onChange={(event) => setChosen(event.target.value)}
      >
        {patchStatuses
          .filter((status) => status !== 'risk-accepted' || current === 'risk-accepted')
          .map((status) => (
            <option key={status} value={status}>
              {patchStatusLabel(status)}
            </option>
          ))}
      </select>
      {chosen !== current && (
        <form
          className="inline-form"
          aria-label={`Confirm the status of ${vulnerabilityId}`}
          onSubmit={(event) => {
            event.preventDefault();
            onConfirm(chosen, note);
          }}
        >
          <label>
            Reason
            <input value={note} onChange={(event) => setNote(event.target.value)} maxLength={500} required />
          </label>
          <button type="submit">Set {patchStatusLabel(chosen)}</button>
          <button type="button" className="secondary" onClick={() => setChosen(current)}>
            Cancel
          </button>
        </form>
      )}
    </div>
  );
}
