import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parseSupportDate } from './support-dates.js';

/** The columns a support-dates file has (a header row names them; order is free). */
const dateColumns = {
  end_of_sale: 'endOfSale',
  end_of_support: 'endOfSupport',
  end_of_security_patches: 'endOfSecurityPatches',
} as const;

export interface SupportRow {
  manufacturer: string;
  model: string;
  endOfSale: string | null;
  endOfSupport: string | null;
  endOfSecurityPatches: string | null;
  line: number;
}

/** A support-dates file that cannot be taken, naming the file, line and column. */
export class SupportFileError extends Error {}

/**
 * Support dates per model from CSV (a header naming `manufacturer`, `model`, `end_of_sale`,
 * `end_of_support`, `end_of_security_patches`) or a JSON array of objects with those keys. The
 * whole file is checked before any row is stored: a bad date or a missing name names the file,
 * the line (the array index for JSON) and the column.
 */
export function readSupportFile(path: string): SupportRow[] {
  const name = basename(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SupportFileError(
      `${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  let records: { values: Record<string, string | undefined>; line: number }[];
  if (extname(path).toLowerCase() === '.json') {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      throw new SupportFileError(`${name}: not JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(document)) throw new SupportFileError(`${name}: expected an array of models`);
    records = document.map((entry, index) => {
      if (typeof entry !== 'object' || entry === null)
        throw new SupportFileError(`${name}, line ${index + 1}: expected an object`);
      const values: Record<string, string | undefined> = {};
      for (const [key, value] of Object.entries(entry))
        values[key] = value === null ? undefined : String(value);
      return { values, line: index + 1 };
    });
  } else {
    let rows: string[][];
    try {
      rows = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
    } catch (error) {
      throw new SupportFileError(`${name}: not CSV (${(error as Error).message})`);
    }
    const [header = [], ...body] = rows;
    const columns = header.map((cell) =>
      cell
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_'),
    );
    for (const required of ['manufacturer', 'model'])
      if (!columns.includes(required))
        throw new SupportFileError(`${name}, line 1: no column "${required}" in the header`);
    records = body.map((row, index) => ({
      values: Object.fromEntries(columns.map((column, position) => [column, row[position]])),
      line: index + 2,
    }));
  }
  return records.map(({ values, line }) => {
    const manufacturer = values.manufacturer?.trim() ?? '';
    const model = values.model?.trim() ?? '';
    for (const [column, value] of [
      ['manufacturer', manufacturer],
      ['model', model],
    ] as const)
      if (value === '') throw new SupportFileError(`${name}, line ${line}, column ${column}: empty`);
    const dates = { endOfSale: null, endOfSupport: null, endOfSecurityPatches: null } as Record<
      (typeof dateColumns)[keyof typeof dateColumns],
      string | null
    >;
    for (const [column, field] of Object.entries(dateColumns)) {
      const parsed = parseSupportDate(values[column]);
      if ('problem' in parsed)
        throw new SupportFileError(`${name}, line ${line}, column ${column}: ${parsed.problem}`);
      dates[field] = parsed.date;
    }
    return { manufacturer, model, ...dates, line } as SupportRow;
  });
}
