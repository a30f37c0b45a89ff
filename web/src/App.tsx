import { useCallback, useEffect, useState } from 'react';
import { api, setCsrfToken, signedOutEvent } from './api.js';
import { Layout } from './components/Layout.js';
import { connectLiveUpdates } from './live-updates.js';
import { Account } from './pages/Account.js';
import { AuditLog } from './pages/AuditLog.js';
import { Dashboard } from './pages/Dashboard.js';
import { DevicePage } from './pages/DevicePage.js';
import { Inventory } from './pages/Inventory.js';
import { NetworkMap } from './pages/NetworkMap.js';
import { NotFound } from './pages/NotFound.js';
import { PlannedCapability, plannedCapabilities } from './pages/PlannedCapability.js';
import { SignIn } from './pages/SignIn.js';
import { Users } from './pages/Users.js';
import { Vulnerabilities } from './pages/Vulnerabilities.js';
import { WorkQueue } from './pages/WorkQueue.js';
import { matchPath, usePath } from './router.js';
import { SessionContext } from './session.js';
import type { SessionState } from './types.js';

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
  if (pathname === '/audit') return <AuditLog />;
  if (pathname === '/users') return <Users />;
  if (pathname === '/account') return <Account />;
  const planned = plannedCapabilities.find((capability) => capability.path === pathname);
  if (planned) return <PlannedCapability capability={planned} />;
  return <NotFound />;
}
