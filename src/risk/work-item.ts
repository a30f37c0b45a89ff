/**
 * The fix-first work queue's contract: `vigil queue --json`, the API and the console share it
 * (the console imports this file, so it imports nothing).
 */
export const workItemStatuses = ['open', 'in-progress', 'done', 'accepted'] as const;
export type WorkItemStatus = (typeof workItemStatuses)[number];

export const workItemStatusLabels: Record<WorkItemStatus, string> = {
  open: 'open',
  'in-progress': 'in progress',
  done: 'done',
  accepted: 'risk accepted',
};

export function isWorkItemStatus(value: string): value is WorkItemStatus {
  return (workItemStatuses as readonly string[]).includes(value);
}

/** Where an item stands, as people set it (owner, due date, status), with who set it last. */
export interface WorkItemTracking {
  status: WorkItemStatus;
  owner: string | null;
  /** YYYY-MM-DD. */
  dueDate: string | null;
  note: string | null;
  actor: string;
  at: string;
}

/** One thing to do across the fleet: a weakness, an advisory to apply, devices to identify. */
export interface WorkItem {
  /** Stable across runs: `finding:telnet-service`, `advisory:ICSMA-20-254-01`, `identify:infusion pump`. */
  id: string;
  kind: 'finding' | 'advisory' | 'identify';
  /** In plain words: `Telnet open on 5 infusion pumps`. */
  title: string;
  severity: 'critical' | 'high' | 'medium' | 'low';
  /** Why it has that severity (the finding's severity, the SSVC decision and KEV, …). */
  severityBasis: string;
  /** Every device it concerns, riskiest first: never capped. */
  devices: { deviceId: string; name: string; type: string | null; riskScore: number }[];
  /** `5 infusion pumps`, `7 devices (4 patient monitors, 3 workstations)`. */
  devicesSummary: string;
  /** Points of risk score removed across its devices if it were done (the model scores them again without it). */
  riskReduced: number;
  remedy: string;
  /** CVE ids of an advisory item; finding types of a finding item. */
  references: string[];
  /** The due date its severity suggests: critical 7 days, high 30, medium 90, low 180. */
  suggestedDueDate: string;
  /** As people set it; status `open` and no owner until someone does. */
  status: WorkItemStatus;
  owner: string | null;
  dueDate: string;
  note: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
}
