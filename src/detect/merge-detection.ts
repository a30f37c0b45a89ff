import { type Detection, type DetectionEvidence, type Party, severities } from './detection.js';

/** Most parties and detail values one alert lists; its count goes on past them. */
export const maxListed = 256;

/**
 * Lists are kept in one order, whatever order the reports came in: at-least-once delivery hands
 * a collector a commit's reports late or twice, and the alert must end as one clean run leaves
 * it. Text compares by code unit, except that runs of digits compare as numbers (`10.0.0.9`
 * before `10.0.0.10`, `8` before `64`); written out rather than with `Intl.Collator`, which
 * costs a microsecond a call, and a flood merges a report per event.
 */
export function compareText(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(j);
    if (isDigit(x) && isDigit(y)) {
      // Two numbers: the longer without leading zeros is larger, else the first digit that differs.
      while (a.charCodeAt(i) === 48 && isDigit(a.charCodeAt(i + 1))) i += 1;
      while (b.charCodeAt(j) === 48 && isDigit(b.charCodeAt(j + 1))) j += 1;
      let endA = i;
      let endB = j;
      while (isDigit(a.charCodeAt(endA))) endA += 1;
      while (isDigit(b.charCodeAt(endB))) endB += 1;
      if (endA - i !== endB - j) return endA - i - (endB - j);
      for (; i < endA; i += 1, j += 1) {
        const difference = a.charCodeAt(i) - b.charCodeAt(j);
        if (difference !== 0) return difference;
      }
      continue;
    }
    if (x !== y) return x - y;
    i += 1;
    j += 1;
  }
  if (i < a.length || j < b.length) return i < a.length ? 1 : -1;
  // Alike but for leading zeros (`007` and `7`): told apart, so that distinct text is never one.
  return a < b ? -1 : a > b ? 1 : 0;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** A party is its address when it has one (a MAC may be missing from one side of a flow), else its MAC. */
function partyKey(party: Party): string {
  return party.ip !== undefined ? `ip:${party.ip}` : `mac:${party.mac ?? ''}`;
}

/**
 * Where `item` goes in `sorted` (or where it already is: `found`), by binary search: a flood
 * merges one report per event into the same alert, so each merge costs a few comparisons.
 */
function positionOf<T>(sorted: readonly T[], item: T, compare: (a: T, b: T) => number) {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compare(sorted[middle] as T, item);
    if (order === 0) return { index: middle, found: true };
    if (order < 0) low = middle + 1;
    else high = middle;
  }
  return { index: low, found: false };
}

/**
 * Puts `item` (or `copy(item)`, made only then) in its place in `sorted` unless it is there or
 * would fall past `max`; returns what is there.
 */
function insertSorted<T>(
  sorted: T[],
  item: T,
  compare: (a: T, b: T) => number,
  max: number,
  copy: (item: T) => T = (same) => same,
): T | undefined {
  const { index, found } = positionOf(sorted, item, compare);
  if (found) return sorted[index];
  if (index >= max) return undefined;
  sorted.splice(index, 0, copy(item));
  if (sorted.length > max) sorted.pop();
  return undefined;
}

const compareParties = (a: Party, b: Party) => compareText(partyKey(a), partyKey(b));

function unionParties(into: Party[], from: readonly Party[]): void {
  for (const party of from) {
    const existing = insertSorted(into, party, compareParties, maxListed, (listed) => ({ ...listed }));
    if (existing !== undefined) existing.mac ??= party.mac;
  }
}

function unionValues(into: string[], from: readonly string[]): void {
  for (const value of from) insertSorted(into, value, compareText, maxListed);
}

/** Earliest packet first; packets of one instant by capture and number, then note. */
function compareEvidence(a: DetectionEvidence, b: DetectionEvidence): number {
  return (
    compareText(a.seen ?? '', b.seen ?? '') ||
    compareText(a.capture, b.capture) ||
    a.packetNumber - b.packetNumber ||
    compareText(a.note, b.note)
  );
}

/**
 * Adds a later report to the alert it repeats: counts add up, times widen, parties and detail
 * values join (bounded), evidence keeps the `maxEvidence` earliest packets, severity the highest.
 * What it lists does not depend on which report came first.
 */
export function mergeDetection(into: Detection, next: Detection, maxEvidence: number): void {
  into.count += next.count;
  into.firstSeenMs = Math.min(into.firstSeenMs, next.firstSeenMs);
  into.lastSeenMs = Math.max(into.lastSeenMs, next.lastSeenMs);
  if (severities.indexOf(next.severity) > severities.indexOf(into.severity)) into.severity = next.severity;
  // A detector lists its techniques main one first, the same in every report of its type.
  for (const technique of next.techniques)
    if (!into.techniques.includes(technique)) into.techniques.push(technique);
  unionParties(into.sources, next.sources);
  unionParties(into.targets, next.targets);
  for (const [name, values] of Object.entries(next.detail)) {
    const list = into.detail[name] ?? [];
    into.detail[name] = list;
    unionValues(list, values);
  }
  for (const evidence of next.evidence) insertSorted(into.evidence, evidence, compareEvidence, maxEvidence);
  if (next.remedy) into.remedy = next.remedy;
}

/**
 * A deep copy a merge can change without touching the detector's report, its lists as a merge
 * leaves them (in order, without repeats, evidence within `maxEvidence`).
 */
export function copyDetection(detection: Detection, maxEvidence = Number.POSITIVE_INFINITY): Detection {
  const copy: Detection = {
    ...detection,
    techniques: [...detection.techniques],
    sources: [],
    targets: [],
    evidence: [],
    detail: {},
  };
  for (const evidence of detection.evidence)
    insertSorted(copy.evidence, evidence, compareEvidence, maxEvidence);
  unionParties(copy.sources, detection.sources);
  unionParties(copy.targets, detection.targets);
  for (const [name, values] of Object.entries(detection.detail)) {
    copy.detail[name] = [];
    unionValues(copy.detail[name], values);
  }
  return copy;
}
