/** Hours in a week: Monday 00:00 is hour 0, Sunday 23:00 is hour 167. */
export const hoursPerWeek = 168;

const hourMs = 3_600_000;
const dayNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** Whether the runtime knows the IANA time zone (`Europe/Berlin`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The hour of the week a moment falls in, on the clocks of `timeZone`. Offsets change only on the
 * hour (every zone in use shifts by whole or half hours at most at an hour boundary), so each
 * absolute hour is looked up once: a device's thousands of flows cost a few hundred lookups.
 */
export function hourOfWeekIn(timeZone: string): (ms: number) => number {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    hourCycle: 'h23',
  });
  const known = new Map<number, number>();
  return (ms) => {
    const absoluteHour = Math.floor(ms / hourMs);
    let hour = known.get(absoluteHour);
    if (hour === undefined) {
      let weekday = 0;
      let hourOfDay = 0;
      for (const part of format.formatToParts(absoluteHour * hourMs)) {
        if (part.type === 'weekday') weekday = dayNames.indexOf(part.value as (typeof dayNames)[number]);
        else if (part.type === 'hour') hourOfDay = Number(part.value);
      }
      hour = weekday * 24 + hourOfDay;
      known.set(absoluteHour, hour);
    }
    return hour;
  };
}

/** `Mon 07:00` for hour 7 of the week. */
export function hourOfWeekLabel(hour: number): string {
  const wrapped = ((hour % hoursPerWeek) + hoursPerWeek) % hoursPerWeek;
  return `${dayNames[Math.floor(wrapped / 24)]} ${String(wrapped % 24).padStart(2, '0')}:00`;
}
