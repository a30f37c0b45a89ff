import { writeFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import {
  assessBreach,
  completeStep,
  existingCase,
  moveCase,
  noteOnCase,
  openCase,
} from '../../changes/case-changes.js';
import { exportCaseEvidence, verifyCaseEvidence } from '../../changes/case-evidence.js';
import { addReviewAction } from '../../changes/case-review.js';
import { markdownToPdf } from '../../report/markdown-pdf.js';
import { breachReminders } from '../../respond/breach-reminders.js';
import type { Case } from '../../respond/case.js';
import { casePhases } from '../../respond/case.js';
import { caseReport, caseReportKinds, isCaseReportKind } from '../../respond/case-report.js';
import { type CaseView, viewCase } from '../../respond/case-timeline.js';
import { loadPlaybooks } from '../../respond/playbook.js';
import { parseSince } from '../since-option.js';
import { actorOf, storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';
import { registerIsolateCommand } from './case-isolate-command.js';

/** Exit code of `vigil case reminders` when a notice is due: a daily job's mail goes out on it. */
const exitCodeNoticeDue = 4;

function parseWholeNumber(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value))
    throw new InvalidArgumentError(`expected a whole number, got "${text}"`);
  return value;
}

/** A time as `--since` takes it (an ISO date or time, or a span back from now such as 2h), in ms. */
const parseTime = (text: string): number => Date.parse(parseSince(text));

export function registerCaseCommands(program: Command): void {
  const cases = program
    .command('case')
    .description(
      'incident cases: opened from alerts or a device, moved through the NIST SP 800-61 phases, with a timeline and the breach clock',
    );
  cases
    .command('open')
    .description('open a case (kept in the audit log); prints its id')
    .option('--from-alert <ids...>', 'alerts the case is about (their devices join it)')
    .option('--device <id|mac|ip>', 'a device the case is about')
    .option('--title <text>', "the case's title (default: the first alert's summary)")
    .option('--severity <level>', 'low, medium, high or critical (default: the highest of its alerts)')
    .option('--owner <name>', 'who leads it')
    .option('--discovered <date>', 'YYYY-MM-DD, the day the incident was discovered (default: today)')
    .option('--due <date>', 'when the case is due to close')
    .option('--by <name>', 'who opens it (default: the operating-system user)')
    .option('--json', 'print the case as JSON')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (options: {
        fromAlert?: string[];
        device?: string;
        title?: string;
        severity?: string;
        owner?: string;
        discovered?: string;
        due?: string;
        by?: string;
        json?: boolean;
        db?: string;
      }) => {
        const opened = await withStore(options.db, (store) =>
          openCase(
            store,
            {
              fromAlerts: options.fromAlert,
              device: options.device,
              title: options.title,
              severity: options.severity,
              owner: options.owner,
              discoveredOn: options.discovered,
              dueAt: options.due,
              actor: actorOf(options.by),
            },
            Date.now(),
          ),
        );
        process.stdout.write(options.json ? `${JSON.stringify(opened, null, 2)}\n` : `${opened.id}\n`);
      },
    );
  cases
    .command('list')
    .description('every case, newest first')
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (options: { json?: boolean; db?: string }) => {
      const listed = await withStore(options.db, (store) => store.cases.list());
      if (options.json) {
        process.stdout.write(`${JSON.stringify(listed, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `${formatTable(
          ['id', 'status', 'severity', 'opened', 'owner', 'alerts', 'devices', 'title'],
          listed.map((found) => [
            found.id,
            found.status,
            found.severity,
            found.openedAt.slice(0, 16).replace('T', ' '),
            found.owner ?? '',
            String(found.alerts.length),
            String(found.devices.length),
            found.title,
          ]),
        )}\n`,
      );
    });
  cases
    .command('show')
    .description('a case with its timeline and breach clock')
    .argument('<case>', 'the case id (case-3) or number')
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (caseId: string, options: { json?: boolean; db?: string }) => {
      const view = await withStore(options.db, async (store) => {
        const found = await existingCase(store, caseId);
        return viewCase(store, found, Date.now());
      });
      process.stdout.write(options.json ? `${JSON.stringify(view, null, 2)}\n` : describe(view));
    });
  cases
    .command('note')
    .description('write a note on a case (kept in the audit log)')
    .argument('<case>', 'the case id or number')
    .requiredOption('--text <text>', 'the note')
    .option('--by <name>', 'who writes it (default: the operating-system user)')
    .option('--db <location>', storeOptionDescription)
    .action(async (caseId: string, options: { text: string; by?: string; db?: string }) => {
      const noted = await withStore(options.db, (store) =>
        noteOnCase(store, caseId, options.text, actorOf(options.by), Date.now()),
      );
      process.stdout.write(`${noted.id}: ${noted.notes.length} notes\n`);
    });
  cases
    .command('status')
    .description(`move a case to a phase: ${casePhases.join(', ')} (kept in the audit log)`)
    .argument('<case>', 'the case id or number')
    .argument('<phase>', casePhases.join(' | '))
    .option('--by <name>', 'who moves it (default: the operating-system user)')
    .option('--db <location>', storeOptionDescription)
    .action(async (caseId: string, phase: string, options: { by?: string; db?: string }) => {
      const moved = await withStore(options.db, (store) =>
        moveCase(store, caseId, phase, actorOf(options.by), Date.now()),
      );
      process.stdout.write(`${moved.id}: ${moved.status}\n`);
    });
  cases
    .command('step')
    .description(
      "record a playbook step as done on a case (kept in the audit log); vigil case show lists the case's playbooks",
    )
    .argument('<case>', 'the case id or number')
    .argument('<playbook/step>', 'the step, as playbook id and step id (infusion-pump/ward-informed)')
    .option('--note <text>', 'what was done or found')
    .option('--by <name>', 'who did it (default: the operating-system user)')
    .option('--db <location>', storeOptionDescription)
    .action(async (caseId: string, step: string, options: { note?: string; by?: string; db?: string }) => {
      const followed = await withStore(options.db, (store) =>
        completeStep(store, caseId, step, actorOf(options.by), options.note, Date.now(), loadPlaybooks()),
      );
      const open = followed.flatMap((playbook) =>
        playbook.steps
          .filter((candidate) => candidate.done === null)
          .map((candidate) => `${playbook.id}/${candidate.id}`),
      );
      process.stdout.write(`${step} done; open steps: ${open.join(', ') || 'none'}\n`);
    });
  cases
    .command('assess')
    .description(
      'record the breach risk assessment (45 CFR 164.402): the four factors, each prefilled from what Vigil saw unless given, the people affected and the conclusion (kept in the audit log)',
    )
    .argument('<case>', 'the case id or number')
    .requiredOption(
      '--conclusion <notify|low-probability>',
      'notification required, or a low probability the data was compromised',
    )
    .requiredOption('--reasoning <text>', 'why, for the record')
    .option(
      '--nature <text>',
      '(i) the nature and extent of the patient data (default: from the patient-data findings)',
    )
    .option('--recipient <text>', '(ii) who used or received it (default: the alerts’ sources)')
    .option(
      '--acquired <text>',
      '(iii) whether it was acquired or viewed (default: the transfers the alerts show)',
    )
    .option(
      '--mitigation <text>',
      '(iv) how far the risk is mitigated (default: the steps done and evidence exported)',
    )
    .option('--individuals <count>', 'people whose data was involved', parseWholeNumber)
    .option(
      '--most-in-one-state <count>',
      'the most of them residing in one state or jurisdiction',
      parseWholeNumber,
    )
    .option('--by <name>', 'who assesses (default: the operating-system user)')
    .option('--json', 'print the assessment as JSON')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (
        caseId: string,
        options: {
          conclusion: string;
          reasoning: string;
          nature?: string;
          recipient?: string;
          acquired?: string;
          mitigation?: string;
          individuals?: number;
          mostInOneState?: number;
          by?: string;
          json?: boolean;
          db?: string;
        },
      ) => {
        const { by, json, db, ...request } = options;
        const assessed = await withStore(db, (store) =>
          assessBreach(store, caseId, { ...request, actor: actorOf(by) }, Date.now()),
        );
        process.stdout.write(
          json
            ? `${JSON.stringify(assessed, null, 2)}\n`
            : `${caseId}: ${assessed.conclusion === 'notify' ? 'notification required' : 'low probability of compromise: no notification'}\n`,
        );
      },
    );
  cases
    .command('report')
    .description(
      'the incident report (timeline, devices, actions, evidence hashes, breach assessment) or a draft notice to the manufacturer, as Markdown',
    )
    .argument('<case>', 'the case id or number')
    .option('--kind <kind>', `which document: ${caseReportKinds.join(', ')}`, 'incident')
    .option('--format <markdown|pdf>', 'Markdown, or a PDF of it (needs --out)', 'markdown')
    .option('--out <file>', 'write it here instead of to standard output')
    .option('--db <location>', storeOptionDescription)
    .action(async (caseId: string, options: { kind: string; format: string; out?: string; db?: string }) => {
      const { kind, format, out } = options;
      if (!isCaseReportKind(kind))
        throw new Error(`--kind: expected ${caseReportKinds.join(', ')}, got "${kind}"`);
      if (format !== 'markdown' && format !== 'pdf')
        throw new Error(`--format: expected markdown or pdf, got "${format}"`);
      if (format === 'pdf' && out === undefined) throw new Error('--format pdf: give --out FILE.pdf');
      const { id, text } = await withStore(options.db, async (store) => {
        const found = await existingCase(store, caseId);
        return { id: found.id, text: await caseReport(store, found, kind, Date.now()) };
      });
      if (out === undefined) {
        process.stdout.write(text);
        return;
      }
      writeFileSync(
        out,
        format === 'pdf'
          ? await markdownToPdf(text, { title: `${id} ${kind} report`, author: 'Vigil' })
          : text,
      );
      process.stdout.write(`${out}\n`);
    });
  registerEvidenceCommands(cases);
  registerIsolateCommand(cases);
  cases
    .command('reminders')
    .description(
      'the breach notices open cases owe within some days (the assessment while not recorded, then the individuals, HHS and the media): for a daily job; exit 4 when one is due',
    )
    .option('--within <days>', 'days ahead to look', parseWholeNumber, 14)
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (options: { within: number; json?: boolean; db?: string }) => {
      const due = await withStore(options.db, async (store) => {
        const found = await store.cases.list();
        const assessed = [];
        for (const each of found)
          assessed.push({ found: each, assessment: await store.cases.breachAssessment(each.id) });
        return breachReminders(assessed, new Date().toISOString().slice(0, 10), options.within);
      });
      if (options.json) process.stdout.write(`${JSON.stringify(due, null, 2)}\n`);
      else if (due.length === 0) process.stdout.write(`no breach notice due within ${options.within} days\n`);
      else
        process.stdout.write(
          `${formatTable(
            ['case', 'notice', 'deadline', 'days left', 'what'],
            due.map((reminder) => [
              reminder.caseId,
              reminder.notice,
              reminder.deadline,
              String(reminder.daysLeft),
              reminder.summary,
            ]),
          )}\n`,
        );
      if (due.length > 0) process.exitCode = exitCodeNoticeDue;
    });
  cases
    .command('review')
    .description(
      "enter an action of the post-incident review in the risk register, linked to the case: for a device, a type, or each of the case's devices (kept in the audit log); prints the register ids",
    )
    .argument('<case>', 'the case id or number')
    .requiredOption('--action <text>', 'what is to be done, in a line')
    .requiredOption('--owner <name>', 'who does it')
    .requiredOption('--due <date>', 'YYYY-MM-DD: by when')
    .option('--lesson <text>', 'the lesson it answers')
    .option('--device <id|mac|ip>', 'the device it is for')
    .option('--type <type>', 'the device type it is for')
    .option('--by <name>', 'who enters it (default: the operating-system user)')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (
        caseId: string,
        options: {
          action: string;
          owner: string;
          due: string;
          lesson?: string;
          device?: string;
          type?: string;
          by?: string;
          db?: string;
        },
      ) => {
        const { by, db, ...request } = options;
        const ids = await withStore(db, (store) =>
          addReviewAction(store, caseId, { ...request, actor: actorOf(by) }, Date.now()),
        );
        process.stdout.write(`${ids.join('\n')}\n`);
      },
    );
}

function registerEvidenceCommands(cases: Command): void {
  cases
    .command('evidence')
    .description(
      "write every stored packet of the case's devices and alerts in a window to a pcapng that names the case; recorded with its SHA-256 in the chain of custody and the audit log",
    )
    .argument('<case>', 'the case id or number')
    .requiredOption('--out <file.pcapng>', 'the capture to write (mode 600: packets may carry patient data)')
    .requiredOption('--reason <text>', 'why the packets are exported')
    .option('--destination <text>', 'where the export goes (the manufacturer, law enforcement)')
    .option(
      '--ring <dir>',
      "carve from a sensor's capture ring (the folder it ran with --ring) instead of the captures the store ingested",
    )
    .option(
      '--from <time>',
      "packets at or after this time (default: an hour before the case's first alert)",
      parseTime,
    )
    .option(
      '--to <time>',
      "packets before this time (default: an hour after the case's last alert)",
      parseTime,
    )
    .option('--by <name>', 'who exports it (default: the operating-system user)')
    .option('--json', 'print the custody record as JSON')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (
        caseId: string,
        options: {
          out: string;
          reason: string;
          destination?: string;
          ring?: string;
          from?: number;
          to?: number;
          by?: string;
          json?: boolean;
          db?: string;
        },
      ) => {
        const exported = await withStore(options.db, (store) =>
          exportCaseEvidence(
            store,
            caseId,
            {
              out: options.out,
              reason: options.reason,
              destination: options.destination,
              ring: options.ring,
              fromMs: options.from,
              toMs: options.to,
              actor: actorOf(options.by),
            },
            Date.now(),
          ),
        );
        for (const path of exported.unreadable)
          process.stderr.write(`vigil: ${path}: gone or not a capture; its packets are not in the export\n`);
        process.stdout.write(
          options.json
            ? `${JSON.stringify(exported, null, 2)}\n`
            : `${exported.file}: ${exported.packets} packets from ${exported.sources.length} captures, sha256 ${exported.sha256}\n`,
        );
      },
    );
  cases
    .command('verify-evidence')
    .description(
      "recompute the SHA-256 of each of the case's exports against its chain of custody; exit 1 unless all are intact",
    )
    .argument('<case>', 'the case id or number')
    .option('--by <name>', 'who checks (default: the operating-system user)')
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (caseId: string, options: { by?: string; json?: boolean; db?: string }) => {
      const checks = await withStore(options.db, (store) =>
        verifyCaseEvidence(store, caseId, actorOf(options.by), Date.now()),
      );
      process.stdout.write(
        options.json
          ? `${JSON.stringify(checks, null, 2)}\n`
          : `${formatTable(
              ['status', 'file', 'recorded sha256', 'found'],
              checks.map((check) => [check.status, check.file, check.recorded, check.found ?? '—']),
            )}\n`,
      );
      if (checks.some((check) => check.status !== 'intact')) process.exitCode = 1;
    });
}

function describe(view: CaseView): string {
  const header = (found: Case) =>
    [
      `${found.id}  ${found.title}`,
      `status ${found.status}, severity ${found.severity}, owner ${found.owner ?? 'none'}; opened ${found.openedAt} by ${found.openedBy}`,
      `alerts: ${found.alerts.join(', ') || 'none'}`,
      `devices: ${found.devices.join(', ') || 'none'}`,
    ].join('\n');
  const exports = view.evidence.map(
    (evidence) =>
      `evidence: ${evidence.file} (${evidence.packets} packets, sha256 ${evidence.sha256}) by ${evidence.by} at ${evidence.at}: ${evidence.reason}`,
  );
  const clock = `breach clock: discovered ${view.breach.discoveredOn}; individuals to be notified by ${view.breach.deadline} (${view.breach.daysLeft} days left)${view.breach.assessed ? '' : '; not assessed yet'}`;
  const { breach } = view;
  const assessment = breach.assessed
    ? [
        `breach assessment by ${breach.assessment.assessedBy}: ${breach.notificationRequired ? 'notification required' : 'low probability of compromise, no notification'}`,
        ...(breach.deadlines === null
          ? []
          : [
              `  individuals by ${breach.deadlines.individuals}; HHS by ${breach.deadlines.hhs} (${breach.deadlines.hhsRule}); media ${breach.deadlines.media ?? 'not required'}`,
            ]),
      ]
    : [];
  const factors = [
    `  (i) nature and extent: ${breach.assessment.nature}`,
    `  (ii) recipient: ${breach.assessment.recipient}`,
    `  (iii) acquired or viewed: ${breach.assessment.acquired}`,
    `  (iv) mitigation: ${breach.assessment.mitigation}`,
  ];
  const playbooks = view.playbooks.flatMap((playbook) => [
    `playbook ${playbook.id}: ${playbook.title}${playbook.manufacturerContact === null ? '' : ` (manufacturer: ${playbook.manufacturerContact})`}`,
    ...playbook.steps.flatMap((step) => [
      `  ${step.done === null ? '[ ]' : '[x]'} ${step.phase} · ${step.role} · ${playbook.id}/${step.id}: ${step.action}${
        step.done === null ? '' : ` (done by ${step.done.by} at ${step.done.at})`
      }`,
      ...(step.safeguard === null ? [] : [`      safeguard: ${step.safeguard}`]),
    ]),
  ]);
  const timeline = formatTable(
    ['at', 'kind', 'about', 'by', 'what'],
    view.timeline.map((entry) => [entry.at, entry.kind, entry.ref, entry.actor ?? '', entry.summary]),
  );
  return `${header(view)}\n${[clock, ...assessment, ...factors, ...exports].join('\n')}\n\n${playbooks.length === 0 ? '' : `${playbooks.join('\n')}\n\n`}${timeline}\n`;
}
