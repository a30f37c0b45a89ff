import { type Command, InvalidArgumentError } from 'commander';
import { setWorkItem, workItemProblem } from '../../changes/set-work-item.js';
import { VendorNames } from '../../intel/matching/names.js';
import { loadWorkQueue } from '../../risk/load-work-queue.js';
import { loadRiskModel } from '../../risk/risk-model.js';
import { isWorkItemStatus, type WorkItemStatus, workItemStatuses } from '../../risk/work-item.js';
import { formatWorkQueueCsv } from '../../risk/work-queue-csv.js';
import { storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';
import { parseCount } from './risk-command.js';

type QueueFormat = 'table' | 'json' | 'csv';

export function registerQueueCommands(program: Command): void {
  const queue = program
    .command('queue')
    .description(
      'the fix-first work queue: findings and vulnerabilities grouped across the fleet, ranked by the risk each removes, with remedy, owner, due date and status',
    )
    .option('--top <n>', 'only the first N items', parseCount)
    .option('--format <format>', 'table, json or csv', parseFormat, 'table')
    .option('--json', 'print JSON (the same as --format json)')
    .option('--db <location>', storeOptionDescription)
    .action(async (options: { top?: number; format: QueueFormat; json?: boolean; db?: string }) => {
      const items = await withStore(options.db, (store) =>
        loadWorkQueue(store, loadRiskModel(), VendorNames.load()),
      );
      const shown = items.slice(0, options.top ?? items.length);
      const format = options.json ? 'json' : options.format;
      if (format === 'json') process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
      else if (format === 'csv') process.stdout.write(formatWorkQueueCsv(shown));
      else
        process.stdout.write(
          `${formatTable(
            ['#', 'item', 'severity', 'risk removed', 'owner', 'due', 'status', 'what'],
            shown.map((item, index) => [
              String(index + 1),
              item.id,
              item.severity,
              item.riskReduced.toFixed(1),
              item.owner ?? '-',
              item.dueDate,
              item.status,
              item.title,
            ]),
          )}\n${shown.length} of ${items.length} items; the remedy of each: vigil queue --json\n`,
        );
    });

  queue
    .command('set')
    .description("record an item's status, owner, due date or note (kept in the audit log)")
    .argument(
      '<item>',
      'the item id, as vigil queue lists it (finding:telnet-service, advisory:ICSMA-20-254-01)',
    )
    .requiredOption('--by <name>', 'who sets it')
    .option('--status <status>', workItemStatuses.join(', '), parseStatus, 'in-progress')
    .option('--owner <name>', 'who owns the work')
    .option('--due <date>', 'YYYY-MM-DD')
    .option('--note <text>', 'why, or what was done (required to accept the risk)')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (
        itemId: string,
        options: {
          by: string;
          status: WorkItemStatus;
          owner?: string;
          due?: string;
          note?: string;
          db?: string;
        },
      ) => {
        const change = {
          status: options.status,
          owner: options.owner,
          dueDate: options.due,
          note: options.note,
        };
        const problem = workItemProblem(change, { dueDate: '--due', note: '--note' });
        if (problem) throw new Error(problem);
        await withStore(options.db, async (store) => {
          const items = await loadWorkQueue(store, loadRiskModel(), VendorNames.load());
          if (!items.some((item) => item.id === itemId))
            throw new Error(`no work-queue item "${itemId}" (see vigil queue)`);
          await setWorkItem(store, itemId, { ...change, actor: options.by }, Date.now());
        });
        process.stdout.write(`${itemId}: ${options.status}\n`);
      },
    );
}

function parseFormat(text: string): QueueFormat {
  if (text !== 'table' && text !== 'json' && text !== 'csv')
    throw new InvalidArgumentError(`expected table, json or csv, got "${text}"`);
  return text;
}

function parseStatus(text: string): WorkItemStatus {
  if (!isWorkItemStatus(text))
    throw new InvalidArgumentError(`expected one of ${workItemStatuses.join(', ')}`);
  return text;
}
