import { type Command, InvalidArgumentError } from 'commander';
import { assessFleet } from '../../risk/assess-fleet.js';
import { gatherRiskInputs } from '../../risk/gather-risk-input.js';
import { defaultRiskModelPath, loadRiskModel, type RiskModel } from '../../risk/risk-model.js';
import { rankActions } from '../../risk/what-if.js';
import { segmentGroupsOf } from '../../segment/security-group-tags.js';
import { requireDevice, storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';

export function parseCount(text: string): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1)
    throw new InvalidArgumentError(`expected a whole number of 1 or more, got "${text}"`);
  return count;
}

export function registerRiskCommands(program: Command): void {
  program
    .command('risk')
    .description(
      'devices by risk, highest first: score 0–100, level, and the factors behind it (impact: clinical function, patient data, network reach; likelihood: exploited and exploitable vulnerabilities, findings, exposure; controls)',
    )
    .option('--top <n>', 'only the first N devices', parseCount)
    .option('--device <id|mac|ip>', 'only this device')
    .option(
      '--model <file>',
      `the risk model (default: ${defaultRiskModelPath.replace(/.*\/data\//, 'data/')})`,
    )
    .option(
      '--what-if',
      'rank actions instead (patch a vulnerability on every device it is open on; enforce the segmentation policy for one of its groups, the approved policy or else the latest draft, or without one segment every device of a type) by risk reduced per hour of effort',
    )
    .option(
      '--json',
      'print JSON: per device score, level, impact, likelihood, factors and prioritised vulnerabilities',
    )
    .option('--db <location>', storeOptionDescription)
    .action(
      async (options: {
        top?: number;
        device?: string;
        model?: string;
        whatIf?: boolean;
        json?: boolean;
        db?: string;
      }) => {
        const model = loadRiskModel(options.model);
        if (options.whatIf) {
          await printWhatIf(options, model);
          return;
        }
        const { risks, labels } = await withStore(options.db, async (store) => {
          const devices =
            options.device === undefined
              ? await store.devices.list()
              : [await requireDevice(store, options.device)];
          const labels = new Map(
            devices.map((device) => [
              device.id,
              `${device.type ?? 'untyped'}${device.hostnames[0] === undefined ? '' : ` ${device.hostnames[0]}`}`,
            ]),
          );
          return {
            risks: await assessFleet(store, model, options.device === undefined ? undefined : devices),
            labels,
          };
        });
        const shown = options.top === undefined ? risks : risks.slice(0, options.top);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `${formatTable(
            ['#', 'device', 'what', 'score', 'level', 'top factors'],
            shown.map((risk, index) => [
              String(index + 1),
              risk.deviceId,
              labels.get(risk.deviceId) ?? '',
              risk.score.toFixed(1),
              risk.level,
              risk.factors
                .slice(0, 3)
                .map(
                  (factor) =>
                    `${factor.name} ${factor.contribution >= 0 ? '+' : ''}${factor.contribution.toFixed(1)}`,
                )
                .join('; '),
            ]),
          )}\n${shown.length} of ${risks.length} devices\n`,
        );
      },
    );

  program
    .command('risk-control')
    .description(
      'record (or, with --clear, remove) a compensating control for a device: segmented, monitored; kept in its history',
    )
    .argument('<device>', 'device id (dev-…), MAC address or IP address')
    .argument('<control>', 'segmented or monitored (the controls of the risk model)')
    .requiredOption('--by <name>', 'who records it')
    .option('--note <text>', 'what was done (VLAN, ACL, change number)')
    .option('--clear', 'remove the control')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (
        query: string,
        control: string,
        options: { by: string; note?: string; clear?: boolean; db?: string },
      ) => {
        const known = Object.keys(loadRiskModel().controls);
        if (!known.includes(control))
          throw new Error(`expected a control of the risk model (${known.join(', ')}), got "${control}"`);
        await withStore(options.db, async (store) => {
          const device = await requireDevice(store, query);
          const at = new Date().toISOString();
          if (options.clear) {
            const cleared = await store.risk.clearControl(
              device.id,
              control,
              options.by,
              options.note ?? null,
              at,
            );
            if (cleared) {
              await store.audit.append({
                actor: options.by,
                action: 'control-cleared',
                target: `${device.id} ${control}`,
                before: null,
                after: options.note ?? null,
              });
            }
            process.stdout.write(
              cleared
                ? `${device.id}: ${control} cleared\n`
                : `${device.id}: no ${control} control to clear\n`,
            );
            return;
          }
          await store.risk.setControl(device.id, control, options.by, options.note ?? null, at);
          await store.audit.append({
            actor: options.by,
            action: 'control-set',
            target: `${device.id} ${control}`,
            before: null,
            after: options.note ?? null,
          });
          process.stdout.write(`${device.id}: ${control} recorded by ${options.by}\n`);
        });
      },
    );
}

async function printWhatIf(
  options: { top?: number; device?: string; json?: boolean; db?: string },
  model: RiskModel,
): Promise<void> {
  const actions = await withStore(options.db, async (store) => {
    const devices = options.device === undefined ? undefined : [await requireDevice(store, options.device)];
    const policy = (await store.policies.approved()) ?? (await store.policies.get());
    return rankActions(
      await gatherRiskInputs(store, model, devices),
      model,
      policy === undefined ? undefined : segmentGroupsOf(policy),
    );
  });
  const shown = options.top === undefined ? actions : actions.slice(0, options.top);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    `${formatTable(
      ['#', 'action', 'devices', 'risk now', 'risk after', 'reduced', 'effort h', 'per hour'],
      shown.map((action, index) => [
        String(index + 1),
        action.action,
        String(action.deviceIds.length),
        action.riskBefore.toFixed(1),
        action.riskAfter.toFixed(1),
        action.riskReduced.toFixed(1),
        action.effort.toFixed(1),
        action.reducedPerEffort.toFixed(1),
      ]),
    )}\n${shown.length} of ${actions.length} actions\n`,
  );
}
