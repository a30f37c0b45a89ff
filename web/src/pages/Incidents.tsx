import { useState } from 'react';
import type { Case } from '../../../src/respond/case.js';
import { api } from '../api.js';
import { ShareBar } from '../components/ShareBar.js';
import { Link, navigate } from '../router.js';
import { useCan } from '../session.js';
import { useApi } from '../use-api.js';

/** Days the individuals' notice may take after discovery (45 CFR 164.404(b)): the bar's full length. */
const noticeDays = 60;

/** A case as the list returns it: with the days left to the individuals' notice deadline. */
type ListedCase = Case & { breachClock: { deadline: string; daysLeft: number } };

/** A bar that empties as the deadline nears: amber in the last three weeks, red in the last week and after. */
export function ClockBar({ daysLeft }: { daysLeft: number }) {
  const colour = daysLeft <= 7 ? '#b3261e' : daysLeft <= 21 ? '#d9a441' : '#3c8d5a';
  return (
    <ShareBar
      share={daysLeft / noticeDays}
      colour={colour}
      label={`${daysLeft} of ${noticeDays} days left`}
    />
  );
}

/**
 * Incident cases, newest first, each with its phase and the breach clock counting down to the
 * individuals' notice deadline; an open case's title opens it.
 */
export function Incidents() {
  const cases = useApi<{ cases: ListedCase[] }>('/api/v1/cases');
  const canWrite = useCan('cases:write');
  const [title, setTitle] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const open = async () => {
    setMessage(null);
    try {
      const opened = await api<Case>('/api/v1/cases', { method: 'POST', body: { title } });
      navigate(`/incidents/${opened.id}`);
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  if (cases.error) return <p className="error">{cases.error}</p>;
  const list = cases.data?.cases ?? [];
  return (
    <section>
      <h1>Incidents</h1>
      <p className="muted">
        Cases through the NIST SP 800-61 phases. The clock counts to the {noticeDays}-day deadline for
        notifying individuals of a breach, from the day it was discovered.
      </p>
      {canWrite && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void open();
          }}
        >
          <label>
            Open a case by hand{' '}
            <input value={title} onChange={(event) => setTitle(event.target.value)} placeholder="title" />
          </label>
          <button type="submit" disabled={!title.trim()}>
            Open
          </button>
          {message && <span className="error">{message}</span>}
        </form>
      )}
      {list.length === 0 ? (
        <p className="empty">No case yet: open one from an alert, a device or here.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>case</th>
              <th>title</th>
              <th>severity</th>
              <th>phase</th>
              <th>owner</th>
              <th className="number">alerts</th>
              <th className="number">devices</th>
              <th>breach clock</th>
            </tr>
          </thead>
          <tbody>
            {list.map((found) => {
              const clock = found.breachClock;
              return (
                <tr key={found.id}>
                  <td style={{ whiteSpace: 'nowrap' }}>{found.id}</td>
                  <td>
                    <Link to={`/incidents/${found.id}`}>{found.title}</Link>
                  </td>
                  <td>{found.severity}</td>
                  <td>{found.status}</td>
                  <td>{found.owner ?? '—'}</td>
                  <td className="number">{found.alerts.length}</td>
                  <td className="number">{found.devices.length}</td>
                  <td>
                    {found.status === 'closed' ? (
                      <span className="muted">closed</span>
                    ) : (
                      <>
                        <ClockBar daysLeft={clock.daysLeft} />{' '}
                        {clock.daysLeft >= 0 ? `${clock.daysLeft} days left` : `${-clock.daysLeft} days past`}{' '}
                        ({clock.deadline})
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
