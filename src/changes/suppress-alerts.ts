import { randomUUID } from 'node:crypto';
import { partyPatternProblem, type Suppression } from '../detect/suppression.js';
import type { Store } from '../store/open-store.js';

export interface NewSuppression {
  type: string;
  source?: string | undefined;
  target?: string | undefined;
  owner: string;
  reason: string;
  /** YYYY-MM-DD. */
  expires: string;
  actor: string;
}

/** Longest a suppression may hold: it must come up for review. */
export const maxSuppressionDays = 366;

/** Why a suppression cannot be made, or null; names the field as the caller calls it. */
export function suppressionProblem(
  rule: Omit<NewSuppression, 'actor'>,
  atMs: number,
  knownTypes: readonly string[],
): string | null {
  if (rule.type !== '*' && !knownTypes.includes(rule.type))
    return `type: expected * or one of ${knownTypes.join(', ')}, got "${rule.type}"`;
  for (const [name, value] of [
    ['source', rule.source],
    ['target', rule.target],
  ] as const) {
    const problem = value === undefined ? null : partyPatternProblem(value);
    if (problem) return `${name}: ${problem}`;
  }
  if (rule.type === '*' && rule.source === undefined && rule.target === undefined)
    return 'a suppression of every type needs a source or a target: it would silence everything';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(rule.expires) || Number.isNaN(Date.parse(rule.expires)))
    return `expires: expected YYYY-MM-DD, got "${rule.expires}"`;
  const today = new Date(atMs).toISOString().slice(0, 10);
  if (rule.expires < today) return `expires: ${rule.expires} is in the past`;
  if (Date.parse(rule.expires) - atMs > maxSuppressionDays * 86_400_000)
    return `expires: at most ${maxSuppressionDays} days ahead, so it comes up for review`;
  if (!rule.owner.trim()) return 'owner: say who answers for it';
  if (!rule.reason.trim()) return 'reason: say why these alerts are expected';
  return null;
}

/** Adds a suppression with its audit row. */
export async function addSuppression(store: Store, rule: NewSuppression, atMs: number): Promise<Suppression> {
  const at = new Date(atMs).toISOString();
  const stored: Suppression = {
    id: `sup-${randomUUID().slice(0, 8)}`,
    type: rule.type,
    source: rule.source?.toLowerCase() ?? null,
    target: rule.target?.toLowerCase() ?? null,
    owner: rule.owner.trim(),
    reason: rule.reason.trim(),
    expires: rule.expires,
    createdBy: rule.actor,
    createdAt: at,
    hits: 0,
    lastHit: null,
  };
  await store.alerts.addSuppression(stored);
  await store.audit.append(
    {
      actor: rule.actor,
      action: 'suppression-added',
      target: stored.id,
      before: null,
      after: JSON.stringify({
        type: stored.type,
        source: stored.source,
        target: stored.target,
        owner: stored.owner,
        reason: stored.reason,
        expires: stored.expires,
      }),
    },
    at,
  );
  return stored;
}

/** Removes a suppression with its audit row holding what it was and what it had held back. */
export async function removeSuppression(
  store: Store,
  id: string,
  actor: string,
  atMs: number,
): Promise<Suppression> {
  const rule = (await store.alerts.suppressions()).find((candidate) => candidate.id === id);
  if (rule === undefined) throw new Error(`no suppression ${id} (vigil suppress list shows them)`);
  await store.alerts.removeSuppression(id);
  await store.audit.append(
    { actor, action: 'suppression-removed', target: id, before: JSON.stringify(rule), after: null },
    new Date(atMs).toISOString(),
  );
  return rule;
}
