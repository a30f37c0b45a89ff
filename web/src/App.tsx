import { useCallback, useEffect, useState } from 'react';
import { api, setCsrfToken, signedOutEvent } from './api.js';
import { Layout } from './components/Layout.js';
import { connectLiveUpdates } from './live-updates.js';
import { Account } from './pages/Account.js';
import { Alerts } from './pages/Alerts.js';
import { AuditLog } from './pages/AuditLog.js';
import { CasePage } from './pages/CasePage.js';
import { Dashboard } from './pages/Dashboard.js';
import { DevicePage } from './pages/DevicePage.js';
import { Governance } from './pages/Governance.js';
import { Incidents } from './pages/Incidents.js';
import { Inventory } from './pages/Inventory.js';
import { NetworkMap } from './pages/NetworkMap.js';
import { NotFound } from './pages/NotFound.js';
import { PlannedCapability, plannedCapabilities } from './pages/PlannedCapability.js';
import { Segmentation } from './pages/Segmentation.js';
import { Sensors } from './pages/Sensors.js';
import { SignIn } from './pages/SignIn.js';
import { Users } from './pages/Users.js';
import { Vulnerabilities } from './pages/Vulnerabilities.js';
import { WorkQueue } from './pages/WorkQueue.js';
import { matchPath, usePath } from './router.js';
import { SessionContext } from './session.js';
import type { SessionState } from './types.js';

/**
 * Automatic logoff: after `timeoutMs` without a key, click, touch or scroll, `onIdle` runs. The
 * server's idle limit ends the session too; this says so on the screen instead of waiting for
 * the next request to fail.
 */
function watchIdleness(timeoutMs: number, onIdle: () => void): () => void {
  let timer = window.setTimeout(onIdle, timeoutMs);
  const activity = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(onIdle, timeoutMs);
  };
  const kinds = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;
  for (const kind of kinds) window.addEventListener(kind, activity, { passive: true });
  return () => {
    window.clearTimeout(timer);
    for (const kind of kinds) window.removeEventListener(kind, activity);
  };
}

export function App() {
  const [session, setSession] = useState<SessionState | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    const next = await api<SessionState>('/api/v1/auth/session');
    setCsrfToken(next.csrfToken);
    setSession(next);
  }, []);
  const signOut = useCallback(async () => {
    await api('/api/v1/auth/logout', { method: 'POST' });
    setCsrfToken(undefined);
    setSession({ state: 'anonymous' });
  }, []);
  useEffect(() => {
    void refresh();
    const onSignedOut = () => {
      setNotice('Your session ended (timed out or signed out elsewhere). Sign in again.');
      setCsrfToken(undefined);
      setSession({ state: 'anonymous' });
    };
    window.addEventListener(signedOutEvent, onSignedOut);
    return () => window.removeEventListener(signedOutEvent, onSignedOut);
  }, [refresh]);
  const isSignedIn = session?.state === 'signed-in';
  useEffect(() => (isSignedIn ? connectLiveUpdates() : undefined), [isSignedIn]);
  const idleTimeoutMs = session?.idleTimeoutMs;
  useEffect(() => {
    if (!isSignedIn || idleTimeoutMs === undefined) return undefined;
    return watchIdleness(idleTimeoutMs, () => {
      void api('/api/v1/auth/logout', { method: 'POST' }).catch(() => undefined);
      setNotice(
        `Signed out after ${Math.round(idleTimeoutMs / 60_000)} minutes without activity, so that an unattended screen shows no patient's device data. Sign in again.`,
      );
      setCsrfToken(undefined);
      setSession({ state: 'anonymous' });
    });
  }, [isSignedIn, idleTimeoutMs]);

  if (session === null) return <p className="loading">Loading…</p>;
  const value = { session, refresh, signOut };
  return (
    <SessionContext.Provider value={value}>
      {isSignedIn ? (
        <Layout>
          <Page />
        </Layout>
      ) : (
        <SignIn
          notice={notice}
          onSignedIn={(next) => {
            setNotice(null);
            setCsrfToken(next.csrfToken);
            setSession(next);
          }}
        />
      )}
    </SessionContext.Provider>
  );
}

function Page() {
  const path = usePath();
  const pathname = path.split('?')[0];
  if (pathname === '/' || pathname === '') return <Dashboard />;
  if (pathname === '/devices') return <Inventory />;
  const device = matchPath('/devices/:id', path);
  if (device) return <DevicePage id={device.id!} />;
  if (pathname === '/network') return <NetworkMap />;
  if (pathname === '/vulnerabilities') return <Vulnerabilities />;
  if (pathname === '/work-queue') return <WorkQueue />;
  if (pathname === '/alerts') return <Alerts />;
  if (pathname === '/audit') return <AuditLog />;
  if (pathname === '/sensors') return <Sensors />;
  if (pathname === '/segmentation') return <Segmentation />;
  if (pathname === '/incidents') return <Incidents />;
  const incident = matchPath('/incidents/:id', path);
  if (incident) return <CasePage id={incident.id!} />;
  if (pathname === '/governance') return <Governance />;
  if (pathname === '/users') return <Users />;
  if (pathname === '/account') return <Account />;
  const planned = plannedCapabilities.find((capability) => capability.path === pathname);
  if (planned) return <PlannedCapability capability={planned} />;
  return <NotFound />;
}
