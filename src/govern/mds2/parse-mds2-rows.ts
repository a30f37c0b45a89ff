import {
  type Mds2Answer,
  type Mds2Section,
  mds2Sections,
  normaliseAnswer,
  questionIdPattern,
} from './mds2-form.js';

/** Rows as a sheet or a CSV holds them: each cell's text, or null when empty. */
export type Mds2Rows = readonly (readonly (string | null)[])[];

/** A form that cannot be read, naming where: the file, the sheet, the row and column when there is one. */
export class Mds2FormError extends Error {}

/** How far down a form's table header may sit (NEMA's puts title and device rows above it). */
const headerSearchRows = 60;

/** `A`, `B`, … `AA`: a column as a spreadsheet names it. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26))
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

interface Columns {
  id: number;
  question: number;
  answer: number;
  note: number | null;
}

/**
 * The answers of an MDS2 table: finds the header row naming the question id and the question
 * (the answer column is the one headed answer, response, Yes/No or See note, else the one after
 * the question; the note column the one headed note or comment), then reads every row whose id
 * cell holds a question id. Title rows, blank rows and the standards-mapping columns are passed
 * over. Yes / No / N/A / See note are normalised; other answers are kept as written (the DOC
 * section's are names and dates), and in a Yes/No section counted as a warning. A row whose id
 * cell almost holds an id (`PAUT 8`, `PAUT-`) stops the import, naming the row and column.
 */
export function parseMds2Rows(rows: Mds2Rows, where: string): { answers: Mds2Answer[]; warnings: string[] } {
  const located = findHeader(rows);
  if (located === null)
    throw new Mds2FormError(
      `${where}: no header row naming the question id and the question in rows 1-${Math.min(rows.length, headerSearchRows)} (expected a row with cells such as "Question ID" and "Question")`,
    );
  const { headerRow } = located;
  const columns = settleAnswerColumn(rows, located);
  const answers: Mds2Answer[] = [];
  const warnings: string[] = [];
  const seen = new Map<string, number>();
  for (let index = headerRow + 1; index < rows.length; index += 1) {
    const row = rows[index]!;
    const idText = plainId(row[columns.id]);
    if (idText === '') continue;
    const match = questionIdPattern.exec(idText.toUpperCase());
    const at = `${where}, row ${index + 1}, column ${columnLetter(columns.id)}`;
    if (match === null) {
      // A section title sits in the id column too; only what is shaped like an id is refused.
      const prefix = /^([A-Za-z]{3,4})[\s_-]*[\d.]*$/.exec(idText)?.[1]?.toUpperCase();
      if (prefix !== undefined && Object.hasOwn(mds2Sections, prefix) && /[\d\s_-]/.test(idText))
        throw new Mds2FormError(
          `${at}: "${idText}" is not a question id (expected a section and a number, such as PAUT-8)`,
        );
      continue;
    }
    const prefix = match[1]!;
    if (!Object.hasOwn(mds2Sections, prefix)) {
      warnings.push(`${at}: ${idText} is in no section of HN 1-2019; kept`);
    }
    const id = idText.toUpperCase();
    const question = (row[columns.question] ?? '').trim();
    const raw = (row[columns.answer] ?? '').trim();
    const note = columns.note === null ? null : (row[columns.note] ?? '').trim() || null;
    if (/^#(REF|VALUE|N\/A|NAME|DIV\/0)[!?]?/.test(raw))
      throw new Mds2FormError(
        `${where}, row ${index + 1}, column ${columnLetter(columns.answer)}: the answer to ${id} is a spreadsheet error (${raw})`,
      );
    const normalised = normaliseAnswer(raw);
    if (normalised === null && raw !== '' && prefix !== 'DOC')
      warnings.push(
        `${where}, row ${index + 1}, column ${columnLetter(columns.answer)}: ${id} answered "${raw.slice(0, 60)}" (not Yes, No, N/A or See note); kept as written`,
      );
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      warnings.push(`${at}: ${id} again (first at row ${earlier}); the later answer is kept`);
      const position = answers.findIndex((answer) => answer.id === id);
      answers.splice(position, 1);
    }
    seen.set(id, index + 1);
    answers.push({
      id,
      section: (Object.hasOwn(mds2Sections, prefix) ? prefix : 'DOC') as Mds2Section,
      question,
      answer: normalised ?? raw,
      note,
      row: index + 1,
    });
  }
  resolveNoteNumbers(rows, answers);
  if (answers.length === 0)
    throw new Mds2FormError(
      `${where}: the header is at row ${headerRow + 1}, but no row below holds a question id in column ${columnLetter(columns.id)}`,
    );
  return { answers, warnings };
}

/**
 * A question id cell as text with the typography of word processors undone: the hyphen as a
 * non-breaking or Unicode dash (`PAUT‑8`, `DOC–1`) and non-breaking spaces.
 */
function plainId(cell: string | null | undefined): string {
  return (cell ?? '')
    .replace(/[\u2010-\u2015\u2212\uFE63\uFF0D]/g, '-')
    .replace(/\u00A0/g, ' ')
    .trim();
}

/**
 * The answer column decided by what the rows hold. Headers differ between manufacturers: NEMA's
 * own template leaves the answer column's header empty and heads the next one "See note" (where
 * note numbers go), while others head the answer column "See note" and add a "Note" column. Of
 * the header's choice and its neighbours, the column most question rows answer Yes, No, N/A or
 * See note in is the answer; a "See note" column that is not it holds the notes.
 */
function settleAnswerColumn(rows: Mds2Rows, located: { headerRow: number; columns: Columns }): Columns {
  const { headerRow, columns } = located;
  const header = (rows[headerRow] ?? []).map((cell) => (cell ?? '').trim().toLowerCase());
  const seeNote = header.findIndex((cell) => /^see\s*note/.test(cell));
  const candidates = [
    ...new Set([columns.answer, columns.question + 1, columns.question + 2, seeNote]),
  ].filter((column) => column >= 0 && column !== columns.id && column !== columns.question);
  const answered = (column: number) => {
    let count = 0;
    for (let index = headerRow + 1; index < rows.length; index += 1) {
      const row = rows[index]!;
      if (
        questionIdPattern.test(plainId(row[columns.id]).toUpperCase()) &&
        normaliseAnswer(row[column] ?? '') !== null
      )
        count += 1;
    }
    return count;
  };
  const scored = candidates.map((column) => ({ column, count: answered(column) }));
  const best = scored.reduce((top, next) => (next.count > top.count ? next : top), {
    column: columns.answer,
    count: answered(columns.answer),
  });
  const answer = best.column;
  const note =
    columns.note !== null && columns.note !== answer
      ? columns.note
      : seeNote !== answer && seeNote >= 0
        ? seeNote
        : null;
  return { ...columns, answer, note };
}

function findHeader(rows: Mds2Rows): { headerRow: number; columns: Columns } | null {
  for (let index = 0; index < Math.min(rows.length, headerSearchRows); index += 1) {
    const cells = (rows[index] ?? []).map((cell) => (cell ?? '').trim().toLowerCase());
    const id = cells.findIndex((cell) =>
      /^(question\s*)?id(entifier)?$|^question\s*#|^ref(erence)?\.?\s*(id)?$/.test(cell),
    );
    if (id === -1) continue;
    const named = cells.findIndex(
      (cell, column) => column !== id && /^question(\s*text)?$|^description$/.test(cell),
    );
    // NEMA's own form leaves the question column's header empty: it is the one after the id.
    const question = named === -1 ? id + 1 : named;
    if (named === -1 && !cells.some((cell) => /yes\s*[,/]\s*no|see note|answer|response/.test(cell)))
      continue;
    let answer = cells.findIndex(
      (cell, column) =>
        column !== id &&
        column !== question &&
        /answer|response|yes\s*[,/]\s*no|see note|manufacturer.*response/.test(cell) &&
        !/^note/.test(cell),
    );
    if (answer === -1) answer = question + 1;
    const note = cells.findIndex(
      (cell, column) =>
        column !== answer &&
        column !== question &&
        /^notes?\b|comment|remark|note\s*#|explanation/.test(cell),
    );
    return { headerRow: index, columns: { id, question, answer, note: note === -1 ? null : note } };
  }
  return null;
}

/**
 * Forms that answer "See note" with a note number (`3`, `Note 3`) list the notes elsewhere on the
 * sheet (`Note 3: …`, or `Note 3` with the text in the next cell): the number becomes the text.
 */
function resolveNoteNumbers(rows: Mds2Rows, answers: Mds2Answer[]): void {
  const notes = new Map<string, string>();
  for (const row of rows)
    row.forEach((cell, column) => {
      const match = /^note\s*#?\s*(\d+)\s*[:.)-]?\s*(.*)$/is.exec((cell ?? '').trim());
      if (match === null) return;
      const text =
        match[2]!.trim() || (row.slice(column + 1).find((next) => (next ?? '').trim() !== '') ?? '').trim();
      if (text !== '' && !notes.has(match[1]!)) notes.set(match[1]!, text);
    });
  for (const answer of answers) {
    const number = /^(?:note\s*#?\s*)?(\d+)$/i.exec(answer.note ?? '')?.[1];
    if (number !== undefined && notes.has(number)) answer.note = `Note ${number}: ${notes.get(number)}`;
  }
}
