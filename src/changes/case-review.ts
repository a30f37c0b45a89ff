import { defaultClassifier } from '../inventory/classification/default-classifier.js';
import { type RegisterFields, registerProblem } from '../risk/register-entry.js';
import type { Store } from '../store/open-store.js';
import { CaseChangeError } from './case-change-error.js';
import { existingCase } from './case-changes.js';

export interface ReviewActionRequest {
  /** What is to be done, in a line: the register entry's title. */
  action: string;
  owner: string;
  /** YYYY-MM-DD. */
  due: string;
  /** The lesson it answers, kept as the entry's justification with the case id. */
  lesson?: string | undefined;
  /** A device (id, MAC or address) or a device type; by default each device of the case. */
  device?: string | undefined;
  type?: string | undefined;
  actor: string;
}

/**
 * An action of the post-incident review (NIST SP 800-61's lessons learned) entered in the risk
 * register, to be mitigated by its owner by its due date, and linked to the case: one entry for
 * the device or type named, else one per device of the case. Audited as `case-review-action`
 * on the case and `register-added` on each entry.
 */
export async function addReviewAction(
  store: Store,
  caseId: string,
  request: ReviewActionRequest,
  nowMs: number,
): Promise<string[]> {
  const found = await existingCase(store, caseId);
  const fields: RegisterFields = {
    title: request.action.trim(),
    owner: request.owner.trim(),
    treatment: 'mitigate',
    dueDate: request.due,
    justification: `${found.id} post-incident review${request.lesson?.trim() ? `: ${request.lesson.trim()}` : ''}`,
    acceptedUntil: null,
    status: 'open',
  };
  const problem = registerProblem(fields);
  if (problem !== null) throw new CaseChangeError(problem, { input: 'review' });
  if (request.device !== undefined && request.type !== undefined)
    throw new CaseChangeError('give a device or a type, not both', { input: 'review' });
  let subjects: { scope: 'device' | 'type'; subject: string }[];
  if (request.type !== undefined) {
    if (!defaultClassifier().taxonomy.has(request.type))
      throw new CaseChangeError(`"${request.type}" is not a type of data/classification/taxonomy.json`, {
        input: 'review',
      });
    subjects = [{ scope: 'type', subject: request.type }];
  } else if (request.device !== undefined) {
    const device = await store.devices.find(request.device);
    if (device === undefined)
      throw new CaseChangeError(`no device ${request.device} in this store`, { input: 'review' });
    subjects = [{ scope: 'device', subject: device.id }];
  } else {
    if (found.devices.length === 0)
      throw new CaseChangeError(`${found.id} holds no device: name a device or a type`, { input: 'review' });
    subjects = found.devices.map((subject) => ({ scope: 'device' as const, subject }));
  }
  const at = new Date(nowMs).toISOString();
  const ids: string[] = [];
  for (const { scope, subject } of subjects) {
    const id = await store.register.add(scope, subject, fields, request.actor, at);
    await store.audit.append(
      {
        actor: request.actor,
        action: 'register-added',
        target: id,
        before: null,
        after: JSON.stringify({ subject, ...fields }),
      },
      at,
    );
    ids.push(id);
  }
  await store.cases.addMembers(found.id, 'risk', ids, request.actor, at);
  await store.audit.append(
    {
      actor: request.actor,
      action: 'case-review-action',
      target: found.id,
      before: null,
      after: `${fields.title} (owner ${fields.owner}, due ${fields.dueDate}): ${ids.join(', ')}`,
    },
    at,
  );
  return ids;
}
