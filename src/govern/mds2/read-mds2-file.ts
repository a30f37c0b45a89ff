import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Mds2Answer, Mds2Form } from './mds2-form.js';
import { Mds2FormError, type Mds2Rows, parseMds2Rows } from './parse-mds2-rows.js';

export type Mds2Read = Pick<Mds2Form, 'format' | 'sheet' | 'answers' | 'warnings'>;

/**
 * Reads an MDS2 form as manufacturers send it: the XLSX workbook (the first sheet whose table
 * has a question-id header; merged cells read as their first cell's value), a CSV of the same
 * columns, or JSON (`{ "answers": [{ "id", "question", "answer", "note" }] }` or the array
 * alone). Errors name the file and, for a table, the sheet, row and column.
 */
export async function readMds2File(path: string): Promise<Mds2Read> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Mds2FormError(
      `${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  return readMds2Bytes(bytes, basename(path));
}

/** A form's bytes as `readMds2File` reads them, `name` (an upload's file name) telling the format with the bytes. */
export async function readMds2Bytes(bytes: Buffer, name: string): Promise<Mds2Read> {
  const extension = extname(name).toLowerCase();
  if (extension === '.xlsx' || bytes.subarray(0, 2).toString('latin1') === 'PK')
    return readWorkbook(bytes, name);
  if (extension === '.json') return readJson(bytes, name);
  if (extension === '.csv' || extension === '.txt') {
    const rows = csvRows(bytes, name);
    return { format: 'csv', sheet: null, ...parseMds2Rows(rows, name) };
  }
  throw new Mds2FormError(`${name}: expected an MDS2 form as .xlsx, .csv or .json`);
}

async function readWorkbook(bytes: Buffer, name: string): Promise<Mds2Read> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new Mds2FormError(`${name}: not a readable XLSX workbook (${(error as Error).message})`);
  }
  const failures: string[] = [];
  for (const sheet of workbook.worksheets) {
    const rows: (string | null)[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: (string | null)[] = [];
      row.eachCell({ includeEmpty: true }, (cell, columnNumber) => {
        // A merged cell's other cells repeat nothing: only the first holds the value.
        const value = cell.isMerged && cell.master.address !== cell.address ? null : cellText(cell.value);
        cells[columnNumber - 1] = value;
      });
      rows[rowNumber - 1] = cells;
    });
    for (let index = 0; index < rows.length; index += 1) rows[index] ??= [];
    try {
      return { format: 'xlsx', sheet: sheet.name, ...parseMds2Rows(rows, `${name}, sheet "${sheet.name}"`) };
    } catch (error) {
      if (!(error instanceof Mds2FormError)) throw error;
      // A row refused names its place: that is this form's sheet, and the answer.
      if (/, row \d+/.test(error.message)) throw error;
      failures.push(error.message);
    }
  }
  throw new Mds2FormError(
    failures.length === 0
      ? `${name}: the workbook has no sheet`
      : `${name}: no sheet holds an MDS2 table: ${failures.join('; ')}`,
  );
}

/** A cell's text whatever exceljs holds: rich text, formula results, hyperlinks, dates. */
function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText))
      return (object.richText as { text: string }[]).map((part) => part.text).join('');
    if ('result' in object) return cellText(object.result);
    if ('error' in object) return String(object.error);
    if ('text' in object) return cellText(object.text);
  }
  return String(value);
}

function csvRows(bytes: Buffer, name: string): Mds2Rows {
  try {
    return parseCsv(bytes, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    const { lines } = error as { lines?: number };
    throw new Mds2FormError(
      `${name}${lines === undefined ? '' : `, row ${lines}`}: not CSV (${(error as Error).message})`,
    );
  }
}

function readJson(bytes: Buffer, name: string): Mds2Read {
  let document: unknown;
  try {
    document = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new Mds2FormError(`${name}: not JSON (${(error as Error).message})`);
  }
  const list = Array.isArray(document) ? document : (document as { answers?: unknown })?.answers;
  if (!Array.isArray(list))
    throw new Mds2FormError(
      `${name}: expected { "answers": [{ "id", "question", "answer", "note" }] } or that array`,
    );
  // The same reading as a table's: header, then one row per answer.
  const rows: (string | null)[][] = [['Question ID', 'Question', 'Answer', 'Note']];
  list.forEach((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null || typeof (entry as Mds2Answer).id !== 'string')
      throw new Mds2FormError(`${name}: answers[${index}]: expected an object with "id" (such as "PAUT-8")`);
    const answer = entry as Partial<Record<'id' | 'question' | 'answer' | 'note', unknown>>;
    rows.push([
      String(answer.id),
      answer.question == null ? null : String(answer.question),
      answer.answer == null ? null : String(answer.answer),
      answer.note == null ? null : String(answer.note),
    ]);
  });
  const parsed = parseMds2Rows(rows, name);
  // Row numbers of JSON are positions in the list (1-based), not table rows.
  for (const answer of parsed.answers) answer.row -= 1;
  return { format: 'json', sheet: null, ...parsed };
}
