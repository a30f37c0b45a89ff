import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  approveIsolation,
  exportIsolation,
  liftIsolation,
  proposeIsolation,
  recordIsolationApplied,
} from '../../changes/case-isolation.js';
import type { CaseIsolation } from '../../respond/isolation.js';
import { isolationExportFormats } from '../../respond/isolation-exports.js';
import { actorOf, storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';

interface IsolateOptions {
  devices?: string[];
  keepClinical?: boolean;
  approve?: boolean;
  applied?: boolean;
  lift?: boolean;
  export?: boolean;
  format?: string;
  out?: string;
  by?: string;
  json?: boolean;
  db?: string;
}

/**
 * `vigil case isolate`: containment. Without an action it proposes isolating the case's devices
 * and prints what that stops; `--approve`, `--applied` and `--lift` move the case's current
 * isolation on; `--out` writes it for a firewall or switch whenever it may be.
 */
export function registerIsolateCommand(cases: Command): void {
  cases
    .command('isolate')
    .description(
      "isolate a case's devices: propose the rules and print what they stop (replayed against the stored flows); a life-sustaining device waits for a second person's --approve; --out writes the rules for nftables, a Cisco ACL or ISE; --applied and --lift record when they were put in force and taken off (all kept in the audit log)",
    )
    .argument('<case>', 'the case id or number')
    .option(
      '--devices <ids...>',
      'devices to isolate: ids, MACs or addresses (default: every device of the case)',
    )
    .option('--keep-clinical', 'let the devices keep their clinical conversations inside the hospital')
    .option('--approve', "approve the case's isolation as a second person")
    .option('--applied', "record that the case's isolation is in force on the network")
    .option('--lift', "record that the case's isolation was taken off the network")
    .option('--export', "only write the case's current isolation (--format, --out), proposing nothing")
    .option('--format <format>', `what --out writes: ${isolationExportFormats.join(', ')}`, 'nftables')
    .option(
      '--out <file>',
      'write the isolation in --format here (once it may be: approved where it must be)',
    )
    .option('--by <name>', 'who does it (default: the operating-system user)')
    .option('--json', 'print the isolation as JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (caseId: string, options: IsolateOptions) => {
      const actions = [options.approve, options.applied, options.lift, options.export].filter(Boolean).length;
      if (actions > 1)
        throw new Error('--approve, --applied, --lift and --export: give one of them at a time');
      if (options.export && options.out === undefined)
        throw new Error('--export: give --out FILE to write to');
      const actor = actorOf(options.by);
      const isolation = await withStore(options.db, async (store) => {
        const now = Date.now();
        if (options.export) {
          const { isolation: current, text } = await exportIsolation(
            store,
            caseId,
            options.format ?? 'nftables',
            actor,
            now,
          );
          writeFileSync(options.out!, text);
          return current;
        }
        const changed = options.approve
          ? await approveIsolation(store, caseId, actor, now)
          : options.applied
            ? await recordIsolationApplied(store, caseId, actor, now)
            : options.lift
              ? await liftIsolation(store, caseId, actor, now)
              : await proposeIsolation(
                  store,
                  caseId,
                  { devices: options.devices, keepClinical: options.keepClinical, actor },
                  now,
                );
        if (options.out !== undefined && exportable(changed)) {
          const { text } = await exportIsolation(store, caseId, options.format ?? 'nftables', actor, now);
          writeFileSync(options.out, text);
        }
        return changed;
      });
      if (options.json) process.stdout.write(`${JSON.stringify(isolation, null, 2)}\n`);
      else process.stdout.write(describeIsolation(isolation, options.out));
      if (options.out !== undefined && !exportable(isolation))
        process.stderr.write(
          `vigil: ${options.out} not written: ${
            isolation.status === 'awaiting-approval'
              ? isolation.approvalNeeded
              : `the isolation is ${isolation.status}`
          }\n`,
        );
    });
}

/** Whether the rules may be written for the network: approved where they must be, and not lifted. */
function exportable(isolation: CaseIsolation): boolean {
  return isolation.status === 'ready' || isolation.status === 'applied';
}

function describeIsolation(isolation: CaseIsolation, out: string | undefined): string {
  const { impact } = isolation;
  const stamp = (what: string, by: string | null, at: string | null) =>
    by === null ? [] : [`${what} by ${by} at ${at}`];
  const lines = [
    `${isolation.caseId} isolation ${isolation.seq}: ${isolation.status}`,
    `devices: ${isolation.devices.map((device) => `${device.name} (${[...device.addresses, ...device.macs].join(', ')})`).join('; ')}`,
    ...stamp('proposed', isolation.proposedBy, isolation.proposedAt),
    ...stamp('approved', isolation.approvedBy, isolation.approvedAt),
    ...stamp('applied', isolation.appliedBy, isolation.appliedAt),
    ...stamp('lifted', isolation.liftedBy, isolation.liftedAt),
    ...(isolation.approvalNeeded !== null && isolation.status === 'awaiting-approval'
      ? [`waits: ${isolation.approvalNeeded}`]
      : []),
    `replayed against ${impact.flows} stored flows: ${impact.blocked} blocked, ${impact.clinicalBlocked} of them clinical care; ${impact.kept} still pass${isolation.keepClinical ? ' (clinical conversations kept)' : ''}`,
  ];
  const stops =
    impact.stops.length === 0
      ? 'nothing that worked before stops\n'
      : `what stops:\n${formatTable(
          ['care', 'device', 'direction', 'peer', 'service', 'application', 'flows', 'last seen'],
          impact.stops.map((stop) => [
            stop.clinical ? 'CARE' : '',
            stop.device,
            stop.direction,
            stop.peer,
            `${stop.protocol}/${stop.port}`,
            stop.application ?? '',
            String(stop.flows),
            stop.lastSeen,
          ]),
        )}\n`;
  const written = out !== undefined && exportable(isolation) ? `written: ${out}\n` : '';
  return `${lines.join('\n')}\n${stops}${written}`;
}
