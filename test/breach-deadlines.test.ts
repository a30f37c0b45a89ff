import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, breachDeadlines, dateIn, daysBetween, parseDate } from '../src/respond/breach-deadlines.js';
import { breachReminders } from '../src/respond/breach-reminders.js';
import type { Case } from '../src/respond/case.js';

const dayMs = 86_400_000;
// Any day from 1990 to 2100, leap days included.
const dateArbitrary = fc
  .integer({ min: Date.UTC(1990, 0, 1) / dayMs, max: Date.UTC(2100, 11, 31) / dayMs })
  .map((day) => new Date(day * dayMs).toISOString().slice(0, 10));

describe('breach deadlines', () => {
  it('fall 60 calendar days after the day of discovery, whatever the month or leap year', () => {
    fc.assert(
      fc.property(dateArbitrary, fc.integer({ min: 0, max: 100_000 }), (discoveredOn, individuals) => {
        const deadlines = breachDeadlines(discoveredOn, { individuals });
        expect(daysBetween(discoveredOn, deadlines.individuals)).toBe(60);
        expect(deadlines.deadline).toBe(deadlines.individuals);
        // Counted by calendar: the same day-of-month arithmetic a person does with a calendar.
        const [year, month, day] = discoveredOn.split('-').map(Number) as [number, number, number];
        expect(deadlines.individuals).toBe(
          new Date(Date.UTC(year, month - 1, day + 60)).toISOString().slice(0, 10),
        );
        if (individuals >= 500) expect(deadlines.hhs).toBe(deadlines.individuals);
        // Under 500: the annual log, 60 days after the end of the year of discovery.
        else expect(daysBetween(`${year}-12-31`, deadlines.hhs)).toBe(60);
      }),
      { numRuns: 2_000, seed: 5 },
    );
  });

  it('count leap days: from New Year 60 days is 1 March in a leap year and 2 March otherwise', () => {
    expect(breachDeadlines('2028-01-01', { individuals: 10 }).individuals).toBe('2028-03-01');
    expect(breachDeadlines('2027-01-01', { individuals: 10 }).individuals).toBe('2027-03-02');
    // The annual log of a year whose next year is a leap year ends on 29 February.
    expect(breachDeadlines('2027-06-10', { individuals: 10 }).hhs).toBe('2028-02-29');
    expect(breachDeadlines('2028-06-10', { individuals: 10 }).hhs).toBe('2029-03-01');
  });

  it('call on the media only when more than 500 residents of one state are affected', () => {
    expect(breachDeadlines('2026-12-07', { individuals: 900, mostInOneState: 500 }).media).toBeNull();
    expect(breachDeadlines('2026-12-07', { individuals: 900, mostInOneState: 501 }).media).toBe('2027-02-05');
  });

  it('take the day of discovery in the hospital’s time zone, not in UTC', () => {
    // Zones without daylight saving, so the offset is known: the date is the UTC date of the shifted instant.
    const zones = [
      ['Etc/GMT+5', -5 * 60],
      ['Asia/Kolkata', 5 * 60 + 30],
      ['Pacific/Kiritimati', 14 * 60],
      ['Pacific/Pago_Pago', -11 * 60],
      ['UTC', 0],
    ] as const;
    fc.assert(
      fc.property(
        // From 2000: Kiritimati moved across the date line at the start of 1995.
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom(...zones),
        (instant, [zone, offsetMinutes]) => {
          expect(dateIn(instant, zone)).toBe(
            new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, 10),
          );
        },
      ),
      { numRuns: 2_000, seed: 9 },
    );
    // Half past eleven at night in New York on 31 October is already 1 November in UTC.
    expect(dateIn(Date.parse('2026-11-01T03:30:00Z'), 'America/New_York')).toBe('2026-10-31');
  });

  it('refuse what is not a calendar date, saying what was expected', () => {
    for (const text of ['2026-02-30', '2026-13-01', '7 Dec 2026', '2026-12-7'])
      expect(() => parseDate(text)).toThrow(/is not a date: expected YYYY-MM-DD/);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });
});

describe('breach reminders', () => {
  const base: Case = {
    id: 'case-1',
    title: 'Exfiltration',
    severity: 'high',
    status: 'containment',
    owner: null,
    openedBy: 'a',
    openedAt: '2026-01-10T00:00:00Z',
    dueAt: null,
    closedAt: null,
    discoveredOn: '2026-01-10',
    alerts: [],
    devices: [],
    risks: [],
    notes: [],
  };
  const assessed = (
    conclusion: 'notify' | 'low-probability',
    individuals: number,
    mostInOneState: number,
  ) => ({
    nature: 'n',
    recipient: 'r',
    acquired: 'a',
    mitigation: 'm',
    individuals,
    mostInOneState,
    conclusion,
    reasoning: 'why',
    assessedAt: '2026-01-20T00:00:00Z',
    assessedBy: 'p.officer',
  });

  it('asks for the assessment until it is recorded, then for each notice the numbers require', () => {
    // Discovered 2026-01-10: the individuals' deadline is 2026-03-11, 10 days after 2026-03-01.
    expect(breachReminders([{ found: base, assessment: undefined }], '2026-03-01', 14)).toEqual([
      expect.objectContaining({
        caseId: 'case-1',
        notice: 'assessment',
        deadline: '2026-03-11',
        daysLeft: 10,
      }),
    ]);
    expect(breachReminders([{ found: base, assessment: undefined }], '2026-03-01', 9)).toEqual([]);
    const large = breachReminders(
      [{ found: base, assessment: assessed('notify', 800, 600) }],
      '2026-03-01',
      14,
    );
    expect(large.map((reminder) => [reminder.notice, reminder.deadline])).toEqual([
      ['individuals', '2026-03-11'],
      ['hhs', '2026-03-11'],
      ['media', '2026-03-11'],
    ]);
    // Under 500: HHS through the annual log, 60 days after the year's end, not yet within reach.
    const small = breachReminders(
      [{ found: base, assessment: assessed('notify', 12, 12) }],
      '2026-03-01',
      14,
    );
    expect(small.map((reminder) => reminder.notice)).toEqual(['individuals']);
    expect(
      breachReminders([{ found: base, assessment: assessed('notify', 12, 12) }], '2027-02-20', 14).map(
        (reminder) => [reminder.notice, reminder.deadline, reminder.daysLeft],
      ),
    ).toEqual([
      ['individuals', '2026-03-11', -346],
      ['hhs', '2027-03-01', 9],
    ]);
    expect(
      breachReminders([{ found: base, assessment: assessed('low-probability', 0, 0) }], '2026-03-01', 60),
    ).toEqual([]);
    expect(
      breachReminders([{ found: { ...base, status: 'closed' }, assessment: undefined }], '2026-03-01', 60),
    ).toEqual([]);
  });
});
