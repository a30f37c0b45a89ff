import type { FeedProblem } from '../advisory.js';
import { csvRows } from '../csv-rows.js';

/** One recall of a medical device, as a regulator or manufacturer lists it. */
export interface Recall {
  manufacturer: string;
  product: string;
  model: string;
  recallNumber: string;
  /** FDA recall class: `I` (may cause serious harm or death), `II`, `III`. */
  recallClass: 'I' | 'II' | 'III';
  /** YYYY-MM-DD. */
  date: string;
  reason: string;
}

/** A recall with its id and its manufacturer's vendor key, as stored. */
export interface KeyedRecall extends Recall {
  id: string;
  manufacturerKey: string;
}

export const recallColumns = [
  'manufacturer',
  'product',
  'model',
  'recall_number',
  'class',
  'date',
  'reason',
] as const;

/**
 * Reads a recall list: CSV whose header names the columns `manufacturer, product, model,
 * recall_number, class, date, reason` (any order, header case and spaces ignored), as a CMMS or
 * a regulator's export (FDA's recall database gives these fields) is cut down to. A line missing
 * the manufacturer, recall number, a class I/II/III (or 1–3), a date YYYY-MM-DD, or both product
 * and model is reported by its line number and skipped.
 */
export function parseRecalls(text: string, name: string): { recalls: Recall[]; problems: FeedProblem[] } {
  const { rows, problem: syntaxProblem } = csvRows(text, name);
  const problems: FeedProblem[] = syntaxProblem === null ? [] : [syntaxProblem];
  const recalls: Recall[] = [];
  const header = (rows[0]?.record ?? []).map((column) => column.toLowerCase().replace(/\s+/g, '_'));
  const missing = recallColumns.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    return {
      recalls,
      problems: [{ name, location: 'line 1', message: `expected a header with ${missing.join(', ')}` }],
    };
  }
  for (const { record, line } of rows.slice(1)) {
    const field = (column: (typeof recallColumns)[number]) => record[header.indexOf(column)] ?? '';
    const recallClass = ({ I: 'I', II: 'II', III: 'III', '1': 'I', '2': 'II', '3': 'III' } as const)[
      field('class')
        .toUpperCase()
        .replace(/^CLASS\s+/, '') as 'I'
    ];
    const problem = (message: string) => problems.push({ name, location: `line ${line}`, message });
    if (field('manufacturer') === '') problem('manufacturer is empty');
    else if (field('recall_number') === '') problem('recall_number is empty');
    else if (recallClass === undefined) problem(`class "${field('class')}" is not I, II or III`);
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(field('date'))) problem(`date "${field('date')}" is not YYYY-MM-DD`);
    else if (field('product') === '' && field('model') === '') problem('both product and model are empty');
    else
      recalls.push({
        manufacturer: field('manufacturer'),
        product: field('product'),
        model: field('model'),
        recallNumber: field('recall_number'),
        recallClass,
        date: field('date'),
        reason: field('reason'),
      });
  }
  return { recalls, problems };
}
