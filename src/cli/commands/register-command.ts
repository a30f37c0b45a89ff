import type { Command } from 'commander';
import { defaultClassifier } from '../../inventory/classification/default-classifier.js';
import { gatherRiskInputs } from '../../risk/gather-risk-input.js';
import {
  type RegisterFields,
  registerProblem,
  type Treatment,
  treatments,
} from '../../risk/register-entry.js';
import { registerView } from '../../risk/register-view.js';
import { loadRiskModel } from '../../risk/risk-model.js';
import { requireDevice, storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';

interface EntryOptions {
  title?: string;
  owner?: string;
  treatment?: string;
  due?: string;
  justification?: string;
  acceptedUntil?: string;
  status?: string;
}

function addEntryOptions(command: Command): Command {
  return command
    .option('--title <text>', 'what can go wrong, in a line')
    .option('--owner <name>', 'who owns the risk')
    .option('--treatment <how>', treatments.join(', '))
    .option('--due <date>', 'YYYY-MM-DD: when the treatment is due')
    .option('--justification <text>', 'why (needed to accept a risk)')
    .option('--accepted-until <date>', 'YYYY-MM-DD: when an acceptance ends (needed to accept a risk)');
}

export function registerRegisterCommands(program: Command): void {
  const register = program
    .command('register')
    .description(
      'the risk register (IEC 80001-1): risks per device or device type, with owner, treatment, due date, acceptance and history',
    );
  register
    .command('list')
    .description('registered risks with their devices and the risk left after recorded controls')
    .option('--json', 'print JSON')
    .option('--model <file>', 'the risk model (default: data/risk/model.json)')
    .option('--db <location>', storeOptionDescription)
    .action(async (options: { json?: boolean; model?: string; db?: string }) => {
      const model = loadRiskModel(options.model);
      const items = await withStore(options.db, async (store) =>
        registerView(
          await store.register.list(),
          await gatherRiskInputs(store, model),
          model,
          new Date().toISOString(),
        ),
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `${formatTable(
          [
            'id',
            'subject',
            'title',
            'owner',
            'treatment',
            'due',
            'status',
            'devices',
            'inherent',
            'residual',
          ],
          items.map((item) => [
            item.id,
            item.subject,
            item.title,
            item.owner,
            `${item.treatment}${item.isAcceptanceExpired ? ' (expired)' : ''}`,
            `${item.dueDate}${item.isOverdue ? ' (overdue)' : ''}`,
            item.status,
            String(item.deviceIds.length),
            item.inherentRisk.toFixed(1),
            `${item.residualRisk.toFixed(1)} ${item.residualLevel}`,
          ]),
        )}\n${items.length} risks\n`,
      );
    });
  addEntryOptions(
    register
      .command('add')
      .description('register a risk for one device (--device) or every device of a type (--type)')
      .option('--device <id|mac|ip>', 'the device')
      .option('--type <type>', 'a device type of data/classification/taxonomy.json'),
  )
    .requiredOption('--by <name>', 'who registers it')
    .option('--db <location>', storeOptionDescription)
    .action(async (options: EntryOptions & { device?: string; type?: string; by: string; db?: string }) => {
      if ((options.device === undefined) === (options.type === undefined))
        throw new Error('give either --device or --type');
      if (options.type !== undefined && !defaultClassifier().taxonomy.has(options.type))
        throw new Error(`"${options.type}" is not a type of data/classification/taxonomy.json`);
      const fields: RegisterFields = {
        title: options.title ?? '',
        owner: options.owner ?? '',
        treatment: (options.treatment ?? '') as Treatment,
        dueDate: options.due ?? '',
        justification: options.justification ?? null,
        acceptedUntil: options.acceptedUntil ?? null,
        status: 'open',
      };
      const problem = registerProblem(fields);
      if (problem !== null) throw new Error(problem);
      const id = await withStore(options.db, async (store) => {
        let subject = options.type as string;
        if (options.device !== undefined) {
          const device = await requireDevice(store, options.device);
          subject = device.id;
        }
        const added = await store.register.add(
          options.device === undefined ? 'type' : 'device',
          subject,
          fields,
          options.by,
          new Date().toISOString(),
        );
        await store.audit.append({
          actor: options.by,
          action: 'register-added',
          target: added,
          before: null,
          after: JSON.stringify({ subject, ...fields }),
        });
        return added;
      });
      process.stdout.write(`${id}\n`);
    });
  addEntryOptions(
    register
      .command('update')
      .description('change a registered risk; each change is kept with who made it')
      .argument('<id>', 'the risk (risk-…)'),
  )
    .option('--status <status>', 'open or closed')
    .requiredOption('--by <name>', 'who changes it')
    .option('--db <location>', storeOptionDescription)
    .action(async (id: string, options: EntryOptions & { by: string; db?: string }) => {
      const changes: Partial<RegisterFields> = {};
      if (options.title !== undefined) changes.title = options.title;
      if (options.owner !== undefined) changes.owner = options.owner;
      if (options.treatment !== undefined) changes.treatment = options.treatment as Treatment;
      if (options.due !== undefined) changes.dueDate = options.due;
      if (options.justification !== undefined) changes.justification = options.justification;
      if (options.acceptedUntil !== undefined) changes.acceptedUntil = options.acceptedUntil;
      if (options.status !== undefined) changes.status = options.status as RegisterFields['status'];
      const changed = await withStore(options.db, async (store) => {
        const applied = await store.register.update(
          id,
          changes,
          options.by,
          new Date().toISOString(),
          registerProblem,
        );
        if (applied.length > 0) {
          await store.audit.append({
            actor: options.by,
            action: 'register-updated',
            target: id,
            before: JSON.stringify(
              Object.fromEntries(applied.map((change) => [change.field, change.before])),
            ),
            after: JSON.stringify(Object.fromEntries(applied.map((change) => [change.field, change.after]))),
          });
        }
        return applied.map((change) => change.field);
      });
      process.stdout.write(
        changed.length === 0
          ? `${id}: nothing changed\n`
          : `${id}: ${changed.join(', ')} changed by ${options.by}\n`,
      );
    });
  register
    .command('history')
    .description('every change of a registered risk, oldest first')
    .argument('<id>', 'the risk (risk-…)')
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (id: string, options: { json?: boolean; db?: string }) => {
      const events = await withStore(options.db, (store) => store.register.history(id));
      if (events.length === 0) throw new Error(`no registered risk "${id}"`);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(events, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `${formatTable(
          ['at', 'by', 'field', 'before', 'after'],
          events.map((event) => [event.at, event.actor, event.field, event.before ?? '', event.after ?? '']),
        )}\n`,
      );
    });
}
