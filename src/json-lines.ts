import { readFileSync } from 'node:fs';

/** Fails a data file at a line, saying what was expected there. */
export function failAt(path: string, line: number, expected: string): never {
  throw new Error(`${path}:${line}: ${expected}`);
}

/**
 * Hands each JSON object of a JSON Lines data file to `each` with its line number; blank lines
 * and lines starting with `#` are skipped, and a line that is not a JSON object fails the file
 * with its path and line, so a data file is never half loaded.
 */
export function readJsonLines(
  path: string,
  each: (raw: Record<string, unknown>, line: number) => void,
): void {
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const line = index + 1;
      if (text.trim() === '' || text.trimStart().startsWith('#')) return;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (error) {
        failAt(path, line, `expected a JSON object: ${(error as Error).message}`);
      }
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        failAt(path, line, 'expected a JSON object');
      each(raw as Record<string, unknown>, line);
    });
}
