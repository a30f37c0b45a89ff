import type { RegisterEntry } from '../risk/register-entry.js';
import type { Store } from '../store/open-store.js';
import { type BreachFactors, prefillBreachFactors } from './breach-assessment.js';
import { type BreachDeadlines, breachClock, breachDeadlines } from './breach-deadlines.js';
import type { BreachAssessment, Case, CaseEvidence, TimelineEntry } from './case.js';
import { type CaseMaterial, caseMaterial } from './case-material.js';
import { type CasePlaybook, casePlaybooks } from './case-playbooks.js';
import type { CaseIsolation } from './isolation.js';
import { loadPlaybooks, type Playbook } from './playbook.js';

/** Audit rows of one case a timeline shows at most. */
const maxAuditRows = 1_000;

/**
 * A case as `vigil case show --json` prints it: the case, its timeline (alerts, the devices'
 * history, notes and the other audited changes to the case, oldest first), its playbooks, its
 * evidence exports and the breach clock. The HHS and media deadlines depend on how many people are
 * affected, which the breach assessment establishes; until then the clock counts to the
 * individuals' deadline.
 */
export interface CaseView extends Case {
  timeline: TimelineEntry[];
  /** The playbooks it follows, each step with who did it and when. */
  playbooks: CasePlaybook[];
  /** The evidence exports with their chain of custody. */
  evidence: CaseEvidence[];
  /** Its isolations, oldest first: the devices, what each stops, and who proposed, approved, applied and lifted it. */
  isolations: CaseIsolation[];
  /** The actions of its post-incident review, as risk register entries with owners and due dates. */
  reviewActions: RegisterEntry[];
  /**
   * The breach clock: the individuals' deadline always (60 days from discovery); once assessed,
   * whether notification is required and, with the numbers affected, the HHS and media deadlines.
   * Before, the assessment holds the factors as the store shows them (`assessedBy` null).
   */
  breach: {
    discoveredOn: string;
    deadline: string;
    daysLeft: number;
    assessed: boolean;
    notificationRequired: boolean | null;
    assessment: BreachAssessment | (BreachFactors & { assessedBy: null });
    deadlines: BreachDeadlines | null;
  };
}

export async function viewCase(
  store: Store,
  found: Case,
  nowMs: number,
  playbooks: readonly Playbook[] = loadPlaybooks(),
  /** What the store holds about the case, when the caller has read it already. */
  material?: CaseMaterial,
): Promise<CaseView> {
  const known = material ?? (await caseMaterial(store, found));
  const { alerts, evidence, isolations, reviewActions } = known;
  const timeline: TimelineEntry[] = [];
  for (const alert of alerts) {
    timeline.push({
      at: alert.firstSeen,
      kind: 'alert',
      ref: alert.id,
      summary: `${alert.type} first seen: ${alert.summary}`,
      actor: null,
    });
    if (alert.lastSeen !== alert.firstSeen)
      timeline.push({
        at: alert.lastSeen,
        kind: 'alert',
        ref: alert.id,
        summary: `${alert.type} last seen (${alert.count} detections in all)`,
        actor: null,
      });
  }
  for (const deviceId of found.devices)
    for (const event of await store.devices.history(deviceId))
      timeline.push({
        at: event.at,
        kind: 'device',
        ref: deviceId,
        summary: `${event.kind}${event.attribute === null ? '' : ` ${event.attribute}`}${
          event.before === null && event.after === null
            ? ''
            : `: ${event.before ?? '—'} → ${event.after ?? '—'}`
        }${event.reason === null ? '' : ` (${event.reason})`}`,
        actor: event.actor,
      });
  for (const note of found.notes)
    timeline.push({ at: note.at, kind: 'note', ref: found.id, summary: note.text, actor: note.by });
  for (const row of await store.audit.list(maxAuditRows, { target: found.id })) {
    // A note's audit row repeats the note, which is on the timeline already.
    if (row.action === 'case-note-added') continue;
    timeline.push({
      at: row.at,
      kind: 'audit',
      ref: `audit ${row.seq}`,
      summary: row.before === null ? row.action : `${row.action}: ${row.before} → ${row.after ?? '—'}`,
      actor: row.actor,
    });
  }
  timeline.sort(
    (left, right) =>
      left.at.localeCompare(right.at) ||
      kindOrder(left) - kindOrder(right) ||
      auditSeq(left) - auditSeq(right),
  );
  const { deadline, daysLeft } = breachClock(found.discoveredOn, nowMs);
  const assessment = await store.cases.breachAssessment(found.id);
  const notify = assessment === undefined ? null : assessment.conclusion === 'notify';
  return {
    ...found,
    timeline,
    playbooks: casePlaybooks(known, playbooks),
    evidence,
    isolations,
    reviewActions,
    breach: {
      discoveredOn: found.discoveredOn,
      deadline,
      daysLeft,
      assessed: assessment !== undefined,
      notificationRequired: notify,
      assessment: assessment ?? { ...prefillBreachFactors(known), assessedBy: null },
      deadlines:
        notify === true && assessment?.individuals != null
          ? breachDeadlines(found.discoveredOn, {
              individuals: assessment.individuals,
              mostInOneState: assessment.mostInOneState ?? undefined,
            })
          : null,
    },
  };
}

/** Audit rows written in the same instant, in the order they were written (`audit 12` → 12). */
function auditSeq(entry: TimelineEntry): number {
  return entry.kind === 'audit' ? Number(entry.ref.slice('audit '.length)) : 0;
}

/** At the same instant: what was seen, then what was done about it, then what was written. */
function kindOrder(entry: TimelineEntry): number {
  return ['alert', 'device', 'audit', 'note'].indexOf(entry.kind);
}
