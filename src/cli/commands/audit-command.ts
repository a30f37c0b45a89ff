import { type Command, InvalidArgumentError } from 'commander';
import { storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';

function parseLimit(text: string): number {
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1)
    throw new InvalidArgumentError(`expected a whole number of 1 or more, got "${text}"`);
  return limit;
}

export function registerAuditCommands(program: Command): void {
  const audit = program
    .command('audit')
    .description('the audit log: every change with who, when, what, before and after, hash-chained');
  audit
    .command('list')
    .description('the newest changes first')
    .option('--limit <n>', 'at most N rows (default 50)', parseLimit, 50)
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (options: { limit: number; json?: boolean; db?: string }) => {
      const records = await withStore(options.db, (store) => store.audit.list(options.limit));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `${formatTable(
          ['seq', 'at', 'by', 'action', 'target', 'before', 'after'],
          records.map((record) => [
            String(record.seq),
            record.at,
            record.actor,
            record.action,
            record.target,
            record.before ?? '',
            record.after ?? '',
          ]),
        )}\n`,
      );
    });
  audit
    .command('verify')
    .description(
      'check the log: exit 1, naming the first row, when a row was changed, removed or inserted, the chain recomputed without the audit key, or rows cut from the end (against the checkpoint beside the key)',
    )
    .option('--db <location>', storeOptionDescription)
    .action(async (options: { db?: string }) => {
      const { rows, broken, signedRows, checkpoint } = await withStore(options.db, (store) =>
        store.audit.verify(),
      );
      if (broken !== null) {
        process.stderr.write(`vigil: audit log broken at row ${broken.seq}: ${broken.problem}\n`);
        process.exitCode = 1;
        return;
      }
      const reach =
        checkpoint === null
          ? 'no checkpoint to check its end against'
          : `reaches the checkpoint (row ${checkpoint.seq}) in ${checkpoint.path}`;
      process.stdout.write(
        `audit log intact: ${rows} rows, each following the one before; ${signedRows} signed with the audit key; ${reach}\n`,
      );
    });
}
