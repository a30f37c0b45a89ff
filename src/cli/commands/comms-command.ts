import type { Command } from 'commander';
import { operationLabels } from '../../segment/comms.js';
import { commsProfile, deviceCommsSubject, typeCommsSubject } from '../../segment/comms-profile.js';
import { requireDevice, storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';

export function registerCommsCommand(program: Command): void {
  program
    .command('comms')
    .description(
      "a device's (or with --type a group's) communication profile: its peers and services each way with flows, bytes, first and last seen, and the application operations its baseline learned",
    )
    .argument('[device]', 'id, MAC or IP address')
    .option(
      '--type <type>',
      'the devices of one type instead, as a group ("infusion pump"), with the type\'s baseline',
    )
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (query: string | undefined, options: { type?: string; json?: boolean; db?: string }) => {
      if ((query === undefined) === (options.type === undefined))
        throw new Error('name a device, or a group with --type, not both');
      const profile = await withStore(options.db, async (store) => {
        if (query !== undefined)
          return commsProfile(store, deviceCommsSubject(await requireDevice(store, query)));
        const subject = typeCommsSubject(options.type!, await store.devices.list());
        if (subject.devices.length === 0) throw new Error(`--type: no device of type "${options.type}"`);
        return commsProfile(store, subject);
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(profile, null, 2)}\n`);
        return;
      }
      const lines = [
        `${profile.name} (${profile.devices === 1 ? `${profile.subject}, ${profile.addresses.join(', ') || 'no address'}` : `${profile.devices} devices`}): ${profile.totals.peers} peers, ${profile.totals.flows} flows, ${profile.totals.bytes} bytes, ${profile.firstSeen ?? '-'} to ${profile.lastSeen ?? '-'}`,
        formatTable(
          ['way', 'peer', 'device', 'service', 'members', 'flows', 'bytes', 'first seen', 'last seen'],
          profile.services.map((service) => [
            service.direction === 'out' ? '→' : service.direction === 'in' ? '←' : '↔',
            service.peer.address,
            service.peer.name ?? '',
            `${service.protocol}${service.protocol === 'tcp' || service.protocol === 'udp' ? `/${service.port}` : ''}`,
            String(service.memberAddresses.length),
            String(service.flows),
            String(service.bytes),
            service.firstSeen.slice(0, 19),
            service.lastSeen.slice(0, 19),
          ]),
        ),
        ...Object.entries(profile.operations).map(
          ([category, facts]) => `${operationLabels[category] ?? category}: ${facts.join('; ')}`,
        ),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
