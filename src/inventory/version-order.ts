/**
 * Orders firmware and software version strings as people read them, not as text: numbers
 * compare as numbers (`9.11` after `9.2`), letters as text (`4.10.2b` after `4.10.2a`), and
 * separators (`.`, `-`, `_`, spaces) only separate. Returns a negative number, zero or a
 * positive one; undefined when either has no digit (a name, not a version).
 */
export function compareVersions(left: string, right: string): number | undefined {
  if (!/\d/.test(left) || !/\d/.test(right)) return undefined;
  const tokens = (text: string) => text.toLowerCase().match(/\d+|[a-z]+/g) ?? [];
  const a = tokens(left);
  const b = tokens(right);
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const x = a[index];
    const y = b[index];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const bothNumbers = /^\d/.test(x) && /^\d/.test(y);
    const order = bothNumbers ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
    if (order !== 0) return Math.sign(order);
  }
  return 0;
}
