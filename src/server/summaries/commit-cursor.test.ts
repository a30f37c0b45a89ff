import { describe, expect, it } from 'vitest';
import { CommitCursor } from './commit-cursor.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, seconds)).toISOString();

describe('CommitCursor', () => {
  it('takes each stamped row once, and a row committed late within the look-back', () => {
    const cursor = new CommitCursor(at(0), 2_000);
    expect(
      cursor.take([
        { id: 'a', at: at(1) },
        { id: 'b', at: at(3) },
      ]),
    ).toEqual(['a', 'b']);
    expect(cursor.since).toBe(at(1));
    // Read again from 1 s: b is the same commit; c was stamped at 2 s but committed after b was read.
    expect(
      cursor.take([
        { id: 'a', at: at(1) },
        { id: 'c', at: at(2) },
        { id: 'b', at: at(3) },
      ]),
    ).toEqual(['c']);
    // b written again by a later commit is a new change.
    expect(cursor.take([{ id: 'b', at: at(5) }])).toEqual(['b']);
    expect(cursor.position).toBe(at(5));
  });

  it('reads everything when it starts from nothing', () => {
    const cursor = new CommitCursor('', 2_000);
    expect(cursor.since).toBe('');
    expect(cursor.take([{ id: 'a', at: at(1) }])).toEqual(['a']);
  });

  it('forgets rows that fell out of the look-back, so its memory follows the rate, not the store', () => {
    const cursor = new CommitCursor(at(0), 1_000);
    for (let second = 1; second < 50; second += 1) cursor.take([{ id: `d${second}`, at: at(second) }]);
    // Only the rows stamped within a second of the newest can come back in a read.
    expect(
      cursor.take([
        { id: 'd48', at: at(48) },
        { id: 'd49', at: at(49) },
      ]),
    ).toEqual([]);
    expect(cursor.take([{ id: 'd10', at: at(10) }])).toEqual(['d10']);
  });
});
