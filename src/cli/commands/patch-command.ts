import { type Command, InvalidArgumentError } from 'commander';
import {
  closePatchCampaign,
  createPatchCampaign,
  listPatchCampaigns,
  patchCampaignProgress,
} from '../../changes/patch-campaigns.js';
import type { MaintenanceWindow } from '../../govern/maintenance/maintenance-windows.js';
import {
  type MaintenancePlan,
  type MaintenancePlanOptions,
  planDeviceMaintenance,
  planModelMaintenance,
} from '../../govern/maintenance/plan-maintenance.js';
import { patchStatusLabel } from '../../intel/patch-status.js';
import { actorOf, storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';
import { utilisationChart } from '../utilisation-chart.js';

function parseWhole(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new InvalidArgumentError(`expected a whole number, got "${text}"`);
  return value;
}

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

interface WindowOptions {
  hours: number;
  count: number;
  timeZone?: string;
}

function planOptions(options: WindowOptions): MaintenancePlanOptions {
  return { hours: options.hours, count: options.count, timeZone: options.timeZone ?? localZone() };
}

function windowLine(window: MaintenanceWindow): string {
  const quiet = `${window.quietBefore} h quiet before, ${window.quietAfter} h after`;
  const work = window.idle ? 'idle' : `${window.sessionsPerHour} sessions/h`;
  return `${window.start} – ${window.end}  ${work}; ${quiet}; observed ${window.timesObserved}×`;
}

/** `vigil patch`: when devices can be patched, and campaigns that patch them. */
export function registerPatchCommands(program: Command): void {
  const patch = program
    .command('patch')
    .description(
      'patch planning: maintenance windows from when devices are idle, and patch campaigns with their progress',
    );
  patch
    .command('windows')
    .description(
      "propose maintenance windows from a device's (or a model's devices') own traffic: work per hour of the week, the hours it is idle",
    )
    .option('--device <id|mac|ip>', 'one device')
    .option('--manufacturer <name>', 'with --model: every device of the model, idle together')
    .option('--model <name>', 'the model')
    .option('--hours <count>', 'length of each window in hours (1-24)', parseWhole, 4)
    .option('--count <count>', 'how many windows to propose (1-7)', parseWhole, 3)
    .option('--time-zone <zone>', "IANA time zone of the hours (default: this machine's)")
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (
        options: WindowOptions & {
          device?: string;
          manufacturer?: string;
          model?: string;
          json?: boolean;
          db?: string;
        },
      ) => {
        const byModel = options.manufacturer !== undefined || options.model !== undefined;
        if ((options.device === undefined) === !byModel)
          throw new Error('patch windows: give --device, or --manufacturer with --model');
        if (byModel && (options.manufacturer === undefined || options.model === undefined))
          throw new Error('patch windows: --manufacturer and --model go together');
        const plan = await withStore<MaintenancePlan>(options.db, (store) =>
          options.device !== undefined
            ? planDeviceMaintenance(store, options.device, planOptions(options))
            : planModelMaintenance(store, options.manufacturer!, options.model!, planOptions(options)),
        );
        if (options.json) {
          process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
          return;
        }
        const title =
          plan.scope === 'device'
            ? `${plan.name} (${plan.id})`
            : `${plan.manufacturer} ${plan.model}: ${plan.devices.length} ${plan.devices.length === 1 ? 'device' : 'devices'} idle together`;
        process.stdout.write(
          `${title}, hours in ${plan.timeZone}\n${utilisationChart(plan.utilisation, plan.windows)}`,
        );
        process.stdout.write(
          plan.windows.length === 0
            ? `no window: no ${options.hours} consecutive hours observed yet\n`
            : `${plan.windows.map(windowLine).join('\n')}\n`,
        );
        if (plan.scope === 'model')
          for (const device of plan.devices)
            process.stdout.write(
              `  ${device.name} (${device.id}): ${device.windows[0] === undefined ? 'no window observed' : windowLine(device.windows[0])}\n`,
            );
      },
    );
  const campaign = patch
    .command('campaign')
    .description(
      'patch campaigns: one vulnerability or advisory across its devices, with progress by status',
    );
  campaign
    .command('create')
    .description(
      'start a campaign (kept in the audit log); devices advance as their patch status is set (vigil vulns status)',
    )
    .requiredOption('--name <text>', 'what the campaign is called')
    .option('--vulnerability <id>', 'a vulnerability matched to devices, e.g. CVE-2023-30559')
    .option('--advisory <id>', "a CSAF advisory's tracking id, e.g. ICSMA-23-285-01")
    .option('--due <date>', 'YYYY-MM-DD: when it should be done')
    .option('--note <text>', 'anything else to record')
    .option('--by <name>', 'who starts it (default: the operating-system user)')
    .option('--json', 'print the campaign as JSON')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (options: {
        name: string;
        vulnerability?: string;
        advisory?: string;
        due?: string;
        note?: string;
        by?: string;
        json?: boolean;
        db?: string;
      }) => {
        const created = await withStore(options.db, (store) =>
          createPatchCampaign(store, { ...options, actor: actorOf(options.by) }, Date.now()),
        );
        process.stdout.write(
          options.json
            ? `${JSON.stringify(created, null, 2)}\n`
            : `${created.id}: ${created.name} (${created.targetKind} ${created.target})\n`,
        );
      },
    );
  campaign
    .command('list')
    .description('every campaign with its devices and how many are done')
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (options: { json?: boolean; db?: string }) => {
      const campaigns = await withStore(options.db, listPatchCampaigns);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(campaigns, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        formatTable(
          ['id', 'name', 'target', 'due', 'devices', 'done', 'closed'],
          campaigns.map((row) => [
            row.id,
            row.name,
            row.target,
            row.due ?? '—',
            String(row.devices),
            String(row.done),
            row.closedAt ?? '—',
          ]),
        ),
      );
    });
  campaign
    .command('show')
    .description("a campaign's progress: each device's status and its next idle window")
    .argument('<id>', 'the campaign')
    .option('--hours <count>', 'length of the windows in hours (1-24)', parseWhole, 4)
    .option('--time-zone <zone>', "IANA time zone of the hours (default: this machine's)")
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (id: string, options: { hours: number; timeZone?: string; json?: boolean; db?: string }) => {
        const progress = await withStore(options.db, (store) =>
          patchCampaignProgress(store, id, planOptions({ ...options, count: 1 })),
        );
        if (options.json) {
          process.stdout.write(`${JSON.stringify(progress, null, 2)}\n`);
          return;
        }
        const { campaign: shown } = progress;
        process.stdout.write(
          `${shown.name} (${shown.targetKind} ${shown.target}${shown.due === null ? '' : `, due ${shown.due}`}): ${progress.done} of ${progress.devices.length} devices done, ${progress.progress} %\n`,
        );
        process.stdout.write(
          `${Object.entries(progress.byStatus)
            .filter(([, count]) => count > 0)
            .map(([status, count]) => `${patchStatusLabel(status)} ${count}`)
            .join(' · ')}\n`,
        );
        process.stdout.write(
          formatTable(
            ['device', 'status', 'next idle window'],
            progress.devices.map((device) => [
              `${device.name} (${device.id})`,
              patchStatusLabel(device.status),
              device.window === null ? 'none observed' : `${device.window.start} – ${device.window.end}`,
            ]),
          ),
        );
      },
    );
  campaign
    .command('close')
    .description('close a campaign; it stays readable (kept in the audit log)')
    .argument('<id>', 'the campaign')
    .option('--by <name>', 'who closes it (default: the operating-system user)')
    .option('--db <location>', storeOptionDescription)
    .action(async (id: string, options: { by?: string; db?: string }) => {
      await withStore(options.db, (store) => closePatchCampaign(store, id, actorOf(options.by), Date.now()));
      process.stdout.write(`${id} closed\n`);
    });
}
