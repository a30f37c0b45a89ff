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
  let verdict: RangeVerdict = 'outside';
  for (const exact of range.exact) {
    const exactTokens = versionTokens(exact);
    if (!sameScheme(tokens, exactTokens)) verdict = 'unknown';
    else if (compareTokens(tokens, exactTokens) === 0) return 'inside';
  }
  for (const interval of range.intervals) {
    const contained = intervalVerdict(interval, tokens);
    if (contained === 'inside') return 'inside';
    if (contained === 'unknown') verdict = 'unknown';
  }
  return verdict;
}

/**
 * Versions of different schemes do not compare: `3.3` against `D25`, `rev_ct_21.1` against
 * `22.0`. Both must start with a number, or both with the same word.
 */
function sameScheme(left: readonly VersionToken[], right: readonly VersionToken[]): boolean {
  const a = left[0];
  const b = right[0];
  if (a === undefined || b === undefined) return true;
  if (a.isNumber || b.isNumber) return a.isNumber === b.isNumber;
  return a.text === b.text || (a.text.length <= 2 && b.text.length <= 2);
}

function intervalVerdict(interval: VersionInterval, tokens: readonly VersionToken[]): RangeVerdict {
  for (const bound of [interval.lower, interval.upper]) {
    if (bound !== null && !sameScheme(tokens, versionTokens(bound.version))) return 'unknown';
  }
  if (interval.lower !== null) {
    const order = compareToBound(tokens, interval.lower);
    if (order < 0 || (order === 0 && !interval.lower.isInclusive)) return 'outside';
  }
  if (interval.upper !== null) {
    const order = compareToBound(tokens, interval.upper);
    if (order > 0 || (order === 0 && !interval.upper.isInclusive)) return 'outside';
  }
  return 'inside';
}

function compareToBound(tokens: readonly VersionToken[], bound: VersionBound): number {
  const boundTokens = versionTokens(bound.version);
  const compared = bound.isPrefix ? tokens.slice(0, boundTokens.length) : tokens;
  return compareTokens(compared, boundTokens);
}

const descriptions = new WeakMap<VersionRange, string>();

/** The range in the notation advisories use: `all versions`, `>= 1.3.4, < 1.5.3`, `= 9.7`. */
export function describeRange(range: VersionRange): string {
  let text = descriptions.get(range);
  if (text === undefined) {
    text = rangeText(range);
    descriptions.set(range, text);
  }
  return text;
}

function rangeText(range: VersionRange): string {
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
    version === null || version === undefined || version === '' || version === '*'
      ? null
      : { version, isInclusive, isPrefix: false };
  // CVE 5 writes `version: "0"` for "from the first version on".
  const from = (version: string | null | undefined) => (version === '0' ? null : version);
  const lower = bound(from(bounds.startIncluding), true) ?? bound(from(bounds.startExcluding), false);
  const upper = bound(bounds.endIncluding, true) ?? bound(bounds.endExcluding, false);
  if (lower !== null || upper !== null) {
    return { kind: 'set', intervals: [{ lower, upper }], exact: [], condition: null };
  }
  const exact = bounds.exact;
  if (exact === null || exact === undefined || exact === '*' || exact === '-' || exact === '')
    return allVersions;
  return { kind: 'set', intervals: [], exact: [exact], condition: null };
}
