import { type Command, InvalidArgumentError } from 'commander';
import {
  clearOverride,
  overridableFields,
  overrideProblem,
  setOverride,
} from '../../changes/override-attribute.js';
import { requireDevice, storeOptionDescription, withChangingStore } from '../store-option.js';

function parseField(text: string): string {
  if (overridableFields[text] === undefined)
    throw new InvalidArgumentError(
      `expected one of ${Object.keys(overridableFields).join(', ')}, got "${text}"`,
    );
  return text;
}

export function registerOverrideCommand(program: Command): void {
  program
    .command('override')
    .description(
      "set (or, with --clear, remove) an analyst's value for a device attribute: it outranks what traffic shows, in later ingests too, and is kept in the device's history with who and why",
    )
    .argument('<device>', 'device id (dev-…), MAC address or IP address')
    .argument('<field>', `one of ${Object.keys(overridableFields).join(', ')}`, parseField)
    .argument('[value]', 'the value (a type from data/classification/taxonomy.json for type)')
    .requiredOption('--by <name>', 'who makes the change (recorded in the history)')
    .option('--reason <text>', 'why (recorded in the history)')
    .option('--clear', 'remove the override: what observations say applies again')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (
        query: string,
        field: string,
        value: string | undefined,
        options: { by: string; reason?: string; clear?: boolean; db?: string },
      ) => {
        if (!options.clear) {
          const problem = overrideProblem(field, value ?? '');
          if (problem) throw new Error(problem);
        }
        await withChangingStore(options.db, async (store) => {
          const device = await requireDevice(store, query);
          if (options.clear) {
            const cleared = await clearOverride(
              store,
              device,
              field,
              options.by,
              options.reason ?? null,
              Date.now(),
            );
            process.stdout.write(
              cleared
                ? `${device.id}: ${field} override cleared\n`
                : `${device.id}: no ${field} override to clear\n`,
            );
            return;
          }
          await setOverride(store, device, field, value!, options.by, options.reason ?? null, Date.now());
          process.stdout.write(`${device.id}: ${field} set to "${value!.trim()}" by ${options.by}\n`);
        });
      },
    );
}
