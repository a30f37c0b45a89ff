import { type Command, InvalidArgumentError } from 'commander';
import { storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';

const protocolNames: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6' };

export function registerFlowsCommand(program: Command): void {
  program
    .command('flows')
    .description('list stored flows in order of their first packet')
    .option('--db <location>', storeOptionDescription)
    .option('--json', 'print a JSON array of flows')
    .option('--limit <n>', 'show at most n flows', parsePositiveInteger, 100)
    .action(async (options: { db?: string; json?: boolean; limit: number }) => {
      const flows = await withStore(options.db, (store) => store.flows.list(options.limit));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(flows, null, 2)}\n`);
        return;
      }
      const table = formatTable(
        ['PROTO', 'INITIATOR', 'RESPONDER', 'VLAN', 'PACKETS →/←', 'BYTES →/←', 'FIRST SEEN', 'END'],
        flows.map((flow) => [
          protocolNames[flow.protocol] ?? String(flow.protocol),
          `${flow.initiator.address}:${flow.initiator.port}`,
          `${flow.responder.address}:${flow.responder.port}`,
          String(flow.vlanId || ''),
          `${flow.packetsFromInitiator}/${flow.packetsFromResponder}`,
          `${flow.bytesFromInitiator}/${flow.bytesFromResponder}`,
          flow.firstSeen.slice(0, 23).replace('T', ' '),
          flow.endReason,
        ]),
      );
      process.stdout.write(`${table}\n${flows.length} flows shown\n`);
    });
}

function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidArgumentError('expected a whole number of 1 or more');
  return number;
}
