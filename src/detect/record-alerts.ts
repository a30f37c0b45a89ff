import type { CommitWith } from '../store/alert-repository.js';
import type { Store } from '../store/open-store.js';
import { stableId } from '../store/stable-id.js';
import type { Alert, AlertParty } from './alert.js';
import { type Detection, type Party, type Severity, severities } from './detection.js';
import { copyDetection, mergeDetection } from './merge-detection.js';
import { suppressionOf } from './suppression.js';

/** Clinical functions whose devices make an alert against them one level more severe. */
const weightyFunctions = new Set(['life-sustaining', 'therapeutic', 'patient-connected']);

/** An alert's id: the same behaviour by the same actor is the same alert in every run and store. */
export function alertIdOf(type: string, key: string): string {
  return stableId('alr', `${type}\u0000${key}`, 16);
}

export interface RecordedAlerts {
  /** Alerts seen for the first time. */
  raised: Alert[];
  /** Alerts that were there and grew. */
  updated: Alert[];
  /** Of those, alerts marked resolved that fired again and are new once more. */
  reopened: Alert[];
  /** Detections held back by a suppression in force (counted on the rule). */
  suppressed: number;
}

/**
 * Stores a run's detections as alerts: each party gets the device the store knows it as, the
 * severity is raised one level when a target is a patient-connected, therapeutic or
 * life-sustaining device (and says so), and a repeat adds to the alert already stored. An alert
 * resolved that fires again opens again; one marked a false positive stays so and only counts.
 * A detection a suppression in force covers is not stored: the rule counts it instead.
 * `summarise` writes a merged alert's summary from its numbers (see `DetectionStage.summarise`);
 * `commitWith` is written in the alerts' transaction (see `AlertRepository.put`).
 */
export async function recordAlerts(
  store: Store,
  detected: readonly Detection[],
  atMs: number,
  maxEvidence: number,
  summarise?: (detection: Detection) => string | undefined,
  commitWith: CommitWith = {},
): Promise<RecordedAlerts> {
  let detections = detected;
  const recorded: RecordedAlerts = { raised: [], updated: [], reopened: [], suppressed: 0 };
  if (detections.length === 0) {
    await store.alerts.put([], commitWith);
    return recorded;
  }
  const at = new Date(atMs).toISOString();
  const rules = await store.alerts.suppressions();
  const heldBack = new Map<string, number>();
  detections = detections.filter((detection) => {
    const rule = suppressionOf(detection, rules, at.slice(0, 10));
    if (rule === undefined) return true;
    heldBack.set(rule.id, (heldBack.get(rule.id) ?? 0) + detection.count);
    return false;
  });
  for (const [id, hits] of heldBack) {
    await store.alerts.countSuppressed(id, hits, at);
    recorded.suppressed += hits;
  }
  if (detections.length === 0) {
    await store.alerts.put([], commitWith);
    return recorded;
  }
  const parties = detections.flatMap((detection) => [...detection.sources, ...detection.targets]);
  const byIp = await store.devices.devicesOfAddresses(
    parties.flatMap((party) => (party.ip !== undefined && party.identifiedBy !== 'mac' ? [party.ip] : [])),
  );
  const byMac = await store.devices.devicesOfMacs(
    parties.flatMap((party) => (party.mac !== undefined ? [party.mac] : [])),
  );
  const deviceOf = (party: Party): string | null => {
    // Beyond a router the MAC is the router's: a party with an address is found by it alone.
    if (party.identifiedBy !== 'mac' && party.ip !== undefined) return byIp.get(party.ip) ?? null;
    return party.mac === undefined ? null : (byMac.get(party.mac) ?? null);
  };
  const functions = await clinicalFunctions(
    store,
    detections.flatMap((detection) =>
      detection.targets.map(deviceOf).filter((id): id is string => id !== null),
    ),
  );
  const stored = await store.alerts.getMany(
    detections.map((detection) => alertIdOf(detection.type, detection.key)),
  );
  const changed: Alert[] = [];
  for (const detection of detections) {
    const id = alertIdOf(detection.type, detection.key);
    const previous = stored.get(id);
    const merged = previous === undefined ? copyDetection(detection, maxEvidence) : detectionOf(previous);
    if (previous !== undefined) {
      mergeDetection(merged, detection, maxEvidence);
      // Written again from the merged numbers where the detector can: an ingest commits its
      // reports in parts, and the alert's summary must speak of the whole, as its count does.
      merged.summary = summarise?.(merged) ?? detection.summary;
    }
    const sources = merged.sources.map((party) => withDevice(party, deviceOf(party)));
    const targets = merged.targets.map((party) => withDevice(party, deviceOf(party)));
    const weighed = weigh(merged.severity, targets, functions);
    const alert: Alert = {
      id,
      type: merged.type,
      key: merged.key,
      severity: weighed.severity,
      techniques: merged.techniques,
      summary: merged.summary,
      remedy: merged.remedy,
      sources,
      targets,
      firstSeen: new Date(merged.firstSeenMs).toISOString(),
      lastSeen: new Date(merged.lastSeenMs).toISOString(),
      count: merged.count,
      evidence: merged.evidence,
      detail: {
        ...merged.detail,
        severityBase: [merged.severity],
        ...(weighed.reason ? { severityReason: [weighed.reason] } : {}),
      },
      status: previous?.status === 'resolved' ? 'new' : (previous?.status ?? 'new'),
      assignee: previous?.assignee ?? null,
      note: previous?.note ?? null,
      updatedAt: at,
    };
    changed.push(alert);
    if (previous === undefined) recorded.raised.push(alert);
    else {
      recorded.updated.push(alert);
      if (previous.status === 'resolved') recorded.reopened.push(alert);
    }
  }
  await store.alerts.put(changed, commitWith);
  return recorded;
}

function withDevice(party: Party, deviceId: string | null): AlertParty {
  return {
    deviceId,
    ip: party.ip ?? null,
    mac: party.mac ?? null,
    ...(party.identifiedBy ? { identifiedBy: party.identifiedBy } : {}),
  };
}

/** The stored alert as a detection again, so a new report merges into it the same way. */
function detectionOf(alert: Alert): Detection {
  const severityBase = alert.detail.severityBase?.[0] as Severity | undefined;
  return copyDetection({
    type: alert.type,
    key: alert.key,
    severity: severityBase ?? alert.severity,
    techniques: alert.techniques,
    summary: alert.summary,
    remedy: alert.remedy,
    sources: alert.sources.map(partyOfStored),
    targets: alert.targets.map(partyOfStored),
    firstSeenMs: Date.parse(alert.firstSeen),
    lastSeenMs: Date.parse(alert.lastSeen),
    count: alert.count,
    evidence: alert.evidence,
    detail: Object.fromEntries(
      Object.entries(alert.detail).filter(([name]) => name !== 'severityReason' && name !== 'severityBase'),
    ),
  });
}

function partyOfStored(party: AlertParty): Party {
  return {
    ip: party.ip ?? undefined,
    mac: party.mac ?? undefined,
    ...(party.identifiedBy ? { identifiedBy: party.identifiedBy } : {}),
  };
}

async function clinicalFunctions(
  store: Store,
  deviceIds: readonly string[],
): Promise<Map<string, { fn: string; type: string }>> {
  const found = new Map<string, { fn: string; type: string }>();
  for (const id of new Set(deviceIds)) {
    const device = await store.devices.find(id);
    const fn = device?.classification.clinicalFunction;
    if (device !== undefined && fn !== undefined) found.set(id, { fn, type: device.type ?? 'device' });
  }
  return found;
}

/** One level up, at most critical, when a target's clinical function weighs; with the reason. */
function weigh(
  base: Severity,
  targets: readonly AlertParty[],
  functions: Map<string, { fn: string; type: string }>,
): { severity: Severity; reason: string | null } {
  for (const target of targets) {
    const known = target.deviceId === null ? undefined : functions.get(target.deviceId);
    if (known === undefined || !weightyFunctions.has(known.fn)) continue;
    const severity = severities[Math.min(severities.indexOf(base) + 1, severities.length - 1)]!;
    return {
      severity,
      reason: `${base} raised to ${severity}: target ${target.ip ?? target.mac} is ${/^[aeiou]/i.test(known.type) ? 'an' : 'a'} ${known.type} (${known.fn})`,
    };
  }
  return { severity: base, reason: null };
}
