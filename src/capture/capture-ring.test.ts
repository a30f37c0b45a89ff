import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../../test/support/temporary-store.js';
import { CaptureRing } from './capture-ring.js';

/** A file of `bytes` bytes in a fresh folder, as a rotated capture would be. */
function captureFile(folder: string, name: string, bytes: number): string {
  const path = join(folder, name);
  writeFileSync(path, Buffer.alloc(bytes, 1));
  return path;
}

describe('CaptureRing', () => {
  it('keeps files within its size bound, oldest out first, and locates offsets only in what it keeps', () => {
    const source = temporaryDirectory('vigil-ring-source-');
    const ring = new CaptureRing(
      temporaryDirectory('vigil-ring-'),
      { maxBytes: 2_500, maxAgeMs: 3_600_000 },
      's1',
    );
    let streamStart = 0;
    for (const name of ['trace', 'trace1', 'trace2']) {
      const file = {
        path: captureFile(source, name, 1_000),
        streamStart,
        skipped: streamStart === 0 ? 0 : 24,
        bytes: 0,
      };
      ring.keep(file);
      file.bytes = 1_000 - file.skipped;
      ring.complete(file);
      streamStart += file.bytes;
    }
    // 3,000 bytes kept would pass 2,500: the first file went.
    expect(ring.entries.map((entry) => entry.file)).toEqual(['000002-trace1', '000003-trace2']);
    expect(existsSync(join(ring.folder, '000001-trace'))).toBe(false);
    expect(ring.locate('s1', 10)).toBeUndefined();
    expect(ring.locate('s1', 1_000)).toEqual({ file: join(ring.folder, '000002-trace1'), offset: 24 });
    expect(ring.locate('s1', 1_000 + 976 + 5)).toEqual({
      file: join(ring.folder, '000003-trace2'),
      offset: 29,
    });
    expect(ring.locate('s1', 1_000 + 976 * 2)).toBeUndefined();
    expect(ring.locate('another run', 1_000)).toBeUndefined();

    // Reopened (a restarted sensor): the index is read back, names go on from the newest.
    const reopened = new CaptureRing(ring.folder, { maxBytes: 2_500, maxAgeMs: 3_600_000 }, 's2');
    expect([...reopened.completedSources()].sort()).toEqual(['trace1', 'trace2']);
    reopened.keep({ path: captureFile(source, 'trace3', 10), streamStart: 0, skipped: 0, bytes: 0 });
    expect(reopened.entries.at(-1)?.file).toBe('000004-trace3');
  });

  it('lets files older than its age bound go, but never the one being read', () => {
    const source = temporaryDirectory('vigil-ring-source-');
    const ring = new CaptureRing(temporaryDirectory('vigil-ring-'), { maxBytes: 1e9, maxAgeMs: 60_000 }, 's');
    const first = { path: captureFile(source, 'a', 100), streamStart: 0, skipped: 0, bytes: 100 };
    ring.keep(first);
    ring.complete(first);
    const second = { path: captureFile(source, 'b', 100), streamStart: 100, skipped: 0, bytes: 0 };
    ring.keep(second);
    const later = Date.now() + 120_000;
    second.bytes = 100;
    ring.complete(second, later);
    // Both are past the age bound two minutes on; the newest stays so the ring is never empty.
    expect(ring.entries.map((entry) => entry.file)).toEqual(['000002-b']);
  });
});
