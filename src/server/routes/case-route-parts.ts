import { z } from 'zod';
import { CaseChangeError } from '../../changes/case-change-error.js';
import { HttpError, notFound } from '../routing/http-error.js';

/** A case in a route's path. */
export const caseParams = z.object({ id: z.string().regex(/^case-\d{1,9}$/, 'a case id such as case-3') });

/**
 * A refused change to a case as the API says it: a 404 for a case that does not exist, else the
 * body field named with `refusedStatus` (400; 409 where the case's state refuses the step).
 */
export async function asCaseHttpError<T>(
  change: () => Promise<T>,
  refusedStatus: (error: CaseChangeError) => number = () => 400,
): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (!(error instanceof CaseChangeError)) throw error;
    if (error.missingCase !== undefined) throw notFound(`case ${error.missingCase}`);
    throw new HttpError(refusedStatus(error), error.apiMessage, error.field);
  }
}
