import type { FeedProblem } from '../advisory.js';
import { csvRows } from '../csv-rows.js';

/** One CVE's EPSS probability of exploitation in the next 30 days, and its percentile. */
export interface EpssScore {
  cveId: string;
  score: number;
  percentile: number;
}

/** An EPSS file read: the model and date its first line names, the scores, and lines rejected. */
export interface EpssFile {
  modelVersion: string | null;
  scoreDate: string | null;
  scores: EpssScore[];
  problems: FeedProblem[];
}

/**
 * Reads FIRST's daily EPSS CSV (`epss_scores-YYYY-MM-DD.csv`): a first comment line
 * `#model_version:v2023.03.01,score_date:2023-03-20T00:00:00+0000`, a header
 * `cve,epss,percentile`, then one line per CVE. A line whose CVE id or numbers are not what
 * FIRST writes is reported by its line number and skipped.
 */
export function parseEpss(text: string, name: string): EpssFile {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const modelVersion = /model_version:([^,\s]+)/.exec(firstLine)?.[1] ?? null;
  const scoreDate = /score_date:([^,\s]+)/.exec(firstLine)?.[1] ?? null;
  const { rows, problem } = csvRows(text, name);
  const scores: EpssScore[] = [];
  const problems: FeedProblem[] = problem === null ? [] : [problem];
  for (const [index, { record, line }] of rows.entries()) {
    if (index === 0 && record[0] === 'cve') continue;
    const [cveId = '', epss = '', percentile = ''] = record;
    const score = Number(epss);
    const rank = Number(percentile);
    if (
      !/^CVE-\d{4}-\d{4,}$/.test(cveId) ||
      epss === '' ||
      percentile === '' ||
      !(score >= 0 && score <= 1) ||
      !(rank >= 0 && rank <= 1)
    ) {
      problems.push({
        name,
        location: `line ${line}`,
        message: 'expected cve,epss,percentile with a CVE id and two numbers from 0 to 1',
      });
      continue;
    }
    scores.push({ cveId, score, percentile: rank });
  }
  return { modelVersion, scoreDate, scores, problems };
}
