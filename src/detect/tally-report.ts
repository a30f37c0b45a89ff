import type { Evidence } from '../observe/observation.js';
import type { Detection, Party } from './detection.js';
import type { Tally } from './distinct-tally.js';
import { detectionEvidence } from './evidence-of.js';

/** What a tally-based detection says beyond its numbers. */
export type TallyDetection = Omit<
  Detection,
  'firstSeenMs' | 'lastSeenMs' | 'count' | 'evidence' | 'detail' | 'summary'
>;

/** One counted event as the report needs it. */
export interface CountedEvent {
  tallyKey: string;
  atMs: number;
  value: string;
  detailValue: string | undefined;
  evidence: Evidence;
}

/**
 * The report for an event a tally counted: the whole window when it has just crossed its
 * threshold (every value, every detail, the first packets), else this one event (the stage adds
 * it to the alert already raised). Notes are written here, for the packets reported only.
 */
export function tallyDetection(
  base: TallyDetection,
  counted: { tally: Tally; crossed: boolean },
  event: CountedEvent,
  names: { valueName: string; detailName: string | undefined },
  noteOf: (value: string, detailValue: string | undefined, tallyKey: string) => string,
): Detection {
  const { tally, crossed } = counted;
  const detail: Record<string, string[]> = {
    [names.valueName]: crossed ? [...tally.values] : [event.value],
  };
  if (names.detailName !== undefined) {
    const details = crossed ? [...tally.details] : event.detailValue === undefined ? [] : [event.detailValue];
    if (details.length > 0) detail[names.detailName] = details;
  }
  return {
    ...base,
    summary: '',
    firstSeenMs: crossed ? tally.firstSeenMs : event.atMs,
    lastSeenMs: crossed ? tally.lastSeenMs : event.atMs,
    count: crossed ? tally.count : 1,
    evidence: crossed
      ? tally.evidence.map((kept) =>
          detectionEvidence(kept.evidence, kept.atMs, noteOf(kept.value, kept.detailValue, event.tallyKey)),
        )
      : [
          detectionEvidence(
            event.evidence,
            event.atMs,
            noteOf(event.value, event.detailValue, event.tallyKey),
          ),
        ],
    detail,
  };
}

export function partyOf(ip: string | undefined, mac: string | undefined): Party {
  return { ip, mac };
}
