import { severities } from '../detect/detection.js';
import { type BreachFactors, prefillBreachFactors } from '../respond/breach-assessment.js';
import { dateIn, parseDate } from '../respond/breach-deadlines.js';
import {
  type BreachAssessment,
  breachConclusions,
  type Case,
  type CasePhase,
  type CaseSeverity,
  casePhases,
  isCaseSeverity,
} from '../respond/case.js';
import { caseMaterial } from '../respond/case-material.js';
import { casePlaybooks } from '../respond/case-playbooks.js';
import type { Playbook } from '../respond/playbook.js';
import type { Store } from '../store/open-store.js';
import { CaseChangeError, refused } from './case-change-error.js';

/** What a case is opened from: alerts, a device, or a title alone (at least one of them). */
export interface OpenCaseRequest {
  fromAlerts?: readonly string[] | undefined;
  /** A device id, MAC or IP address. */
  device?: string | undefined;
  title?: string | undefined;
  severity?: string | undefined;
  owner?: string | undefined;
  /** `YYYY-MM-DD`; by default the day it is opened, in `timeZone`. */
  discoveredOn?: string | undefined;
  /** IANA time zone the discovery day is counted in (by default this machine's). */
  timeZone?: string | undefined;
  dueAt?: string | undefined;
  actor: string;
}

/**
 * Opens a case with its audit row. From alerts, the case holds them and every device they name;
 * its title is the first alert's summary and its severity the highest of theirs unless given.
 * Throws, naming the option, for an alert or device the store does not hold.
 */
export async function openCase(store: Store, request: OpenCaseRequest, nowMs: number): Promise<Case> {
  const alertIds = [...new Set(request.fromAlerts ?? [])];
  if (alertIds.length === 0 && request.device === undefined && !request.title?.trim())
    throw new CaseChangeError(
      'a case is opened from alerts (--from-alert), a device (--device) or a title (--title)',
      {
        input: '--title',
        inMessage: false,
      },
    );
  const alerts = await store.alerts.getMany(alertIds);
  const missing = alertIds.filter((id) => !alerts.has(id));
  if (missing.length > 0) throw refused('--from-alert', `no alert ${missing.join(', ')} in this store`);
  const devices = new Set<string>();
  for (const alert of alerts.values())
    for (const party of [...alert.sources, ...alert.targets])
      if (party.deviceId !== null) devices.add(party.deviceId);
  let deviceName: string | undefined;
  if (request.device !== undefined) {
    const device = await store.devices.find(request.device);
    if (device === undefined) throw refused('--device', `no device ${request.device} in this store`);
    devices.add(device.id);
    deviceName = device.hostnames[0] ?? device.ips[0] ?? device.id;
  }
  if (request.severity !== undefined && !isCaseSeverity(request.severity))
    throw refused(
      '--severity',
      `expected one of ${severities.join(', ')}, got ${JSON.stringify(request.severity)}`,
    );
  const highest = [...alerts.values()].reduce<CaseSeverity | undefined>(
    (worst, alert) =>
      worst === undefined || severities.indexOf(alert.severity) > severities.indexOf(worst)
        ? alert.severity
        : worst,
    undefined,
  );
  const first = alerts.get(alertIds[0] ?? '');
  const title =
    request.title?.trim() ||
    (first === undefined
      ? `Incident on ${deviceName}`
      : alerts.size > 1
        ? `${first.summary} (and ${alerts.size - 1} more alerts)`
        : first.summary);
  const discoveredOn = request.discoveredOn ?? dateIn(nowMs, request.timeZone ?? localTimeZone());
  try {
    parseDate(discoveredOn);
  } catch (error) {
    throw refused('--discovered', (error as Error).message);
  }
  if (request.dueAt !== undefined && Number.isNaN(Date.parse(request.dueAt)))
    throw refused('--due', `expected a date or ISO time, got ${JSON.stringify(request.dueAt)}`);
  const openedAt = new Date(nowMs).toISOString();
  const opened = await store.cases.open({
    title,
    severity: (request.severity as CaseSeverity | undefined) ?? highest ?? 'medium',
    owner: request.owner ?? null,
    openedBy: request.actor,
    openedAt,
    dueAt: request.dueAt === undefined ? null : new Date(request.dueAt).toISOString(),
    discoveredOn,
    alerts: alertIds,
    devices: [...devices],
  });
  await store.audit.append(
    {
      actor: request.actor,
      action: 'case-opened',
      target: opened.id,
      before: null,
      after: JSON.stringify({
        title,
        severity: opened.severity,
        alerts: opened.alerts,
        devices: opened.devices,
      }),
    },
    openedAt,
  );
  return opened;
}

/** Writes a note on a case, with its audit row. */
export async function noteOnCase(store: Store, caseId: string, text: string, actor: string, nowMs: number) {
  const found = await existingCase(store, caseId);
  if (!text.trim()) throw refused('--text', 'a note needs words');
  const at = new Date(nowMs).toISOString();
  await store.cases.addNote(found.id, { at, by: actor, text });
  await store.audit.append(
    { actor, action: 'case-note-added', target: found.id, before: null, after: text },
    at,
  );
  return (await store.cases.get(found.id))!;
}

/** Moves a case to another phase of the life cycle (or closes it), with its audit row. */
export async function moveCase(store: Store, caseId: string, phase: string, actor: string, nowMs: number) {
  const found = await existingCase(store, caseId);
  if (!(casePhases as readonly string[]).includes(phase))
    throw refused('phase', `expected one of ${casePhases.join(', ')}, got ${JSON.stringify(phase)}`);
  const at = new Date(nowMs).toISOString();
  await store.cases.setStatus(found.id, phase as CasePhase, at);
  await store.audit.append(
    { actor, action: 'case-status-changed', target: found.id, before: found.status, after: phase },
    at,
  );
  return (await store.cases.get(found.id))!;
}

/**
 * Records a playbook step (`playbook/step`) as done on a case, with its audit row; the playbook
 * must be one the case follows.
 */
export async function completeStep(
  store: Store,
  caseId: string,
  stepPath: string,
  actor: string,
  note: string | undefined,
  nowMs: number,
  playbooks: readonly Playbook[],
) {
  const found = await existingCase(store, caseId);
  const [playbookId, stepId] = stepPath.split('/');
  const followed = casePlaybooks(await caseMaterial(store, found), playbooks);
  const playbook = followed.find((candidate) => candidate.id === playbookId);
  if (playbook === undefined)
    throw refused(
      'step',
      `${found.id} follows ${followed.map((candidate) => candidate.id).join(', ') || 'no playbook'}, not ${JSON.stringify(playbookId)}`,
    );
  if (!playbook.steps.some((step) => step.id === stepId))
    throw refused(
      'step',
      `playbook ${playbook.id} has steps ${playbook.steps.map((step) => step.id).join(', ')}, not ${JSON.stringify(stepId ?? '')}`,
    );
  const at = new Date(nowMs).toISOString();
  await store.cases.markStep(found.id, {
    playbook: playbook.id,
    step: stepId!,
    at,
    by: actor,
    note: note ?? null,
  });
  await store.audit.append(
    { actor, action: 'case-step-done', target: found.id, before: null, after: `${playbook.id}/${stepId}` },
    at,
  );
  return casePlaybooks(await caseMaterial(store, found), playbooks);
}

export interface AssessRequest extends Partial<BreachFactors> {
  individuals?: number | undefined;
  mostInOneState?: number | undefined;
  conclusion: string;
  reasoning: string;
  actor: string;
}

/**
 * Records the case's breach assessment, each factor not given taken from what the store shows
 * (see `prefillBreachFactors`), with its audit row holding the assessment before and after.
 */
export async function assessBreach(store: Store, caseId: string, request: AssessRequest, nowMs: number) {
  const found = await existingCase(store, caseId);
  if (!(breachConclusions as readonly string[]).includes(request.conclusion))
    throw refused(
      '--conclusion',
      `expected ${breachConclusions.join(' or ')}, got ${JSON.stringify(request.conclusion)}`,
    );
  if (!request.reasoning.trim())
    throw refused('--reasoning', 'say why, for the record the regulator may ask for');
  for (const [option, count] of [
    ['--individuals', request.individuals],
    ['--most-in-one-state', request.mostInOneState],
  ] as const)
    if (count !== undefined && !(Number.isInteger(count) && count >= 0))
      throw refused(option, `expected a whole number of people, got ${count}`);
  const prefilled = prefillBreachFactors(await caseMaterial(store, found));
  const assessment: BreachAssessment = {
    nature: request.nature ?? prefilled.nature,
    recipient: request.recipient ?? prefilled.recipient,
    acquired: request.acquired ?? prefilled.acquired,
    mitigation: request.mitigation ?? prefilled.mitigation,
    individuals: request.individuals ?? null,
    mostInOneState: request.mostInOneState ?? null,
    conclusion: request.conclusion as BreachAssessment['conclusion'],
    reasoning: request.reasoning,
    assessedAt: new Date(nowMs).toISOString(),
    assessedBy: request.actor,
  };
  const before = await store.cases.breachAssessment(found.id);
  await store.cases.setBreachAssessment(found.id, assessment);
  await store.audit.append(
    {
      actor: request.actor,
      action: 'case-breach-assessed',
      target: found.id,
      before: before === undefined ? null : JSON.stringify(before),
      after: JSON.stringify(assessment),
    },
    assessment.assessedAt,
  );
  return assessment;
}

/** The case, or a refusal saying there is none (a 404 over the API). */
export async function existingCase(store: Store, caseId: string): Promise<Case> {
  const found = await store.cases.get(caseId);
  if (found === undefined)
    throw new CaseChangeError(`no case ${caseId} in this store (vigil case list shows them)`, {
      missingCase: caseId,
    });
  return found;
}

function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
