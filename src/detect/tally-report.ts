import type { Detection, DetectionEvidence, Party } from './detection.js';
import type { Tally } from './distinct-tally.js';

/** What a tally-based detection says beyond its numbers. */
export type TallyDetection = Omit<
  Detection,
  'firstSeenMs' | 'lastSeenMs' | 'count' | 'evidence' | 'detail' | 'summary'
> & { detail?: Record<string, string[]> };

/**
 * The report for an event a tally counted: the whole window when it has just crossed its
 * threshold, else this one event (the stage adds it to the alert already raised).
 */
export function tallyDetection(
  base: TallyDetection,
  counted: { tally: Tally; crossed: boolean },
  event: { atMs: number; value: string; evidence: DetectionEvidence; valueName: string },
): Detection {
  const { tally, crossed } = counted;
  return {
    ...base,
    summary: '',
    firstSeenMs: crossed ? tally.firstSeenMs : event.atMs,
    lastSeenMs: crossed ? tally.lastSeenMs : event.atMs,
    count: crossed ? tally.count : 1,
    evidence: crossed ? [...tally.evidence] : [event.evidence],
    detail: crossed
      ? { ...gatheredDetail(tally), [event.valueName]: [...tally.values] }
      : { ...base.detail, [event.valueName]: [event.value] },
  };
}

function gatheredDetail(tally: Tally): Record<string, string[]> {
  const detail: Record<string, string[]> = {};
  for (const [name, values] of tally.detail) detail[name] = [...values];
  return detail;
}

export function partyOf(ip: string | undefined, mac: string | undefined): Party {
  return { ip, mac };
}
