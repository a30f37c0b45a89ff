import { type Command, InvalidArgumentError, Option } from 'commander';
import { approvePolicy, saveDraftPolicy } from '../../changes/policy-changes.js';
import { loadZones } from '../../config/zones.js';
import { loadDefinedGroups } from '../../segment/defined-groups.js';
import { diffPolicies } from '../../segment/diff-policies.js';
import { EndpointGroups } from '../../segment/endpoint-groups.js';
import { policyExportFormats, policyExports } from '../../segment/export/registry.js';
import { generatePolicy } from '../../segment/generate-policy.js';
import { type Granularity, granularities, type Policy } from '../../segment/policy.js';
import { type PolicyFlow, readCaptureFlows } from '../../segment/policy-flow.js';
import { loadLearningFlows, loadSegmentDevices } from '../../segment/segment-inputs.js';
import { type SimulatedFlow, type SimulationReport, simulatePolicy } from '../../segment/simulate-policy.js';
import type { Store } from '../../store/open-store.js';
import { isoFromMs } from '../../store/timestamp-text.js';
import { parseSince } from '../since-option.js';
import { actorOf, storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';

const zonesDescription =
  'network zones with their trust: JSON [{ "name": "guest Wi-Fi", "cidr": "10.15.0.0/16", "trust": "untrusted" }, …]';

export function registerPolicyCommands(program: Command): void {
  const policy = program
    .command('policy')
    .description(
      'segmentation policy: generated from the flows a learning window needed, simulated on recorded traffic, approved, exported to firewalls',
    );
  policy
    .command('generate')
    .description(
      "a new draft from the store's flows: least-privilege allows, hygiene denies, then deny the rest",
    )
    .addOption(
      new Option(
        '--granularity <level>',
        'what a group is: a zone; devices of one type, clinical function, manufacturer, model or risk level within a zone; one device',
      )
        .choices([...granularities])
        .default('type'),
    )
    .option('--since <when>', 'the learning window starts (ISO time, or a span back from now: 24h, 7d)')
    .option('--until <when>', 'the learning window ends (ISO time)')
    .option('--zones <file>', zonesDescription)
    .option(
      '--groups <file>',
      'groups an analyst defines, placed before the granularity: JSON [{ "name": "biomed laptops", "macs": […], "cidrs": […] }, …]',
    )
    .option('--by <name>', 'who generates it (default: the operating-system user)')
    .option('--json', 'print the draft as JSON')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (options: {
        granularity: Granularity;
        since?: string;
        until?: string;
        zones?: string;
        groups?: string;
        by?: string;
        json?: boolean;
        db?: string;
      }) => {
        const zones = options.zones === undefined ? [] : loadZones(options.zones);
        const defined = options.groups === undefined ? [] : loadDefinedGroups(options.groups);
        const window = {
          ...(options.since === undefined ? {} : { since: storeTime(options.since, '--since') }),
          ...(options.until === undefined ? {} : { until: storeTime(options.until, '--until') }),
        };
        const draft = await withStore(options.db, async (store) => {
          const devices = await loadSegmentDevices(store, options.granularity);
          const flows = await loadLearningFlows(store, window);
          if (flows.length === 0)
            throw new Error(
              'no flows in the learning window: ingest a capture first, or widen --since/--until',
            );
          const generated = generatePolicy(
            flows,
            new EndpointGroups(devices, zones, options.granularity, defined),
          );
          return saveDraftPolicy(store, generated, actorOf(options.by), Date.now());
        });
        if (options.json) process.stdout.write(`${JSON.stringify(draft, null, 2)}\n`);
        else
          process.stdout.write(
            `${draft.id}: draft, ${draft.rules.length} rules over ${draft.groups.length} groups (granularity ${draft.granularity}, learned ${draft.learnedFrom ?? '-'} to ${draft.learnedUntil ?? '-'})\n`,
          );
      },
    );
  policy
    .command('list')
    .description('the versions, newest first')
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (options: { json?: boolean; db?: string }) => {
      const versions = await withStore(options.db, (store) => store.policies.list());
      if (options.json) {
        process.stdout.write(`${JSON.stringify(versions, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `${formatTable(
          ['id', 'status', 'granularity', 'rules', 'groups', 'created', 'by', 'approved by'],
          versions.map((version) => [
            version.id,
            version.status,
            version.granularity,
            String(version.rules),
            String(version.groups),
            version.createdAt,
            version.createdBy,
            version.approvedBy ?? '',
          ]),
        )}\n`,
      );
    });
  policy
    .command('show')
    .description('one version with its rules and why each exists (default: the latest)')
    .argument('[id]', 'pol-N or N')
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (id: string | undefined, options: { json?: boolean; db?: string }) => {
      const shown = await withStore(options.db, (store) => requirePolicy(store, id));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `${shown.id} (${shown.status}), granularity ${shown.granularity}, learned ${shown.learnedFrom ?? '-'} to ${shown.learnedUntil ?? '-'}\n${formatTable(
          ['rule', 'action', 'from', 'to', 'protocol', 'ports', 'application', 'why'],
          shown.rules.map((rule) => [
            rule.id,
            rule.action,
            rule.from,
            rule.to,
            rule.protocol,
            rule.ports.join(',') || 'any',
            rule.application ?? '',
            `${rule.justification.reason}${rule.review === null ? '' : `; review: ${rule.review}`}`,
          ]),
        )}\n`,
      );
    });
  policy
    .command('diff')
    .description('the rules one version adds, removes or changes against another')
    .argument('<from>', 'the older version, pol-N or N')
    .argument('[to]', 'the newer version (default: the latest)')
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (from: string, to: string | undefined, options: { json?: boolean; db?: string }) => {
      const [before, after] = await withStore(options.db, async (store) => [
        await requirePolicy(store, from),
        await requirePolicy(store, to),
      ]);
      const changes = diffPolicies(before, after);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ from: before.id, to: after.id, changes }, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `${before.id} → ${after.id}: ${changes.length} change${changes.length === 1 ? '' : 's'}\n${changes
          .map(
            (change) =>
              `${change.change === 'added' ? '+' : change.change === 'removed' ? '-' : '~'} ${change.key}${
                change.change === 'changed'
                  ? ` ports +[${change.portsAdded.join(',')}] -[${change.portsRemoved.join(',')}]`
                  : change.after !== null || change.before !== null
                    ? ` ports [${(change.after ?? change.before)!.ports.join(',') || 'any'}]`
                    : ''
              }`,
          )
          .join('\n')}\n`,
      );
    });
  policy
    .command('approve')
    .description(
      'approve a draft: by an account whose role may approve policy (clinical engineer, administrator), not the one who generated it; kept in the audit log',
    )
    .argument('<id>', 'pol-N or N')
    .requiredOption('--by <name>', 'the approving account')
    .option('--db <location>', storeOptionDescription)
    .action(async (id: string, options: { by: string; db?: string }) => {
      const approved = await withStore(options.db, (store) =>
        approvePolicy(store, id, options.by, Date.now()),
      );
      process.stdout.write(`${approved.id} approved by ${approved.approvedBy}\n`);
    });
  policy
    .command('simulate')
    .description(
      'replay a capture against a policy: what each rule would block, which blocked flows are clinical, and each device’s reach before and after',
    )
    .argument(
      '<capture>',
      'a pcap or pcapng capture (exit 2 when it is damaged: what came before is simulated)',
    )
    .option('--policy <id>', 'pol-N or N (default: the latest)')
    .option(
      '--json',
      'print JSON: every flow with src, dst, protocol, port, action (allow or block) and rule',
    )
    .option('--db <location>', storeOptionDescription)
    .action(async (capture: string, options: { policy?: string; json?: boolean; db?: string }) => {
      const [chosen, devices] = await withStore(options.db, async (store) => [
        await requirePolicy(store, options.policy),
        await loadSegmentDevices(store),
      ]);
      const flows: PolicyFlow[] = [];
      const read = await readCaptureFlows(capture, (flow) => flows.push(flow));
      const report = simulatePolicy(chosen, flows, devices, { listFlows: options.json === true });
      if (options.json) {
        const withTimes = ({ firstSeenMs, ...flow }: SimulatedFlow) => ({
          ...flow,
          firstSeen: new Date(firstSeenMs).toISOString(),
        });
        const listed = {
          ...report,
          flows: report.flows.map(withTimes),
          clinicalImpact: report.clinicalImpact.map(withTimes),
        };
        process.stdout.write(`${JSON.stringify({ capture, ...read, ...listed }, null, 2)}\n`);
      } else process.stdout.write(describeSimulation(report, capture));
      if (read.firstCaptureError !== null) {
        // As ingest does: what came before the damage was simulated, and the exit code says so.
        process.stderr.write(
          `vigil: read up to damage, ${read.captureErrors} problem(s); first: ${read.firstCaptureError}\n`,
        );
        process.exitCode = 2;
      }
    });
  policy
    .command('export')
    .description('write a policy in a firewall or NAC format to standard output')
    .addOption(
      new Option('--format <format>', 'the format').choices(policyExportFormats).makeOptionMandatory(),
    )
    .option('--policy <id>', 'pol-N or N (default: the latest)')
    .option('--db <location>', storeOptionDescription)
    .action(async (options: { format: keyof typeof policyExports; policy?: string; db?: string }) => {
      const chosen = await withStore(options.db, (store) => requirePolicy(store, options.policy));
      process.stdout.write(policyExports[options.format](chosen));
    });
}

async function requirePolicy(store: Store, id: string | undefined): Promise<Policy> {
  const found = await store.policies.get(id);
  if (found !== undefined) return found;
  throw new Error(
    id === undefined
      ? 'no policy yet: vigil policy generate makes one from the flows in the store'
      : `no policy ${id}: vigil policy list shows the versions`,
  );
}

function storeTime(text: string, option: string): string {
  try {
    return isoFromMs(Date.parse(parseSince(text)));
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw new Error(`${option}: ${error.message}`);
    throw error;
  }
}

function describeSimulation(report: SimulationReport, capture: string): string {
  const { totals } = report;
  const lines = [
    `${capture} against ${report.policy}: ${totals.flows} flows, ${totals.allowed} allowed (${totals.notRouted} of them not routed, outside any policy), ${totals.blocked} blocked (${totals.blockedByHygiene} by hygiene rules)`,
    totals.clinicalBlocked === 0
      ? 'clinical impact: none (no answered DICOM, HL7, POCT1-A, SDC or FHIR flow and no answered flow of a life-sustaining device is blocked by least privilege)'
      : `clinical impact: ${totals.clinicalBlocked} blocked flows would break patient care:`,
    ...report.clinicalImpact
      .slice(0, 20)
      .map(
        (flow) =>
          `  ${flow.src} → ${flow.dst} ${flow.protocol}/${flow.port} ${flow.application ?? 'life-sustaining device'} blocked by ${flow.rule}`,
      ),
    `fleet exposure: ${report.fleetExposure.after} % of a flat network's weighted reach`,
    formatTable(
      ['rule', 'action', 'flows'],
      report.rules
        .filter((rule) => rule.flows > 0)
        .map((rule) => [rule.rule, rule.action, String(rule.flows)]),
    ),
    'widest reach after the policy:',
    formatTable(
      ['device', 'reach before', 'after', 'weighted before', 'after'],
      report.blastRadius
        .slice(0, 10)
        .map((radius) => [
          radius.name,
          String(radius.before),
          String(radius.after),
          String(radius.weightedBefore),
          String(radius.weightedAfter),
        ]),
    ),
  ];
  return `${lines.join('\n')}\n`;
}
