/** How a registered risk is treated (IEC 80001-1 and ISO 14971 vocabulary). */
export const treatments = ['mitigate', 'transfer', 'accept', 'avoid'] as const;
export type Treatment = (typeof treatments)[number];

/** A risk of the register, for one device or every device of a type. */
export interface RegisterEntry {
  id: string;
  scope: 'device' | 'type';
  /** The device id, or the type (`infusion pump`). */
  subject: string;
  title: string;
  owner: string;
  treatment: Treatment;
  /** YYYY-MM-DD. */
  dueDate: string;
  justification: string | null;
  /** YYYY-MM-DD: until when an accepted risk stays accepted. */
  acceptedUntil: string | null;
  status: 'open' | 'closed';
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

/** The fields an analyst sets; the rest the register keeps. */
export type RegisterFields = Pick<
  RegisterEntry,
  'title' | 'owner' | 'treatment' | 'dueDate' | 'justification' | 'acceptedUntil' | 'status'
>;

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What is wrong with a register entry, in words, or null: a treatment of the list, dates as
 * YYYY-MM-DD, and an acceptance that says why and until when (an acceptance without an end is
 * not one).
 */
export function registerProblem(fields: RegisterFields): string | null {
  if (fields.title.trim() === '') return 'a title is needed';
  if (fields.owner.trim() === '') return 'an owner is needed';
  if (!(treatments as readonly string[]).includes(fields.treatment))
    return `treatment: expected one of ${treatments.join(', ')}, got "${fields.treatment}"`;
  if (!datePattern.test(fields.dueDate)) return `due date: expected YYYY-MM-DD, got "${fields.dueDate}"`;
  if (fields.status !== 'open' && fields.status !== 'closed')
    return `status: expected open or closed, got "${fields.status}"`;
  if (fields.acceptedUntil !== null && !datePattern.test(fields.acceptedUntil))
    return `accepted until: expected YYYY-MM-DD, got "${fields.acceptedUntil}"`;
  if (
    fields.treatment === 'accept' &&
    (fields.justification === null || fields.justification.trim() === '' || fields.acceptedUntil === null)
  )
    return 'an accepted risk needs a justification and an expiry (--justification, --accepted-until)';
  return null;
}
