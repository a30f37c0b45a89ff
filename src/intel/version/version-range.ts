import { compareTokens, type VersionToken, versionTokens } from './firmware-version.js';

/** One end of an interval. A prefix bound (`12.2.x`) compares only as many tokens as it has. */
export interface VersionBound {
  version: string;
  isInclusive: boolean;
  isPrefix: boolean;
}

/** Versions between two bounds; a missing bound is open. */
export interface VersionInterval {
  lower: VersionBound | null;
  upper: VersionBound | null;
}

/**
 * The versions an advisory names: every version, a union of intervals and exact versions (with
 * any condition the advisory attached in words, e.g. "on Windows 8.1"), or text that names no
 * version we can compare (a date, a product note) with the reason.
 */
export type VersionRange =
  | { kind: 'all' }
  | { kind: 'set'; intervals: VersionInterval[]; exact: string[]; condition: string | null }
  | { kind: 'unknown'; text: string; reason: string };

/** Whether a version is in a range; `unknown` when either side cannot be compared. */
export type RangeVerdict = 'inside' | 'outside' | 'unknown';

export const allVersions: VersionRange = Object.freeze({ kind: 'all' });

/**
 * Decides a version against a range.
 *
 * @example
 * rangeVerdict(parseRangeText('<= 9.33.1'), '9.19.2') // 'inside'
 */
export function rangeVerdict(range: VersionRange, version: string | null): RangeVerdict {
  if (range.kind === 'all') return 'inside';
  if (range.kind === 'unknown' || version === null || !/[0-9a-z]/i.test(version)) return 'unknown';
  const tokens = versionTokens(version);
  const canonical = tokens.map((token) => token.text).join('.');
  for (const exact of range.exact) {
    if (
      versionTokens(exact)
        .map((token) => token.text)
        .join('.') === canonical
    )
      return 'inside';
  }
  for (const interval of range.intervals) if (intervalContains(interval, tokens)) return 'inside';
  return 'outside';
}

function intervalContains(interval: VersionInterval, tokens: VersionToken[]): boolean {
  if (interval.lower !== null) {
    const order = compareToBound(tokens, interval.lower);
    if (order < 0 || (order === 0 && !interval.lower.isInclusive)) return false;
  }
  if (interval.upper !== null) {
    const order = compareToBound(tokens, interval.upper);
    if (order > 0 || (order === 0 && !interval.upper.isInclusive)) return false;
  }
  return true;
}

function compareToBound(tokens: VersionToken[], bound: VersionBound): number {
  const boundTokens = versionTokens(bound.version);
  const compared = bound.isPrefix ? tokens.slice(0, boundTokens.length) : tokens;
  return compareTokens(compared, boundTokens);
}

/** The range in the notation advisories use: `all versions`, `>= 1.3.4, < 1.5.3`, `= 9.7`. */
export function describeRange(range: VersionRange): string {
  if (range.kind === 'all') return 'all versions';
  if (range.kind === 'unknown') return `"${range.text}" (${range.reason})`;
  const parts = range.exact.map((version) => `= ${version}`);
  for (const { lower, upper } of range.intervals) {
    if (lower !== null && upper !== null && lower.isPrefix && lower === upper) {
      parts.push(`= ${boundText(lower)}`);
      continue;
    }
    const ends: string[] = [];
    if (lower !== null) ends.push(`${lower.isInclusive ? '>=' : '>'} ${boundText(lower)}`);
    if (upper !== null) ends.push(`${upper.isInclusive ? '<=' : '<'} ${boundText(upper)}`);
    parts.push(ends.length === 0 ? 'all versions' : ends.join(', '));
  }
  const text = parts.join(' or ');
  return range.condition === null ? text : `${text} (${range.condition})`;
}

function boundText(bound: VersionBound): string {
  return bound.isPrefix ? `${bound.version}.x` : bound.version;
}

/** A range from explicit bounds, as NVD's cpeMatch and CVE 5's `versions` give them. */
export function rangeFromBounds(bounds: {
  exact?: string | null;
  startIncluding?: string | null;
  startExcluding?: string | null;
  endIncluding?: string | null;
  endExcluding?: string | null;
}): VersionRange {
  const bound = (version: string | null | undefined, isInclusive: boolean): VersionBound | null =>
    version === null || version === undefined || version === '' || version === '*' || version === '0'
      ? null
      : { version, isInclusive, isPrefix: false };
  const lower = bound(bounds.startIncluding, true) ?? bound(bounds.startExcluding, false);
  const upper = bound(bounds.endIncluding, true) ?? bound(bounds.endExcluding, false);
  if (lower !== null || upper !== null) {
    return { kind: 'set', intervals: [{ lower, upper }], exact: [], condition: null };
  }
  const exact = bounds.exact;
  if (exact === null || exact === undefined || exact === '*' || exact === '-' || exact === '')
    return allVersions;
  return { kind: 'set', intervals: [], exact: [exact], condition: null };
}
