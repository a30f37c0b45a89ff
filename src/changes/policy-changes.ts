import type { GeneratedPolicy } from '../segment/generate-policy.js';
import type { Policy } from '../segment/policy.js';
import { roleGrantsPermission } from '../server/access/permissions.js';
import type { Store } from '../store/open-store.js';

/** Stores a generated policy as the next draft, with its audit row. */
export async function saveDraftPolicy(
  store: Store,
  generated: GeneratedPolicy,
  actor: string,
  atMs: number,
): Promise<Policy> {
  const at = new Date(atMs).toISOString();
  const policy = await store.policies.addDraft({ ...generated, createdAt: at, createdBy: actor });
  await store.audit.append(
    {
      actor,
      action: 'policy-generated',
      target: policy.id,
      before: null,
      after: JSON.stringify({
        granularity: policy.granularity,
        learnedFrom: policy.learnedFrom,
        learnedUntil: policy.learnedUntil,
        rules: policy.rules.length,
        groups: policy.groups.length,
      }),
    },
    at,
  );
  return policy;
}

/**
 * Approves a draft for the account named: it must exist, be enabled, hold a role that grants
 * `policy:approve`, and not be who generated the draft (a second pair of eyes before anything
 * that can block clinical traffic). The version approved before is superseded; both audited.
 */
export async function approvePolicy(
  store: Store,
  id: string,
  approver: string,
  atMs: number,
): Promise<Policy> {
  const policy = await store.policies.get(id);
  if (policy === undefined) throw new Error(`no policy ${id}: vigil policy list shows the versions`);
  if (policy.status !== 'draft')
    throw new Error(`${policy.id} is ${policy.status}: only a draft can be approved`);
  const account = await store.users.findByUsername(approver);
  if (account === undefined || account.isDisabled)
    throw new Error(`--by: no enabled account "${approver}"; approval needs an account (vigil users add)`);
  if (!roleGrantsPermission(account.role, 'policy:approve'))
    throw new Error(`--by: ${approver} is ${account.role}, a role that cannot approve policy`);
  if (account.username === policy.createdBy)
    throw new Error(`--by: ${approver} generated ${policy.id}; someone else must approve it`);
  const previous = await store.policies.approved();
  const at = new Date(atMs).toISOString();
  await store.policies.approve(policy.id, account.username, at);
  await store.audit.append(
    {
      actor: account.username,
      action: 'policy-approved',
      target: policy.id,
      before: previous === undefined ? null : JSON.stringify({ approved: previous.id }),
      after: JSON.stringify({ approved: policy.id, supersedes: previous?.id ?? null }),
    },
    at,
  );
  return { ...policy, status: 'approved', approvedAt: at, approvedBy: account.username };
}
