import { parse } from 'csv-parse/sync';
import type { FeedProblem } from './advisory.js';

/** One CSV record with the line it ended on. */
export interface CsvRow {
  record: string[];
  line: number;
}

/**
 * Reads CSV rows (`#` lines are comments). A syntax error that stops the reader (a quote never
 * closed) is reported with its line, and the rows before it are still returned.
 */
export function csvRows(text: string, name: string): { rows: CsvRow[]; problem: FeedProblem | null } {
  const options = {
    bom: true,
    comment: '#',
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
  } as const;
  const read = (source: string) =>
    (parse(source, options) as unknown as { record: string[]; info: { lines: number } }[]).map(
      ({ record, info }) => ({
        record,
        line: info.lines,
      }),
    );
  try {
    return { rows: read(text), problem: null };
  } catch (error) {
    const line = Number((error as { lines?: number }).lines ?? 1);
    const before = text
      .split('\n')
      .slice(0, Math.max(0, line - 1))
      .join('\n');
    let rows: CsvRow[] = [];
    try {
      rows = read(before);
    } catch {
      // The error is earlier still: report it, keep nothing.
    }
    return {
      rows,
      problem: {
        name,
        location: `line ${line}`,
        message: `not CSV from here on: ${(error as Error).message}`,
      },
    };
  }
}
