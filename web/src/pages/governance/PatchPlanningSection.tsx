import { useState } from 'react';
import type { MaintenanceWindow } from '../../../../src/govern/maintenance/maintenance-windows.js';
import type { Utilisation } from '../../../../src/govern/maintenance/utilisation.js';
import { api } from '../../api.js';
import { ShareBar } from '../../components/ShareBar.js';
import { useCan } from '../../session.js';
import { useApi } from '../../use-api.js';
import { UtilisationHeatmap } from './UtilisationHeatmap.js';

interface Plan {
  name?: string;
  id?: string;
  timeZone: string;
  utilisation: Utilisation;
  windows: MaintenanceWindow[];
}

interface Campaign {
  id: string;
  name: string;
  targetKind: string;
  target: string;
  due: string | null;
  closedAt: string | null;
  devices: number;
  done: number;
}

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * When to patch: a device's work over the week from its own traffic with the idle windows
 * proposed, and the patch campaigns with their progress.
 */
export function PatchPlanningSection() {
  const [device, setDevice] = useState('');
  const [hours, setHours] = useState(4);
  const [asked, setAsked] = useState<string | null>(null);
  const plan = useApi<Plan>(asked);
  const campaigns = useApi<{ campaigns: Campaign[] }>('/api/v1/patch-campaigns');
  const canWrite = useCan('vulnerabilities:write');
  const [campaign, setCampaign] = useState({ name: '', target: '' });
  const [message, setMessage] = useState<string | null>(null);
  const start = async () => {
    setMessage(null);
    const target = campaign.target.trim();
    try {
      await api('/api/v1/patch-campaigns', {
        method: 'POST',
        body: {
          name: campaign.name,
          ...(/^CVE-/i.test(target) ? { vulnerability: target } : { advisory: target }),
        },
      });
      setCampaign({ name: '', target: '' });
      campaigns.reload();
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  return (
    <>
      <h2>Maintenance windows</h2>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          setAsked(
            `/api/v1/maintenance-windows?${new URLSearchParams({ device: device.trim(), hours: String(hours), timeZone: browserZone })}`,
          );
        }}
      >
        <label>
          Device{' '}
          <input
            value={device}
            placeholder="id, MAC or IP"
            onChange={(event) => setDevice(event.target.value)}
          />
        </label>
        <label>
          Hours{' '}
          <input
            type="number"
            min={1}
            max={24}
            value={hours}
            onChange={(event) => setHours(Number(event.target.value))}
          />
        </label>
        <button type="submit" disabled={device.trim() === ''}>
          Propose
        </button>
      </form>
      {plan.error && <p className="error">{plan.error}</p>}
      {plan.data && (
        <>
          <UtilisationHeatmap
            utilisation={plan.data.utilisation}
            windows={plan.data.windows}
            label={`Work per hour of the week of ${plan.data.name ?? 'the device'}, hours in ${plan.data.timeZone}; windows outlined`}
          />
          {plan.data.windows.length === 0 ? (
            <p className="muted">No window: not enough consecutive hours observed yet.</p>
          ) : (
            <ol>
              {plan.data.windows.map((window) => (
                <li key={window.startHour}>
                  {window.start} – {window.end} ({plan.data!.timeZone}):{' '}
                  {window.idle ? 'idle' : `${window.sessionsPerHour} sessions per hour`}, {window.quietBefore}{' '}
                  h quiet before and {window.quietAfter} h after; observed {window.timesObserved}×
                </li>
              ))}
            </ol>
          )}
        </>
      )}
      <h2>Patch campaigns</h2>
      {campaigns.data && campaigns.data.campaigns.length === 0 && <p className="muted">No campaign yet.</p>}
      {campaigns.data && campaigns.data.campaigns.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Campaign</th>
              <th>Target</th>
              <th>Due</th>
              <th>Progress</th>
            </tr>
          </thead>
          <tbody>
            {campaigns.data.campaigns.map((entry) => (
              <tr key={entry.id}>
                <td>
                  {entry.name}
                  {entry.closedAt ? ' (closed)' : ''}
                </td>
                <td>{entry.target}</td>
                <td>{entry.due ?? '—'}</td>
                <td>
                  <ShareBar
                    share={entry.devices === 0 ? 0 : entry.done / entry.devices}
                    colour="#3c8d5a"
                    label={`${entry.done} of ${entry.devices} devices done`}
                  />{' '}
                  {entry.done} of {entry.devices}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void start();
          }}
        >
          <label>
            Name{' '}
            <input
              value={campaign.name}
              onChange={(event) => setCampaign({ ...campaign, name: event.target.value })}
            />
          </label>
          <label>
            CVE or advisory{' '}
            <input
              value={campaign.target}
              onChange={(event) => setCampaign({ ...campaign, target: event.target.value })}
            />
          </label>
          <button type="submit" disabled={campaign.name.trim() === '' || campaign.target.trim() === ''}>
            Start campaign
          </button>
        </form>
      )}
      {message && <p className="error">{message}</p>}
    </>
  );
}
