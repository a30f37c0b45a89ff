import type { Command } from 'commander';
import { assignResponsibility, modelResponsibility } from '../../changes/responsibility-changes.js';
import { controlAreaNames, responsibleParties } from '../../govern/responsibility/control-areas.js';
import { actorOf, storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';

/** `vigil responsibility`: the shared responsibility matrix per model. */
export function registerResponsibilityCommands(program: Command): void {
  const responsibility = program
    .command('responsibility')
    .description(
      "who carries each control area of a model (manufacturer, hospital or shared): from its MDS2 answers, the hospital's assignments and the asset list's owners",
    );
  responsibility
    .command('show')
    .description('the matrix of one model, with the areas nobody owns (exit status 4 when there are any)')
    .requiredOption('--manufacturer <name>', 'the manufacturer')
    .requiredOption('--model <name>', 'the model')
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (options: { manufacturer: string; model: string; json?: boolean; db?: string }) => {
      const matrix = await withStore(options.db, (store) =>
        modelResponsibility(store, options.manufacturer, options.model),
      );
      if (options.json) process.stdout.write(`${JSON.stringify(matrix, null, 2)}\n`);
      else {
        process.stdout.write(
          `${matrix.manufacturer} ${matrix.model}: ${matrix.devices.length} devices; MDS2 ${matrix.mds2 === null ? 'none imported' : matrix.mds2.file}\n`,
        );
        process.stdout.write(
          formatTable(
            ['area', 'responsible', 'carried by', 'why'],
            matrix.areas.map((area) => [
              area.label,
              area.responsible ?? 'nobody',
              area.team ??
                (area.responsible === 'manufacturer'
                  ? 'manufacturer'
                  : area.unowned
                    ? `UNOWNED${area.devicesWithoutOwner.length > 0 ? ` (${area.devicesWithoutOwner.length} devices without owner)` : ''}`
                    : 'device owners'),
              area.evidence,
            ]),
          ),
        );
        if (matrix.unowned.length > 0) process.stdout.write(`nobody owns: ${matrix.unowned.join(', ')}\n`);
      }
      if (matrix.unowned.length > 0) process.exitCode = 4;
    });
  responsibility
    .command('assign')
    .description(
      'record who carries a control area of a model, and which hospital team (kept in the audit log)',
    )
    .requiredOption('--manufacturer <name>', 'the manufacturer')
    .requiredOption('--model <name>', 'the model')
    .requiredOption('--area <area>', controlAreaNames.join(', '))
    .requiredOption('--responsible <party>', responsibleParties.join(', '))
    .option('--team <name>', "the hospital team that carries the hospital's part")
    .option('--note <text>', 'anything else to record (the service contract, say)')
    .option('--by <name>', 'who assigns it (default: the operating-system user)')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (options: {
        manufacturer: string;
        model: string;
        area: string;
        responsible: string;
        team?: string;
        note?: string;
        by?: string;
        db?: string;
      }) => {
        const row = await withStore(options.db, (store) =>
          assignResponsibility(store, { ...options, actor: actorOf(options.by) }, Date.now()),
        );
        process.stdout.write(
          `${row.manufacturer} ${row.model} ${row.area}: ${row.responsible}${row.team === null ? '' : `, carried by ${row.team}`}\n`,
        );
      },
    );
}
