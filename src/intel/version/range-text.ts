import { compareFirmwareVersions } from './firmware-version.js';
import { allVersions, type VersionBound, type VersionInterval, type VersionRange } from './version-range.js';

const monthNames =
  /\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(tember)?|oct(ober)?|nov(ember)?|dec(ember)?)\b/i;

/** A version as advisories write one: a leading `v`, letters, digits, dots, dashes and underscores. */
const versionPattern = /^[0-9a-z]+(?:[._-][0-9a-z]+)*/i;

interface Constraint {
  operator: '<' | '<=' | '>' | '>=' | '=';
  version: string;
  isPrefix: boolean;
}

/**
 * Reads the version range text of a CSAF `product_version_range` branch or a `vers:` string
 * (purl-spec VERSION-RANGE-SPEC): `<=12.1.3`, `>= 1.3.4 | < 1.5.3`, `vers:generic/>=1.0|<2.0`,
 * `vers:all/*`, `<= 12.2.x.x`, `5.0|5.1`, `<= U61 |<= L81`, `2.3.6 and below`. Words after the version and text in
 * parentheses become the range's condition ("on Windows 8.1 with IIS 7.5"); a date ("< April 1,
 * 2018") or anything else that names no comparable version gives an `unknown` range with the reason.
 *
 * Constraints are read as the vers specification reads them: sorted by version, a lower bound
 * opens an interval and the next upper bound closes it; upper bounds with no lower bound before
 * them reach down to every earlier version, so `<= U61 | <= L81` is both product lines.
 */
export function parseRangeText(text: string): VersionRange {
  const trimmed = text.trim();
  if (/^(vers:[a-z0-9.+-]+\/\*|all versions?|all|\*)$/i.test(trimmed)) return allVersions;
  const unknown = (reason: string): VersionRange => ({ kind: 'unknown', text: trimmed, reason });
  const conditions: string[] = [];
  let body = trimmed.replace(/^vers:[a-z0-9.+-]+\//i, '');
  body = body.replace(/\(([^)]*)\)?/g, (_whole, inside: string) => {
    conditions.push(inside.trim());
    return ' ';
  });
  const constraints: Constraint[] = [];
  for (const part of body.split('|')) {
    if (part.trim() === '') continue;
    const parsed = /^\s*(<=|>=|<|>|==?)?\s*(.*)$/.exec(part) as RegExpExecArray;
    const rest = (parsed[2] as string).trim();
    if (monthNames.test(rest) && !/^v?\d+(?:\.\d+)+/i.test(rest)) return unknown('a date, not a version');
    const versionMatch = versionPattern.exec(rest);
    if (versionMatch === null) return unknown('no version in it');
    let version = versionMatch[0];
    let leftover = rest.slice(version.length).trim();
    let operator = (parsed[1] === '==' ? '=' : (parsed[1] ?? '=')) as Constraint['operator'];
    const direction =
      /^(?:and|or)\s+(below|prior|earlier|lower|older|before|above|later|higher|newer)\b/i.exec(leftover);
    if (direction !== null && operator === '=') {
      operator = /below|prior|earlier|lower|older|before/i.test(direction[1] as string) ? '<=' : '>=';
      leftover = leftover.slice(direction[0].length).trim();
    }
    if (/[<>=]/.test(leftover)) return unknown('constraints we cannot read');
    if (leftover !== '') conditions.push(leftover);
    const prefix = /^(.*?)(?:[._-][x*])+$/i.exec(version);
    if (prefix !== null) version = prefix[1] as string;
    if (!/\d/.test(version) && version.length > 3) return unknown('no version in it');
    // A bare revision letter (`<= N`, Philips' monitor revisions) stands for every release of it (N.00.02).
    const isRevisionLetter = /^[a-z]{1,2}$/i.test(version);
    constraints.push({ operator, version, isPrefix: prefix !== null || isRevisionLetter });
  }
  if (constraints.length === 0) return unknown('no version in it');
  const exact = constraints.filter((constraint) => constraint.operator === '=' && !constraint.isPrefix);
  const bounded = constraints.filter((constraint) => !exact.includes(constraint));
  return {
    kind: 'set',
    exact: exact.map((constraint) => constraint.version),
    intervals: intervalsOf(bounded),
    condition: conditions.length === 0 ? null : conditions.join('; '),
  };
}

function intervalsOf(constraints: Constraint[]): VersionInterval[] {
  const sorted = [...constraints].sort((left, right) => compareFirmwareVersions(left.version, right.version));
  const intervals: VersionInterval[] = [];
  let open: VersionBound | null = null;
  let lastWasUpper = false;
  for (const constraint of sorted) {
    const bound = {
      version: constraint.version,
      isInclusive: constraint.operator !== '<' && constraint.operator !== '>',
      isPrefix: constraint.isPrefix,
    };
    if (constraint.operator === '=') {
      // `12.2.x` alone: every version that starts so.
      intervals.push({ lower: bound, upper: bound });
      lastWasUpper = false;
    } else if (constraint.operator === '>' || constraint.operator === '>=') {
      open ??= bound;
      lastWasUpper = false;
    } else if (open !== null) {
      intervals.push({ lower: open, upper: bound });
      open = null;
      lastWasUpper = true;
    } else if (lastWasUpper) {
      (intervals[intervals.length - 1] as VersionInterval).upper = bound;
    } else {
      intervals.push({ lower: null, upper: bound });
      lastWasUpper = true;
    }
  }
  if (open !== null) intervals.push({ lower: open, upper: null });
  return intervals;
}
