import type { Command } from 'commander';
import { addSuppression, removeSuppression, suppressionProblem } from '../../changes/suppress-alerts.js';
import { detectors } from '../../detect/registry.js';
import { actorOf, storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';

export function registerSuppressCommands(program: Command): void {
  const suppress = program
    .command('suppress')
    .description(
      'rules that hold back expected alerts (an authorised scanner), each with an owner, a reason and an end; they count what they hold back',
    );
  suppress
    .command('add')
    .description('add a rule (kept in the audit log)')
    .requiredOption(
      '--type <type>',
      `an alert type, or * (${detectors.map((detector) => detector.type).join(', ')})`,
    )
    .option('--source <ip|cidr|mac>', "the alert's source")
    .option('--target <ip|cidr|mac>', "the alert's target")
    .requiredOption('--owner <name>', 'who answers for it')
    .requiredOption('--reason <text>', 'why these alerts are expected')
    .requiredOption('--until <date>', 'YYYY-MM-DD, the last day it holds (a year at most)')
    .option('--by <name>', 'who adds it (default: the operating-system user)')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (options: {
        type: string;
        source?: string;
        target?: string;
        owner: string;
        reason: string;
        until: string;
        by?: string;
        db?: string;
      }) => {
        const rule = {
          type: options.type,
          source: options.source,
          target: options.target,
          owner: options.owner,
          reason: options.reason,
          expires: options.until,
        };
        const problem = suppressionProblem(
          rule,
          Date.now(),
          detectors.map((detector) => detector.type),
        );
        if (problem) throw new Error(problem.replace(/^expires:/, '--until:').replace(/^(\w+):/, '--$1:'));
        const added = await withStore(options.db, (store) =>
          addSuppression(store, { ...rule, actor: actorOf(options.by) }, Date.now()),
        );
        process.stdout.write(`${added.id}\n`);
      },
    );
  suppress
    .command('list')
    .description('the rules, with what each held back')
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (options: { json?: boolean; db?: string }) => {
      const rules = await withStore(options.db, (store) => store.alerts.suppressions());
      if (options.json) {
        process.stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
        return;
      }
      const today = new Date().toISOString().slice(0, 10);
      process.stdout.write(
        `${formatTable(
          ['id', 'type', 'source', 'target', 'owner', 'until', 'held back', 'reason'],
          rules.map((rule) => [
            rule.id,
            rule.type,
            rule.source ?? '*',
            rule.target ?? '*',
            rule.owner,
            rule.expires < today ? `${rule.expires} (ended)` : rule.expires,
            String(rule.hits),
            rule.reason,
          ]),
        )}\n`,
      );
    });
  suppress
    .command('remove')
    .description('remove a rule (kept in the audit log)')
    .argument('<id>', 'the rule id, as vigil suppress list shows it')
    .option('--by <name>', 'who removes it (default: the operating-system user)')
    .option('--db <location>', storeOptionDescription)
    .action(async (id: string, options: { by?: string; db?: string }) => {
      const removed = await withStore(options.db, (store) =>
        removeSuppression(store, id, actorOf(options.by), Date.now()),
      );
      process.stdout.write(`removed ${removed.id} (it had held back ${removed.hits} detections)\n`);
    });
}
