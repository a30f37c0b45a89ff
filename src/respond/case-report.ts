import type { DeviceRecord } from '../inventory/device-record.js';
import type { Store } from '../store/open-store.js';
import type { Case } from './case.js';
import { caseMaterial } from './case-material.js';
import { type CaseView, viewCase } from './case-timeline.js';
import { medWatchFields } from './medwatch-fields.js';
import type { Playbook } from './playbook.js';

/** Markdown table cells: pipes escaped, lines joined, so a value never breaks the table. */
function cell(text: string | number | null | undefined): string {
  return String(text ?? '—')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

function table(headers: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string[] {
  if (rows.length === 0) return ['None.'];
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

/**
 * The incident report of a case as Markdown: what happened (timeline), which devices, what was
 * done (playbook steps, phases), the evidence with its hashes and custody, and the breach
 * assessment with its deadlines. Holds no packet contents and no patient values.
 */
export function incidentReport(
  view: CaseView,
  devices: readonly DeviceRecord[],
  generatedAt: string,
): string {
  const { breach } = view;
  const steps = view.playbooks.flatMap((playbook) =>
    playbook.steps.map((step) => [
      `${playbook.id}/${step.id}`,
      step.phase,
      step.role,
      step.action,
      step.done === null
        ? 'open'
        : `done by ${step.done.by} at ${step.done.at}${step.done.note ? ` (${step.done.note})` : ''}`,
    ]),
  );
  return [
    `# Incident report: ${view.id} — ${view.title}`,
    '',
    `Generated ${generatedAt} by Vigil. Severity ${view.severity}; status ${view.status}; owner ${view.owner ?? 'none'}. Opened ${view.openedAt} by ${view.openedBy}${view.closedAt === null ? '' : `; closed ${view.closedAt}`}. Discovered ${view.discoveredOn}.`,
    '',
    '## Devices',
    '',
    ...table(
      ['device', 'type', 'vendor', 'model', 'firmware', 'addresses'],
      devices.map((device) => [
        device.hostnames[0] ?? device.id,
        device.type,
        device.vendor,
        device.model,
        device.firmware,
        [...device.ips, ...device.macs].join(', '),
      ]),
    ),
    '',
    '## Timeline',
    '',
    ...table(
      ['time (UTC)', 'kind', 'about', 'by', 'what'],
      view.timeline.map((entry) => [entry.at, entry.kind, entry.ref, entry.actor, entry.summary]),
    ),
    '',
    '## Actions',
    '',
    ...table(['step', 'phase', 'role', 'action', 'status'], steps),
    '',
    '## Containment',
    '',
    ...containment(view),
    '',
    '## Evidence and chain of custody',
    '',
    // A list, not a table: each hash stays whole on one line, in the PDF as in the Markdown.
    ...(view.evidence.length === 0
      ? ['None.']
      : view.evidence.map(
          (evidence) =>
            `- ${evidence.file}: SHA-256 ${evidence.sha256}, ${evidence.packets} packets (${evidence.windowFrom} to ${evidence.windowTo}); exported ${evidence.at} by ${evidence.by}; reason: ${evidence.reason}${evidence.destination === null ? '' : `; to ${evidence.destination}`}`,
        )),
    '',
    '## Post-incident review',
    '',
    ...table(
      ['action', 'owner', 'due', 'status', 'risk', 'for'],
      view.reviewActions.map((entry) => [
        entry.title,
        entry.owner,
        entry.dueDate,
        entry.status,
        entry.id,
        entry.subject,
      ]),
    ),
    '',
    '## Breach assessment (45 CFR 164.402)',
    '',
    breach.assessed
      ? `Assessed by ${breach.assessment.assessedBy}: ${breach.notificationRequired ? '**notification required**' : 'low probability that the patient data was compromised; no notification'}.`
      : 'Not assessed yet; the factors below are what Vigil saw.',
    '',
    `1. Nature and extent of the patient data: ${breach.assessment.nature}`,
    `2. Unauthorised person: ${breach.assessment.recipient}`,
    `3. Acquired or viewed: ${breach.assessment.acquired}`,
    `4. Mitigation: ${breach.assessment.mitigation}`,
    '',
    ...('reasoning' in breach.assessment ? [`Reasoning: ${breach.assessment.reasoning}`, ''] : []),
    breach.deadlines === null
      ? `Individuals are to be notified by ${breach.deadline} (60 days from discovery) if notification is required.`
      : `Deadlines: individuals by ${breach.deadlines.individuals}; HHS by ${breach.deadlines.hhs} (${breach.deadlines.hhsRule}); media ${breach.deadlines.media === null ? 'not required' : `by ${breach.deadlines.media}`}.`,
    '',
  ].join('\n');
}

/** Each isolation with who proposed, approved, applied and lifted it, and what the latest stops. */
function containment(view: CaseView): string[] {
  if (view.isolations.length === 0) return ['No isolation proposed.'];
  const stamps = view.isolations.map((isolation) => {
    const steps = [
      `proposed by ${isolation.proposedBy} at ${isolation.proposedAt}`,
      ...(isolation.approvedBy === null
        ? []
        : [`approved by ${isolation.approvedBy} at ${isolation.approvedAt}`]),
      ...(isolation.appliedBy === null
        ? []
        : [`applied by ${isolation.appliedBy} at ${isolation.appliedAt}`]),
      ...(isolation.liftedBy === null ? [] : [`lifted by ${isolation.liftedBy} at ${isolation.liftedAt}`]),
    ];
    return `- Isolation ${isolation.seq} (${isolation.status}) of ${isolation.devices.map((device) => device.name).join(', ')}: ${steps.join('; ')}. It blocks ${isolation.impact.blocked} stored flows, ${isolation.impact.clinicalBlocked} of them clinical care.`;
  });
  const latest = view.isolations.at(-1)!;
  return [
    ...stamps,
    '',
    `What isolation ${latest.seq} stops:`,
    '',
    ...table(
      ['care', 'device', 'direction', 'peer', 'service', 'application', 'flows'],
      latest.impact.stops.map((stop) => [
        stop.clinical ? 'yes' : 'no',
        stop.device,
        stop.direction,
        stop.peer,
        `${stop.protocol}/${stop.port}`,
        stop.application,
        stop.flows,
      ]),
    ),
  ];
}

/**
 * A draft notification to a device's manufacturer: the device, model and firmware, what was
 * observed (the case's alerts on the timeline), and the evidence with its hashes, for the
 * manufacturer's product security team (and its coordinated disclosure).
 */
export function manufacturerNotice(view: CaseView, devices: readonly DeviceRecord[]): string {
  const observed = view.timeline.filter((entry) => entry.kind === 'alert');
  return [
    `# To the product security team of ${[...new Set(devices.map((device) => device.manufacturer ?? device.vendor).filter(Boolean))].join(', ') || 'the manufacturer'}`,
    '',
    `Our incident ${view.id} (${view.title}) involves the following devices of yours:`,
    '',
    ...table(
      ['model', 'firmware', 'type'],
      devices.map((device) => [device.model, device.firmware, device.type]),
    ),
    '',
    'What we observed on the network:',
    '',
    ...(observed.length === 0
      ? ['Nothing yet recorded.']
      : observed.map((entry) => `- ${entry.at}: ${entry.summary}`)),
    '',
    view.evidence.length === 0
      ? 'We can share a packet capture of the incident on request.'
      : `We can share the packet capture(s) below on request; the hashes let you check what you receive:\n\n${view.evidence.map((evidence) => `- ${evidence.packets} packets, SHA-256 ${evidence.sha256}`).join('\n')}`,
    '',
    'Please tell us whether this matches a known vulnerability or advisory, and what mitigation you recommend for these models and firmware versions.',
    '',
  ].join('\n');
}

/** The documents a case yields: its incident report, a notice to the manufacturer, the MedWatch fields. */
export const caseReportKinds = ['incident', 'manufacturer', 'medwatch'] as const;
export type CaseReportKind = (typeof caseReportKinds)[number];

export function isCaseReportKind(value: string): value is CaseReportKind {
  return (caseReportKinds as readonly string[]).includes(value);
}

/** A case's report of one kind, read from the store at `nowMs` (`vigil case report` and the API). */
export async function caseReport(
  store: Store,
  found: Case,
  kind: CaseReportKind,
  nowMs: number,
  playbooks?: readonly Playbook[],
): Promise<string> {
  const material = await caseMaterial(store, found);
  const view = await viewCase(store, found, nowMs, playbooks, material);
  const generatedAt = new Date(nowMs).toISOString();
  if (kind === 'medwatch') return medWatchFields(view, material.devices, generatedAt);
  return kind === 'incident'
    ? incidentReport(view, material.devices, generatedAt)
    : manufacturerNotice(view, material.devices);
}
