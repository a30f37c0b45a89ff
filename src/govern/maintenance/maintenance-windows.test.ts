import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hourOfWeekIn, hourOfWeekLabel, hoursPerWeek } from './hour-of-week.js';
import { proposeMaintenanceWindows } from './maintenance-windows.js';
import type { Utilisation } from './utilisation.js';

const week = (values: fc.Arbitrary<number>) =>
  fc.array(values, { minLength: hoursPerWeek, maxLength: hoursPerWeek });
const utilisation: fc.Arbitrary<Utilisation> = fc.record({
  sessions: week(fc.oneof(fc.constant(0), fc.nat(40))),
  bytes: week(fc.nat(1_000_000)),
  observedHours: week(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }))),
});

describe('maintenance windows', () => {
  it('never propose an hour nobody observed, never overlap, and are idle only when no work fell in them', () => {
    fc.assert(
      fc.property(
        utilisation,
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 7 }),
        (profile, hours, count) => {
          const windows = proposeMaintenanceWindows(profile, hours, count);
          expect(windows.length).toBeLessThanOrEqual(count);
          const taken = new Set<number>();
          for (const window of windows) {
            const span = Array.from(
              { length: hours },
              (_, offset) => (window.startHour + offset) % hoursPerWeek,
            );
            for (const hour of span) {
              expect(profile.observedHours[hour]).toBeGreaterThan(0);
              expect(taken.has(hour)).toBe(false);
              taken.add(hour);
            }
            expect(window.idle).toBe(span.every((hour) => profile.sessions[hour] === 0));
          }
          // Best first: no later window has less work than an earlier one.
          for (let index = 1; index < windows.length; index++)
            expect(windows[index]!.sessionsPerHour).toBeGreaterThanOrEqual(
              windows[index - 1]!.sessionsPerHour,
            );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads hours of the week on the clocks of the time zone, across a change of summer time', () => {
    // 2026-03-29 01:00 UTC: Berlin goes from 02:00 CET to 03:00 CEST; it is a Sunday.
    const berlin = hourOfWeekIn('Europe/Berlin');
    const before = Date.UTC(2026, 2, 29, 0, 30);
    const after = Date.UTC(2026, 2, 29, 1, 30);
    expect([hourOfWeekLabel(berlin(before)), hourOfWeekLabel(berlin(after))]).toEqual([
      'Sun 01:00',
      'Sun 03:00',
    ]);
    expect(hourOfWeekLabel(hourOfWeekIn('UTC')(Date.UTC(2026, 0, 5, 7)))).toBe('Mon 07:00');
  });
});
