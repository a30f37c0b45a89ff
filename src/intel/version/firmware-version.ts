/**
 * Firmware and software versions as manufacturers write them (`4.10.2b`, `V2.3.1_SP2`,
 * `1.0.0.1234`, `C.00.04`, `rev_ct_21.1`), ordered the way their release notes read them.
 *
 * A version is split into tokens: runs of digits (numbers, compared by value whatever their
 * length or leading zeros) and runs of letters (words, compared case-blind). Everything else
 * only separates. Pre-release words (`alpha`, `beta`, `rc`, `pre`, `dev`) sort before the release
 * they precede; other words after it (`4.10.2b` > `4.10.2`, `2.3.1_SP2` > `2.3.1`). Missing
 * positions count as zero (`1` = `1.0.0`, `1.0rc1` < `1`), nor does a leading `v` before a digit (`V2.3` = `2.3`).
 *
 * The order is total: every two versions compare, and two compare equal exactly when their
 * canonical forms are the same.
 *
 * @example
 * compareFirmwareVersions('4.10.2a', '4.10.2b') // -1
 * compareFirmwareVersions('9.2', '9.11')         // -1
 * canonicalVersion('V2.3.1_SP2')                 // '2.3.1.sp.2'
 */
export function compareFirmwareVersions(left: string, right: string): number {
  return compareTokens(versionTokens(left), versionTokens(right));
}

const preReleaseWords = new Set(['alpha', 'beta', 'rc', 'pre', 'dev']);

/** One token: a number as its digits without leading zeros, or a lower-case word. */
export interface VersionToken {
  isNumber: boolean;
  text: string;
}

/**
 * Token lists already computed: matching compares the same few thousand firmware strings and
 * bounds millions of times. Bounded; cleared whole when full (it refills with what is in use).
 */
const tokenCache = new Map<string, readonly VersionToken[]>();
const tokenCacheLimit = 200_000;

/** The tokens that decide order, trailing zeros and a leading `v` removed. Shared: do not modify. */
export function versionTokens(version: string): readonly VersionToken[] {
  const cached = tokenCache.get(version);
  if (cached !== undefined) return cached;
  const tokens = tokensOf(version);
  if (tokenCache.size >= tokenCacheLimit) tokenCache.clear();
  tokenCache.set(version, tokens);
  return tokens;
}

function tokensOf(version: string): VersionToken[] {
  const raw = version.toLowerCase().match(/\d+|[a-z]+/g) ?? [];
  const tokens: VersionToken[] = [];
  for (let index = 0; index < raw.length; index += 1) {
    const text = raw[index] as string;
    if (index === 0 && text === 'v' && raw.length > 1 && /^\d/.test(raw[1] as string)) continue;
    const isNumber = /^\d/.test(text);
    tokens.push({ isNumber, text: isNumber ? text.replace(/^0+(?=\d)/, '') : text });
  }
  while (tokens.length > 0) {
    const last = tokens[tokens.length - 1] as VersionToken;
    if (!last.isNumber || last.text !== '0') break;
    tokens.pop();
  }
  return tokens;
}

/** The canonical form: tokens joined by dots. Equal versions have the same canonical form. */
export function canonicalVersion(version: string): string {
  return versionTokens(version)
    .map((token) => token.text)
    .join('.');
}

/** Token ranks: a pre-release word sorts before any number, a number before any other word. */
enum Rank {
  PreRelease = 0,
  Number = 1,
  Word = 2,
}

const zero: VersionToken = { isNumber: true, text: '0' };

function rankOf(token: VersionToken): Rank {
  if (token.isNumber) return Rank.Number;
  return preReleaseWords.has(token.text) ? Rank.PreRelease : Rank.Word;
}

/**
 * Compares token lists position by position, the shorter padded with zeros: so `1` = `1.0`,
 * `1.0rc1` < `1` < `1.0.1` < `1b`.
 */
export function compareTokens(left: readonly VersionToken[], right: readonly VersionToken[]): number {
  const length = Math.max(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    const x = left[index] ?? zero;
    const y = right[index] ?? zero;
    const rankOrder = rankOf(x) - rankOf(y);
    if (rankOrder !== 0) return Math.sign(rankOrder);
    const order = x.isNumber ? compareDigits(x.text, y.text) : compareText(x.text, y.text);
    if (order !== 0) return order;
  }
  return 0;
}

/** Digit strings without leading zeros: the longer is the larger; same length, text order is numeric order. */
function compareDigits(left: string, right: string): number {
  if (left.length !== right.length) return left.length < right.length ? -1 : 1;
  return compareText(left, right);
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
