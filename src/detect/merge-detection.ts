import { type Detection, type Party, severities } from './detection.js';

/** Most parties and detail values one alert lists; its count goes on past them. */
export const maxListed = 256;

/** A party is its address when it has one (a MAC may be missing from one side of a flow), else its MAC. */
function partyKey(party: Party): string {
  return party.ip !== undefined ? `ip:${party.ip}` : `mac:${party.mac ?? ''}`;
}

function unionParties(into: Party[], from: readonly Party[]): void {
  const known = new Map(into.map((party) => [partyKey(party), party]));
  for (const party of from) {
    const key = partyKey(party);
    const existing = known.get(key);
    if (existing !== undefined) {
      existing.mac ??= party.mac;
      continue;
    }
    if (into.length >= maxListed) return;
    const copy = { ...party };
    known.set(key, copy);
    into.push(copy);
  }
}

/**
 * Adds a later report to the alert it repeats: counts add up, times widen, parties and detail
 * values join (bounded), evidence keeps the first `maxEvidence` packets, severity the highest.
 */
export function mergeDetection(into: Detection, next: Detection, maxEvidence: number): void {
  into.count += next.count;
  into.firstSeenMs = Math.min(into.firstSeenMs, next.firstSeenMs);
  into.lastSeenMs = Math.max(into.lastSeenMs, next.lastSeenMs);
  if (severities.indexOf(next.severity) > severities.indexOf(into.severity)) into.severity = next.severity;
  for (const technique of next.techniques)
    if (!into.techniques.includes(technique)) into.techniques.push(technique);
  unionParties(into.sources, next.sources);
  unionParties(into.targets, next.targets);
  for (const [name, values] of Object.entries(next.detail)) {
    const list = into.detail[name] ?? [];
    into.detail[name] = list;
    for (const value of values) if (list.length < maxListed && !list.includes(value)) list.push(value);
  }
  for (const evidence of next.evidence) {
    if (into.evidence.length >= maxEvidence) break;
    into.evidence.push(evidence);
  }
  if (next.remedy) into.remedy = next.remedy;
}

/** A deep copy a merge can change without touching the detector's report. */
export function copyDetection(detection: Detection): Detection {
  return {
    ...detection,
    techniques: [...detection.techniques],
    sources: detection.sources.map((party) => ({ ...party })),
    targets: detection.targets.map((party) => ({ ...party })),
    evidence: [...detection.evidence],
    detail: Object.fromEntries(Object.entries(detection.detail).map(([name, values]) => [name, [...values]])),
  };
}
