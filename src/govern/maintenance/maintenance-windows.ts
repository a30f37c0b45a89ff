import { hourOfWeekLabel, hoursPerWeek } from './hour-of-week.js';
import type { Utilisation } from './utilisation.js';

/** A proposed maintenance window: `hours` consecutive hours of the week from `startHour`. */
export interface MaintenanceWindow {
  /** Hour of the week it starts (0 is Monday 00:00). */
  startHour: number;
  hours: number;
  /** `Mon 01:00`, and where it ends (exclusive), `Mon 05:00`. */
  start: string;
  end: string;
  /** Work sessions seen in these hours, per observed clock hour on average: 0 is idle. */
  sessionsPerHour: number;
  idle: boolean;
  /** Hours seen idle right before and after it (to the nearest work, or hour not observed): its margin. */
  quietBefore: number;
  quietAfter: number;
  /** The fewest times any of its hours was observed: one means one week's evidence. */
  timesObserved: number;
}

const at = (hour: number) => ((hour % hoursPerWeek) + hoursPerWeek) % hoursPerWeek;

/**
 * Up to `count` windows of `hours` hours that do not overlap, least work first; among equally quiet
 * ones the window furthest from work either side (updates that overrun, or staff who come early,
 * still find the device idle), then the earliest. Only hours Vigil observed are proposed: an hour
 * nobody watched is not known to be idle.
 */
export function proposeMaintenanceWindows(
  utilisation: Utilisation,
  hours: number,
  count: number,
): MaintenanceWindow[] {
  const rate = utilisation.sessions.map((sessions, hour) =>
    utilisation.observedHours[hour]! === 0 ? 0 : sessions / utilisation.observedHours[hour]!,
  );
  // Quiet is what was seen idle: an hour nobody watched ends the margin as work would.
  const idleSeen = (hour: number) => utilisation.observedHours[at(hour)]! > 0 && rate[at(hour)]! === 0;
  const quiet = (from: number, step: number) => {
    let distance = 0;
    while (distance < hoursPerWeek && idleSeen(from + step * distance)) distance++;
    return distance;
  };
  const candidates: MaintenanceWindow[] = [];
  for (let startHour = 0; startHour < hoursPerWeek; startHour++) {
    const span = Array.from({ length: hours }, (_, offset) => at(startHour + offset));
    const timesObserved = Math.min(...span.map((hour) => utilisation.observedHours[hour]!));
    if (timesObserved === 0) continue;
    const work = span.reduce((total, hour) => total + rate[hour]!, 0);
    candidates.push({
      startHour,
      hours,
      start: hourOfWeekLabel(startHour),
      end: hourOfWeekLabel(startHour + hours),
      sessionsPerHour: Math.round((work / hours) * 100) / 100,
      idle: work === 0,
      quietBefore: quiet(startHour - 1, -1),
      quietAfter: quiet(startHour + hours, 1),
      timesObserved,
    });
  }
  candidates.sort(
    (a, b) =>
      a.sessionsPerHour - b.sessionsPerHour ||
      Math.min(b.quietBefore, b.quietAfter) - Math.min(a.quietBefore, a.quietAfter) ||
      a.startHour - b.startHour,
  );
  const chosen: MaintenanceWindow[] = [];
  const overlaps = (a: MaintenanceWindow, b: MaintenanceWindow) =>
    at(a.startHour - b.startHour) < b.hours || at(b.startHour - a.startHour) < a.hours;
  for (const candidate of candidates) {
    if (chosen.length >= count) break;
    if (!chosen.some((window) => overlaps(window, candidate))) chosen.push(candidate);
  }
  return chosen;
}
