import type { ReactNode } from 'react';
import { plannedCapabilities } from '../pages/PlannedCapability.js';
import { Link, usePath } from '../router.js';
import { useCan, useSession } from '../session.js';

/** The frame of every signed-in page: a skip link, the navigation, who is signed in. */
export function Layout({ children }: { children: ReactNode }) {
  const { session, signOut } = useSession();
  const path = usePath().split('?')[0] ?? '/';
  const canAudit = useCan('audit:read');
  const canSeeAlerts = useCan('alerts:read');
  const canManageUsers = useCan('users:manage');
  const canSeeSystem = useCan('system:read');
  const canReadPolicy = useCan('policy:read');
  const canReadCases = useCan('cases:read');
  const items = [
    { to: '/', label: 'Overview' },
    ...(canSeeAlerts ? [{ to: '/alerts', label: 'Alerts' }] : []),
    ...(canReadCases ? [{ to: '/incidents', label: 'Incidents' }] : []),
    { to: '/work-queue', label: 'Work queue' },
    { to: '/devices', label: 'Inventory' },
    { to: '/network', label: 'Network map' },
    { to: '/vulnerabilities', label: 'Vulnerabilities' },
    ...(canReadPolicy ? [{ to: '/segmentation', label: 'Segmentation' }] : []),
    { to: '/governance', label: 'Governance' },
    ...(canSeeSystem ? [{ to: '/sensors', label: 'Sensors' }] : []),
    ...(canAudit ? [{ to: '/audit', label: 'Audit log' }] : []),
    ...(canManageUsers ? [{ to: '/users', label: 'Users and tokens' }] : []),
  ];
  const isCurrent = (to: string) => (to === '/' ? path === '/' : path.startsWith(to));
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <nav aria-label="Main">
        <div className="brand">Vigil</div>
        <ul>
          {items.map((item) => (
            <li key={item.to}>
              <Link to={item.to} aria-current={isCurrent(item.to) ? 'page' : undefined}>
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
        <p className="nav-heading">Coming next</p>
        <ul>
          {plannedCapabilities.map((capability) => (
            <li key={capability.path}>
              <Link to={capability.path} aria-current={isCurrent(capability.path) ? 'page' : undefined}>
                {capability.title}
              </Link>
            </li>
          ))}
        </ul>
        <div className="who">
          <Link to="/account" aria-current={isCurrent('/account') ? 'page' : undefined}>
            {session.user?.username} <span className="muted">({session.user?.roleLabel})</span>
          </Link>
          <button type="button" className="link-button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
