import { type Command, InvalidArgumentError } from 'commander';
import { defaultClassifier } from '../../inventory/classification/default-classifier.js';
import { attributeValues } from '../../inventory/device-record.js';
import { requireDevice, storeOptionDescription, withChangingStore } from '../store-option.js';

/** What an analyst may set, and the attribute each is kept as. */
const overridable: Readonly<Record<string, string>> = {
  type: 'type',
  category: 'category',
  vendor: 'vendor',
  manufacturer: 'manufacturer',
  model: 'model',
  firmware: 'software-version',
  hostname: 'hostname',
  location: 'location',
};
const categories = ['medical', 'IT', 'IoT', 'OT'];

function parseField(text: string): string {
  if (overridable[text] === undefined)
    throw new InvalidArgumentError(`expected one of ${Object.keys(overridable).join(', ')}, got "${text}"`);
  return text;
}

export function registerOverrideCommand(program: Command): void {
  program
    .command('override')
    .description(
      "set (or, with --clear, remove) an analyst's value for a device attribute: it outranks what traffic shows, in later ingests too, and is kept in the device's history with who and why",
    )
    .argument('<device>', 'device id (dev-…), MAC address or IP address')
    .argument('<field>', `one of ${Object.keys(overridable).join(', ')}`, parseField)
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
        if (!options.clear && (value === undefined || value.trim() === ''))
          throw new Error('a value is needed unless --clear is given');
        if (!options.clear && field === 'type' && !defaultClassifier().taxonomy.has(value!))
          throw new Error(
            `"${value}" is not a type of data/classification/taxonomy.json (${[...defaultClassifier().taxonomy.keys()].join(', ')})`,
          );
        if (!options.clear && field === 'category' && !categories.includes(value!))
          throw new Error(`expected a category of ${categories.join(', ')}, got "${value}"`);
        await withChangingStore(options.db, async (store) => {
          const device = await requireDevice(store, query);
          const attribute = overridable[field]!;
          const before = attributeValues(device.attributes, attribute)[0] ?? null;
          if (options.clear) {
            const cleared = await store.devices.clearOverride(
              device.id,
              attribute,
              options.by,
              options.reason ?? null,
              Date.now(),
            );
            if (cleared) {
              await store.audit.append({
                actor: options.by,
                action: 'override-cleared',
                target: `${device.id} ${field}`,
                before,
                after: options.reason ?? null,
              });
            }
            process.stdout.write(
              cleared
                ? `${device.id}: ${field} override cleared\n`
                : `${device.id}: no ${field} override to clear\n`,
            );
            return;
          }
          await store.devices.setOverride(
            device.id,
            attribute,
            value!.trim(),
            options.by,
            options.reason ?? null,
            Date.now(),
          );
          await store.audit.append({
            actor: options.by,
            action: 'override-set',
            target: `${device.id} ${field}`,
            before,
            after: value!.trim(),
          });
          process.stdout.write(`${device.id}: ${field} set to "${value!.trim()}" by ${options.by}\n`);
        });
      },
    );
}
