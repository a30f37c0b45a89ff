import type { Alert, AlertStatus } from '../detect/alert.js';
import type { Store } from '../store/open-store.js';

export interface AlertChange {
  status?: AlertStatus | undefined;
  /** Who works on it; an empty string clears it. */
  assignee?: string | undefined;
  note?: string | undefined;
  actor: string;
}

/** Thrown for an alert that does not exist or a change that cannot be made; says which. */
export class AlertChangeError extends Error {}

/**
 * Moves an alert along (acknowledged, investigating, resolved, false-positive), assigns it or
 * notes something on it, with its audit row holding the fields before and after. A false
 * positive needs a note saying why.
 */
export async function changeAlert(
  store: Store,
  id: string,
  change: AlertChange,
  atMs: number,
): Promise<Alert> {
  const alert = await store.alerts.get(id);
  if (alert === undefined) throw new AlertChangeError(`no alert ${id} (vigil alerts lists them)`);
  if (change.status === 'false-positive' && !change.note?.trim() && !alert.note)
    throw new AlertChangeError(
      'calling an alert a false positive needs --note: say why, for whoever sees it next',
    );
  const at = new Date(atMs).toISOString();
  const next: Alert = {
    ...alert,
    status: change.status ?? alert.status,
    assignee: change.assignee === undefined ? alert.assignee : change.assignee.trim() || null,
    note: change.note === undefined ? alert.note : change.note.trim() || null,
    updatedAt: at,
  };
  await store.alerts.put([next]);
  await store.audit.append(
    {
      actor: change.actor,
      action: 'alert-changed',
      target: `${alert.id} ${alert.type}`,
      before: JSON.stringify(tracked(alert)),
      after: JSON.stringify(tracked(next)),
    },
    at,
  );
  return next;
}

function tracked(alert: Alert) {
  return { status: alert.status, assignee: alert.assignee, note: alert.note };
}
