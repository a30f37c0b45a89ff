import { breachDeadlines, daysBetween } from './breach-deadlines.js';
import type { BreachAssessment, Case } from './case.js';

/** One notification a case still owes, with the days left to its deadline (negative: past). */
export interface BreachReminder {
  caseId: string;
  title: string;
  /** `individuals`, `hhs` or `media`; `assessment` while the case is not assessed yet. */
  notice: 'assessment' | 'individuals' | 'hhs' | 'media';
  deadline: string;
  daysLeft: number;
  /** What is owed, in words. */
  summary: string;
}

/**
 * The notices open cases owe within `withinDays` of `today` (`YYYY-MM-DD`), soonest first: for a
 * case not assessed yet, the assessment itself, due before the individuals' deadline it would
 * set; for a case assessed as a breach, each notice the numbers affected require. A case closed,
 * or assessed as a low probability of compromise, owes none.
 */
export function breachReminders(
  cases: readonly { found: Case; assessment: BreachAssessment | undefined }[],
  today: string,
  withinDays: number,
): BreachReminder[] {
  const reminders: BreachReminder[] = [];
  for (const { found, assessment } of cases) {
    if (found.status === 'closed' || assessment?.conclusion === 'low-probability') continue;
    const deadlines = breachDeadlines(found.discoveredOn, {
      individuals: assessment?.individuals ?? 0,
      mostInOneState: assessment?.mostInOneState ?? undefined,
    });
    const owed: Omit<BreachReminder, 'caseId' | 'title' | 'daysLeft'>[] =
      assessment === undefined
        ? [
            {
              notice: 'assessment',
              deadline: deadlines.individuals,
              summary: `breach risk assessment not recorded; if it is a breach, individuals are to be notified by ${deadlines.individuals}`,
            },
          ]
        : [
            {
              notice: 'individuals',
              deadline: deadlines.individuals,
              summary: 'notify the individuals affected',
            },
            {
              notice: 'hhs',
              deadline: deadlines.hhs,
              summary: `notify HHS (${deadlines.hhsRule})`,
            },
            ...(deadlines.media === null
              ? []
              : [
                  {
                    notice: 'media' as const,
                    deadline: deadlines.media,
                    summary: 'notify prominent media outlets of the state',
                  },
                ]),
          ];
    for (const each of owed) {
      const daysLeft = daysBetween(today, each.deadline);
      if (daysLeft <= withinDays) reminders.push({ caseId: found.id, title: found.title, daysLeft, ...each });
    }
  }
  return reminders.sort((a, b) => a.daysLeft - b.daysLeft || a.caseId.localeCompare(b.caseId));
}
