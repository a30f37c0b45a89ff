import { hoursPerWeek } from '../govern/maintenance/hour-of-week.js';
import type { MaintenanceWindow } from '../govern/maintenance/maintenance-windows.js';
import type { Utilisation } from '../govern/maintenance/utilisation.js';

const levels = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
const dayNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * The week as seven rows of 24 hours: a bar as high as the work in that hour (relative to the
 * busiest), `_` idle, ` ` never observed, with the proposed windows marked beneath in `^`.
 */
export function utilisationChart(utilisation: Utilisation, windows: readonly MaintenanceWindow[]): string {
  const rate = utilisation.sessions.map((sessions, hour) =>
    utilisation.observedHours[hour]! === 0 ? 0 : sessions / utilisation.observedHours[hour]!,
  );
  const busiest = Math.max(...rate);
  const inWindow = new Set(
    windows.flatMap((window) =>
      Array.from({ length: window.hours }, (_, offset) => (window.startHour + offset) % hoursPerWeek),
    ),
  );
  const lines = [
    '     0     6     12    18    (hour of the day; ▁…█ work, _ idle, blank unobserved, ^ window)',
  ];
  for (let day = 0; day < 7; day++) {
    const hours = Array.from({ length: 24 }, (_, hour) => day * 24 + hour);
    if (hours.every((hour) => utilisation.observedHours[hour] === 0)) continue;
    const bar = hours
      .map((hour) => {
        if (utilisation.observedHours[hour] === 0) return ' ';
        if (rate[hour] === 0) return '_';
        return levels[Math.min(levels.length - 1, Math.floor((rate[hour]! / busiest) * levels.length))]!;
      })
      .join('');
    lines.push(`${dayNames[day]}  ${bar}`);
    if (hours.some((hour) => inWindow.has(hour)))
      lines.push(
        `     ${hours
          .map((hour) => (inWindow.has(hour) ? '^' : ' '))
          .join('')
          .trimEnd()}`,
      );
  }
  return `${lines.join('\n')}\n`;
}
