import type { Command } from 'commander';
import { normaliseMac } from '../../inventory/assets/asset-rows.js';
import { stableId } from '../../store/stable-id.js';
import { requireDevice, storeOptionDescription, withChangingStore } from '../store-option.js';

/** A device id, or the id a MAC's device has (ids derive from identity keys). */
function deviceIdOf(query: string): string {
  const mac = normaliseMac(query);
  return mac === undefined ? query : stableId('dev', `mac:${mac}`);
}

export function registerMergeCommands(program: Command): void {
  program
    .command('merge')
    .description(
      'show two devices as one (the same device seen under two identities): the second is folded into the first, keeps its own records, and can be split off again; kept in the history with who and why',
    )
    .argument('<keeper>', 'the device that stays (id, MAC or IP)')
    .argument('<absorbed>', 'the device folded into it (id, MAC or IP)')
    .requiredOption('--by <name>', 'who makes the change (recorded in the history)')
    .option('--reason <text>', 'why (recorded in the history)')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (
        keeperQuery: string,
        absorbedQuery: string,
        options: { by: string; reason?: string; db?: string },
      ) => {
        await withChangingStore(options.db, async (store) => {
          const keeper = await requireDevice(store, keeperQuery);
          const absorbed = await requireDevice(store, absorbedQuery);
          if (keeper.id === absorbed.id)
            throw new Error(`"${keeperQuery}" and "${absorbedQuery}" are already one device (${keeper.id})`);
          await store.devices.mergeDevices(
            keeper.id,
            absorbed.id,
            options.by,
            options.reason ?? null,
            Date.now(),
          );
          await store.audit.append({
            actor: options.by,
            action: 'devices-merged',
            target: keeper.id,
            before: null,
            after: JSON.stringify({ absorbed: absorbed.id, reason: options.reason ?? null }),
          });
          process.stdout.write(`${absorbed.id} merged into ${keeper.id} by ${options.by}\n`);
        });
      },
    );

  program
    .command('split')
    .description('undo a merge: the absorbed device is a device of its own again, with all its records')
    .argument('<keeper>', 'the device it was merged into (id, MAC or IP)')
    .argument('<absorbed>', 'the absorbed device: its id (shown in the history) or MAC')
    .requiredOption('--by <name>', 'who makes the change (recorded in the history)')
    .option('--reason <text>', 'why (recorded in the history)')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (
        keeperQuery: string,
        absorbedQuery: string,
        options: { by: string; reason?: string; db?: string },
      ) => {
        await withChangingStore(options.db, async (store) => {
          const keeper = await requireDevice(store, keeperQuery);
          const absorbedId = deviceIdOf(absorbedQuery);
          if (
            !(await store.devices.splitDevices(
              keeper.id,
              absorbedId,
              options.by,
              options.reason ?? null,
              Date.now(),
            ))
          )
            throw new Error(`${absorbedId} is not merged into ${keeper.id}`);
          await store.audit.append({
            actor: options.by,
            action: 'devices-split',
            target: keeper.id,
            before: JSON.stringify({ absorbed: absorbedId }),
            after: JSON.stringify({ reason: options.reason ?? null }),
          });
          process.stdout.write(`${absorbedId} split from ${keeper.id} by ${options.by}\n`);
        });
      },
    );
}
