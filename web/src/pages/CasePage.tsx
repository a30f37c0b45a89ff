import { useState } from 'react';
import type { Case, CaseEvidence, TimelineEntry } from '../../../src/respond/case.js';
import type { CaseIsolation } from '../../../src/respond/isolation.js';
import { api } from '../api.js';
import { DeviceLink } from '../components/DeviceLink.js';
import { Link } from '../router.js';
import { useCan } from '../session.js';
import { useApi } from '../use-api.js';
import { ClockBar } from './Incidents.js';

/** The parts of `vigil case show --json` this page shows. */
interface CaseView extends Case {
  timeline: TimelineEntry[];
  playbooks: {
    id: string;
    title: string;
    manufacturerContact: string | null;
    steps: {
      id: string;
      phase: string;
      role: string;
      action: string;
      safeguard: string | null;
      done: { by: string; at: string; note: string | null } | null;
    }[];
  }[];
  evidence: CaseEvidence[];
  isolations: CaseIsolation[];
  reviewActions: { id: string; title: string; owner: string; dueDate: string; status: string }[];
  breach: {
    discoveredOn: string;
    deadline: string;
    daysLeft: number;
    assessed: boolean;
    notificationRequired: boolean | null;
    assessment: {
      nature: string;
      recipient: string;
      acquired: string;
      mitigation: string;
      assessedBy: string | null;
    };
    deadlines: { individuals: string; hhs: string; hhsRule: string; media: string | null } | null;
  };
}

/**
 * One case: the breach clock, its containment (what the isolation stops, care first, and its
 * approval), the playbooks' steps to tick off, the evidence with its hashes, the post-incident
 * review's actions and the timeline. Every button is a call the CLI also makes, audited alike.
 */
export function CasePage({ id }: { id: string }) {
  const view = useApi<CaseView>(`/api/v1/cases/${encodeURIComponent(id)}`);
  const canWrite = useCan('cases:write');
  const canApprove = useCan('isolation:approve');
  const [message, setMessage] = useState<string | null>(null);
  const act = async (path: string, body: unknown = {}) => {
    setMessage(null);
    try {
      await api(`/api/v1/cases/${id}${path}`, { method: 'POST', body });
      view.reload();
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  if (view.error) return <p className="error">{view.error}</p>;
  if (!view.data) return <p className="loading">Loading…</p>;
  const found = view.data;
  const { breach } = found;
  const isolation = found.isolations.filter((each) => each.status !== 'superseded').at(-1);
  const deviceNames = new Map(
    found.isolations.flatMap((each) => each.devices.map((device) => [device.id, device.name] as const)),
  );
  return (
    <section>
      <p>
        <Link to="/incidents">Incidents</Link> / {found.id}
      </p>
      <h1>{found.title}</h1>
      <p className="muted">
        {found.severity} · {found.status} · owner {found.owner ?? 'none'} · opened {found.openedAt} by{' '}
        {found.openedBy} · <a href={`/api/v1/cases/${found.id}/report?format=pdf`}>incident report (PDF)</a> ·{' '}
        <a href={`/api/v1/cases/${found.id}/report?kind=medwatch`}>MedWatch fields</a>
      </p>
      {message && <p className="error">{message}</p>}

      <div className="grid-2">
        <div className="panel">
          <h2>Breach clock</h2>
          <p>
            <ClockBar daysLeft={breach.daysLeft} />{' '}
            <strong>
              {breach.daysLeft >= 0 ? `${breach.daysLeft} days left` : `${-breach.daysLeft} days past`}
            </strong>{' '}
            to notify individuals, by {breach.deadline} (discovered {breach.discoveredOn}).
          </p>
          <p>
            {breach.assessed
              ? breach.notificationRequired
                ? 'Assessed: notification required.'
                : 'Assessed: low probability of compromise, no notification.'
              : 'Not assessed yet: the four factors below are what Vigil saw.'}
            {breach.deadlines &&
              ` HHS by ${breach.deadlines.hhs} (${breach.deadlines.hhsRule}); media ${breach.deadlines.media ?? 'not required'}.`}
          </p>
          <ol className="small">
            <li>Nature and extent: {breach.assessment.nature}</li>
            <li>Recipient: {breach.assessment.recipient}</li>
            <li>Acquired or viewed: {breach.assessment.acquired}</li>
            <li>Mitigation: {breach.assessment.mitigation}</li>
          </ol>
        </div>
        <div className="panel">
          <h2>Containment</h2>
          {isolation === undefined ? (
            <p className="muted">No isolation proposed.</p>
          ) : (
            <>
              <p>
                Isolation {isolation.seq} of {isolation.devices.map((device) => device.name).join(', ')}:{' '}
                <strong>{isolation.status}</strong>. Proposed by {isolation.proposedBy}
                {isolation.approvedBy && `, approved by ${isolation.approvedBy}`}
                {isolation.appliedAt && `, applied ${isolation.appliedAt}`}
                {isolation.liftedAt && `, lifted ${isolation.liftedAt}`}.
              </p>
              {isolation.status === 'awaiting-approval' && (
                <p className="error">{isolation.approvalNeeded}</p>
              )}
              <p>
                It blocks {isolation.impact.blocked} stored flows,{' '}
                <strong>{isolation.impact.clinicalBlocked} of them clinical care</strong>.
              </p>
              {isolation.impact.stops.length > 0 && (
                <table className="small">
                  <thead>
                    <tr>
                      <th>care</th>
                      <th>peer</th>
                      <th>service</th>
                      <th className="number">flows</th>
                    </tr>
                  </thead>
                  <tbody>
                    {isolation.impact.stops.slice(0, 12).map((stop) => (
                      <tr key={`${stop.device} ${stop.peer} ${stop.protocol} ${stop.port} ${stop.direction}`}>
                        <td>{stop.clinical ? <strong>stops care</strong> : ''}</td>
                        <td>
                          {stop.direction === 'outbound' ? '→' : '←'} {stop.peer}
                        </td>
                        <td>
                          {stop.protocol}/{stop.port} {stop.application ?? ''}
                        </td>
                        <td className="number">{stop.flows}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <p>
                {isolation.status === 'awaiting-approval' && canApprove && (
                  <button type="button" onClick={() => void act('/isolation/approve')}>
                    Approve as second person
                  </button>
                )}{' '}
                {isolation.status === 'ready' && canWrite && (
                  <button type="button" onClick={() => void act('/isolation/applied')}>
                    Record applied
                  </button>
                )}{' '}
                {isolation.status === 'applied' && canWrite && (
                  <button type="button" onClick={() => void act('/isolation/lift')}>
                    Record lifted
                  </button>
                )}{' '}
                {(isolation.status === 'ready' || isolation.status === 'applied') && canWrite && (
                  <span>
                    Rules for:{' '}
                    {(['nftables', 'cisco-acl', 'ise'] as const).map((format) => (
                      <span key={format}>
                        <a href={`/api/v1/cases/${found.id}/isolation/export?format=${format}`}>
                          {format}
                        </a>{' '}
                      </span>
                    ))}
                  </span>
                )}
              </p>
            </>
          )}
          {canWrite && isolation?.status !== 'applied' && found.devices.length > 0 && (
            <p>
              <button
                type="button"
                className="secondary"
                onClick={() => void act('/isolation', { keepClinical: true })}
              >
                Propose isolation, keeping clinical flows
              </button>{' '}
              <button type="button" className="secondary" onClick={() => void act('/isolation', {})}>
                Propose full isolation
              </button>
            </p>
          )}
        </div>
      </div>

      <h2>Devices</h2>
      <p>
        {found.devices.length === 0
          ? 'None.'
          : found.devices.map((device) => (
              <span key={device}>
                <DeviceLink id={device} name={deviceNames.get(device) ?? device} />{' '}
              </span>
            ))}
      </p>

      {found.playbooks.map((playbook) => (
        <div key={playbook.id} className="panel">
          <h2>
            Playbook: {playbook.title}
            {playbook.manufacturerContact && (
              <span className="muted small"> · manufacturer: {playbook.manufacturerContact}</span>
            )}
          </h2>
          <ul className="work-list">
            {playbook.steps.map((step) => (
              <li key={step.id}>
                <span aria-hidden="true">{step.done ? '☑' : '☐'}</span> <strong>{step.action}</strong>{' '}
                <span className="muted small">
                  {step.phase} · {step.role}
                </span>
                {step.safeguard && <div className="small">Safeguard: {step.safeguard}</div>}
                {step.done ? (
                  <div className="muted small">
                    done by {step.done.by} at {step.done.at}
                    {step.done.note && `: ${step.done.note}`}
                  </div>
                ) : (
                  canWrite && (
                    <div>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => void act('/steps', { step: `${playbook.id}/${step.id}` })}
                      >
                        Mark done
                      </button>
                    </div>
                  )
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}

      <h2>Evidence and chain of custody</h2>
      {found.evidence.length === 0 ? (
        <p className="muted">No export yet.</p>
      ) : (
        <ul>
          {found.evidence.map((evidence) => (
            <li key={evidence.sha256}>
              {evidence.file}: SHA-256 <code>{evidence.sha256}</code>, {evidence.packets} packets, by{' '}
              {evidence.by} at {evidence.at}; {evidence.reason}
            </li>
          ))}
        </ul>
      )}

      <h2>Post-incident review</h2>
      {found.reviewActions.length === 0 ? (
        <p className="muted">No action entered in the risk register yet.</p>
      ) : (
        <ul>
          {found.reviewActions.map((entry) => (
            <li key={entry.id}>
              {entry.title} — {entry.owner}, due {entry.dueDate} ({entry.status})
            </li>
          ))}
        </ul>
      )}

      <h2>Timeline</h2>
      <table className="small">
        <thead>
          <tr>
            <th>time (UTC)</th>
            <th>kind</th>
            <th>by</th>
            <th>what</th>
          </tr>
        </thead>
        <tbody>
          {found.timeline.map((entry, index) => (
            <tr key={`${entry.at} ${entry.ref} ${index}`}>
              <td>{entry.at}</td>
              <td>{entry.kind}</td>
              <td>{entry.actor ?? ''}</td>
              <td>{entry.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
