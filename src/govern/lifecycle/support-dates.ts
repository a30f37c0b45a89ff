/**
 * What a manufacturer supports of a model, and until when: the last day it is sold, supported,
 * and given security patches. Each date is the last day of that support, inclusive: a device is
 * past it from the next day on. Import-free: the CLI, the API and the console share it.
 */
export interface ModelSupport {
  manufacturer: string;
  model: string;
  /** `YYYY-MM-DD` or null when not known. */
  endOfSale: string | null;
  endOfSupport: string | null;
  endOfSecurityPatches: string | null;
  /** Where the dates come from: the file imported, or `set by NAME`. */
  source: string;
  updatedAt: string;
  updatedBy: string;
}

/** Where a model stands on a day, the furthest stage reached. */
export type SupportStage = 'supported' | 'past-end-of-sale' | 'past-end-of-patches' | 'past-end-of-support';

/** The stage of a model on `today` (`YYYY-MM-DD`): a date is the last day of its support. */
export function supportStage(
  support: Pick<ModelSupport, 'endOfSale' | 'endOfSupport' | 'endOfSecurityPatches'>,
  today: string,
): SupportStage {
  const past = (date: string | null) => date !== null && today > date;
  if (past(support.endOfSupport)) return 'past-end-of-support';
  if (past(support.endOfSecurityPatches)) return 'past-end-of-patches';
  if (past(support.endOfSale)) return 'past-end-of-sale';
  return 'supported';
}

/** Whether a device of the model gets no more security fixes: past the end of patches or of support. */
export function isPastSupport(stage: SupportStage): boolean {
  return stage === 'past-end-of-patches' || stage === 'past-end-of-support';
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A `YYYY-MM-DD` date that exists (2027-02-29 does not), or null for an empty cell; else why not. */
export function parseSupportDate(text: string | undefined): { date: string | null } | { problem: string } {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return { date: null };
  const match = datePattern.exec(trimmed);
  const ms = match === null ? Number.NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== trimmed)
    return { problem: `expected a date as YYYY-MM-DD, got "${trimmed}"` };
  return { date: trimmed };
}
