import type { BaselineProfile } from './baseline.js';
import { type FactCategory, type FactSets, factCategories } from './fact-category.js';
import type { HostActivity } from './host-activity.js';

const isoOf = (ms: number) => new Date(ms).toISOString();

/** An empty profile, for a subject learning for the first time. */
export function emptyProfile(): BaselineProfile {
  return { facts: {}, outsideBytesPerHourMax: 0, outsideHours: 0, firstSeen: '', lastSeen: '' };
}

/**
 * The profile grown by what hosts did: facts added (each category sorted, at most `maxFacts`:
 * the ones held first stay), the hourly outside volume's maximum raised, the span widened.
 * Returns whether anything changed, so an unchanged baseline writes no new version.
 */
export function learnActivity(
  profile: BaselineProfile,
  activities: readonly HostActivity[],
  maxFacts: number,
  categories: readonly FactCategory[] = factCategories,
  /** Whether the subject is one device, whose hourly volume means something (not a type or the site). */
  withVolume = true,
): { profile: BaselineProfile; changed: boolean } {
  const facts: FactSets = { ...profile.facts };
  let changed = false;
  for (const category of categories) {
    const held = new Set(facts[category] ?? []);
    const before = held.size;
    for (const activity of activities)
      for (const fact of activity.facts.get(category)?.keys() ?? []) if (held.size < maxFacts) held.add(fact);
    if (held.size !== before) {
      facts[category] = [...held].sort();
      changed = true;
    }
  }
  let outsideMax = profile.outsideBytesPerHourMax;
  let outsideHours = profile.outsideHours;
  let first = profile.firstSeen;
  let last = profile.lastSeen;
  for (const activity of activities) {
    if (withVolume)
      for (const hour of activity.outsideHours.values()) {
        outsideHours += 1;
        outsideMax = Math.max(outsideMax, Math.round(hour.bytes));
      }
    if (Number.isFinite(activity.firstSeenMs) && (first === '' || isoOf(activity.firstSeenMs) < first))
      first = isoOf(activity.firstSeenMs);
    if (Number.isFinite(activity.lastSeenMs) && isoOf(activity.lastSeenMs) > last)
      last = isoOf(activity.lastSeenMs);
  }
  changed ||= outsideMax !== profile.outsideBytesPerHourMax || outsideHours !== profile.outsideHours;
  return {
    profile: { facts, outsideBytesPerHourMax: outsideMax, outsideHours, firstSeen: first, lastSeen: last },
    changed,
  };
}

/** Adds plain facts (a type's members, the site's clinical subnets) to a profile. */
export function learnFacts(
  profile: BaselineProfile,
  additions: Partial<Record<FactCategory, Iterable<string>>>,
  maxFacts: number,
): { profile: BaselineProfile; changed: boolean } {
  const facts: FactSets = { ...profile.facts };
  let changed = false;
  for (const [category, values] of Object.entries(additions) as [FactCategory, Iterable<string>][]) {
    const held = new Set(facts[category] ?? []);
    const before = held.size;
    for (const value of values) if (held.size < maxFacts) held.add(value);
    if (held.size !== before) {
      facts[category] = [...held].sort();
      changed = true;
    }
  }
  return { profile: { ...profile, facts }, changed };
}
