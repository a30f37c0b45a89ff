import { type Command, InvalidArgumentError } from 'commander';
import { changeAlert } from '../../changes/set-alert-status.js';
import { type AlertStatus, alertStatuses, isAlertStatus } from '../../detect/alert.js';
import { type Severity, severities } from '../../detect/detection.js';
import { deliverAndReport, deliverOptionDescription, loadDeliveryOption } from '../deliver-option.js';
import { parseSince } from '../since-option.js';
import { actorOf, storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';

function parseStatuses(text: string): AlertStatus[] {
  const statuses = text.split(',').map((status) => status.trim());
  for (const status of statuses)
    if (!isAlertStatus(status))
      throw new InvalidArgumentError(
        `expected ${alertStatuses.join(', ')} (comma-separated), got "${status}"`,
      );
  return statuses as AlertStatus[];
}

/** `--severity high` means high and above: what a person asking for high alerts wants. */
function parseSeverity(text: string): Severity[] {
  const index = severities.indexOf(text as Severity);
  if (index < 0) throw new InvalidArgumentError(`expected ${severities.join(', ')}, got "${text}"`);
  return severities.slice(index);
}

const actions: { name: string; status: AlertStatus | undefined; description: string }[] = [
  { name: 'ack', status: 'acknowledged', description: 'acknowledge: someone has seen it' },
  { name: 'investigate', status: 'investigating', description: 'mark it under investigation' },
  { name: 'resolve', status: 'resolved', description: 'resolve it (it opens again if it fires again)' },
  {
    name: 'false-positive',
    status: 'false-positive',
    description: 'call it a false positive (needs --note saying why); it keeps counting, closed',
  },
  { name: 'assign', status: undefined, description: 'give it to someone (--to, default the one giving it)' },
];

export function registerAlertsCommands(program: Command): void {
  program
    .command('alerts')
    .description(
      'alerts from traffic (scans, password guessing, ARP spoofing, …), newest first, with ATT&CK techniques, attackers and targets',
    )
    .option('--status <statuses>', `${alertStatuses.join(', ')} (comma-separated)`, parseStatuses)
    .option('--severity <severity>', `${severities.join(', ')}: that severity and above`, parseSeverity)
    .option('--since <time>', 'last seen at or after an ISO time, or within a span (24h, 7d)', (text) =>
      parseSince(text),
    )
    .option('--limit <n>', 'at most N alerts (default 1000)', (text) => {
      const limit = Number(text);
      if (!Number.isInteger(limit) || limit < 1)
        throw new InvalidArgumentError(`expected a whole number of 1 or more, got "${text}"`);
      return limit;
    })
    .option('--json', 'print JSON: an array of alerts')
    .option('--deliver <file>', `${deliverOptionDescription}: the alerts listed`)
    .option('--db <location>', storeOptionDescription)
    .action(
      async (options: {
        status?: AlertStatus[];
        severity?: Severity[];
        since?: string;
        limit?: number;
        json?: boolean;
        deliver?: string;
        db?: string;
      }) => {
        const delivery = await loadDeliveryOption(options.deliver);
        const alerts = await withStore(options.db, async (store) => {
          const listed = await store.alerts.list({
            statuses: options.status,
            severities: options.severity,
            since: options.since,
            limit: options.limit,
          });
          await deliverAndReport(store, delivery, listed);
          return listed;
        });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(alerts, null, 2)}\n`);
          return;
        }
        const party = (list: { ip: string | null; mac: string | null }[]) =>
          list.length === 0
            ? '-'
            : `${list[0]?.ip ?? list[0]?.mac}${list.length > 1 ? ` +${list.length - 1}` : ''}`;
        process.stdout.write(
          `${formatTable(
            [
              'id',
              'severity',
              'status',
              'type',
              'source',
              'target',
              'count',
              'last seen',
              'techniques',
              'summary',
            ],
            alerts.map((alert) => [
              alert.id,
              alert.severity,
              alert.status,
              alert.type,
              party(alert.sources),
              party(alert.targets),
              String(alert.count),
              alert.lastSeen,
              alert.techniques.join(' '),
              alert.summary,
            ]),
          )}\n${alerts.length} alerts; evidence and remedy of each: vigil alerts --json\n`,
        );
      },
    );

  const alert = program
    .command('alert')
    .description(
      'act on one alert: ack, investigate, resolve, false-positive, assign (kept in the audit log)',
    );
  for (const action of actions) {
    const command = alert
      .command(action.name)
      .description(action.description)
      .argument('<id>', 'the alert id, as vigil alerts lists it')
      .option('--by <name>', 'who does it (default: the operating-system user)')
      .option('--note <text>', 'a note kept on the alert')
      .option('--db <location>', storeOptionDescription);
    if (action.status === undefined) command.option('--to <name>', 'who gets it');
    command.action(async (id: string, options: { by?: string; note?: string; to?: string; db?: string }) => {
      const actor = actorOf(options.by);
      const changed = await withStore(options.db, (store) =>
        changeAlert(
          store,
          id,
          {
            status: action.status,
            assignee: action.status === undefined ? (options.to ?? actor) : undefined,
            note: options.note,
            actor,
          },
          Date.now(),
        ),
      );
      process.stdout.write(
        `${changed.id} ${changed.type}: ${changed.status}${changed.assignee ? `, assigned to ${changed.assignee}` : ''}\n`,
      );
    });
  }
}
