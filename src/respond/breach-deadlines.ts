/**
 * The notification deadlines a breach of unsecured patient data sets under HIPAA's Breach
 * Notification Rule (45 CFR 164.404–164.408), counted in calendar days from the day it was
 * discovered:
 *
 * - individuals: without unreasonable delay, at the latest 60 days after discovery (164.404);
 * - HHS: at 500 or more individuals, with the individuals' notice (60 days, 164.408(b)); under
 *   500, in the annual log, at the latest 60 days after the end of the calendar year of discovery
 *   (164.408(c));
 * - the media: when more than 500 residents of one state or jurisdiction are affected, 60 days
 *   (164.406).
 *
 * Days are calendar days on dates, not 24-hour spans: a discovery late in the evening in New York
 * is that day there, whatever the hour in UTC (see `dateIn`).
 */
export interface BreachDeadlines {
  discoveredOn: string;
  /** The earliest deadline that applies: the individuals' notice. */
  deadline: string;
  individuals: string;
  hhs: string;
  hhsRule: 'with the individuals (500 or more)' | 'annual log (under 500)';
  /** Null when no state or jurisdiction has more than 500 affected residents (or it is not known). */
  media: string | null;
}

const daysToNotify = 60;
const dayMs = 86_400_000;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function breachDeadlines(
  discoveredOn: string,
  affected: { individuals: number; mostInOneState?: number | undefined },
): BreachDeadlines {
  const individuals = addDays(discoveredOn, daysToNotify);
  const isLarge = affected.individuals >= 500;
  return {
    discoveredOn,
    deadline: individuals,
    individuals,
    hhs: isLarge ? individuals : addDays(`${discoveredOn.slice(0, 4)}-12-31`, daysToNotify),
    hhsRule: isLarge ? 'with the individuals (500 or more)' : 'annual log (under 500)',
    media: (affected.mostInOneState ?? 0) > 500 ? individuals : null,
  };
}

/** `date` plus `days` calendar days (`YYYY-MM-DD`; leap days count as days). */
export function addDays(date: string, days: number): string {
  return new Date(parseDate(date) + days * dayMs).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDate(to) - parseDate(from)) / dayMs);
}

/** The calendar date an instant falls on in an IANA time zone (`America/New_York`). */
export function dateIn(instantMs: number, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instantMs);
}

/** Midnight UTC of a `YYYY-MM-DD` date, refusing what is not a real date (2026-02-30). */
export function parseDate(date: string): number {
  const match = datePattern.exec(date);
  const ms = match === null ? Number.NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date)
    throw new Error(`${JSON.stringify(date)} is not a date: expected YYYY-MM-DD`);
  return ms;
}

/** The clock a case shows before its assessment: the individuals' deadline and the days left to it from `nowMs` (UTC). */
export function breachClock(discoveredOn: string, nowMs: number): { deadline: string; daysLeft: number } {
  const { deadline } = breachDeadlines(discoveredOn, { individuals: 0 });
  return { deadline, daysLeft: daysBetween(new Date(nowMs).toISOString().slice(0, 10), deadline) };
}
