import type { WorkItemStatus, WorkItemTracking } from '../risk/work-item.js';
import type { Store } from '../store/open-store.js';

export interface WorkItemChange {
  status: WorkItemStatus;
  owner?: string | undefined;
  /** YYYY-MM-DD. */
  dueDate?: string | undefined;
  note?: string | undefined;
  actor: string;
}

/** Why a change cannot be recorded, or null; `names` are what the caller calls the fields. */
export function workItemProblem(
  change: Omit<WorkItemChange, 'actor'>,
  names: { dueDate: string; note: string } = { dueDate: 'dueDate', note: 'note' },
): string | null {
  if (change.dueDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(change.dueDate))
    return `${names.dueDate}: expected YYYY-MM-DD, got "${change.dueDate}"`;
  if (change.status === 'accepted' && (change.note === undefined || change.note.trim() === ''))
    return `accepting an item's risk needs ${names.note}: say why it is accepted`;
  return null;
}

/**
 * Records who owns a work-queue item, by when, and where it stands, with its audit row. Fields not
 * given keep what was set before. Returns the decision it replaced, or null.
 */
export async function setWorkItem(
  store: Store,
  itemId: string,
  change: WorkItemChange,
  atMs: number,
): Promise<WorkItemTracking | null> {
  const at = new Date(atMs).toISOString();
  const previous = (await store.workItems.all()).get(itemId) ?? null;
  const next: WorkItemTracking = {
    status: change.status,
    owner: change.owner ?? previous?.owner ?? null,
    dueDate: change.dueDate ?? previous?.dueDate ?? null,
    note: change.note ?? previous?.note ?? null,
    actor: change.actor,
    at,
  };
  const before = await store.workItems.set(itemId, next);
  await store.audit.append(
    {
      actor: change.actor,
      action: 'work-item-set',
      target: itemId,
      before: before === null ? null : JSON.stringify(trackedFields(before)),
      after: JSON.stringify(trackedFields(next)),
    },
    at,
  );
  return before;
}

function trackedFields(tracking: WorkItemTracking) {
  return { status: tracking.status, owner: tracking.owner, dueDate: tracking.dueDate, note: tracking.note };
}
