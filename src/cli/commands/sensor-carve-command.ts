import { isIP } from 'node:net';
import { type Command, InvalidArgumentError } from 'commander';
import { carvePackets } from '../../evidence/carve-packets.js';
import { parseSince } from '../since-option.js';

function collectHost(text: string, previous: string[]): string[] {
  if (isIP(text) === 0) throw new InvalidArgumentError(`expected an IPv4 or IPv6 address, got "${text}"`);
  return [...previous, text];
}

/** A time as `--since` takes it (an ISO date or time, or a span back from now such as 2h), in ms. */
const parseTime = (text: string): number => Date.parse(parseSince(text));

/**
 * `vigil sensor carve`: the packets of a sensor's capture ring to or from some hosts within a
 * time window, written to a pcap for an incident (Wireshark, the manufacturer, a court).
 */
export function registerSensorCarveCommand(sensor: Command): void {
  sensor
    .command('carve')
    .description('write the packets a sensor’s ring keeps, of some hosts and a time window, to a pcap file')
    .requiredOption('--ring <dir>', 'the ring folder the sensor ran with (--ring)')
    .requiredOption('--out <file.pcap>', 'the capture to write (mode 600: packets may carry patient data)')
    .option(
      '--host <address>',
      'packets to or from this IP address; repeatable (all packets when none)',
      collectHost,
      [],
    )
    .option(
      '--from <time>',
      'packets at or after this time (ISO 8601, or a span back from now such as 2h)',
      parseTime,
    )
    .option(
      '--to <time>',
      'packets before this time (ISO 8601, or a span back from now such as 30m)',
      parseTime,
    )
    .option('--json', 'print the report as JSON')
    .action(
      async (options: {
        ring: string;
        out: string;
        host: string[];
        from?: number;
        to?: number;
        json?: boolean;
      }) => {
        if (options.from !== undefined && options.to !== undefined && options.to <= options.from)
          throw new InvalidArgumentError('--to must be later than --from');
        const report = await carvePackets(
          options.ring,
          { hosts: options.host, fromMs: options.from, toMs: options.to },
          options.out,
        );
        if (options.json)
          process.stdout.write(`${JSON.stringify({ out: options.out, ...report }, null, 2)}\n`);
        else
          process.stdout.write(
            `carved ${report.carved} of ${report.packets} packets from ${report.files} ring files into ${options.out}${report.missing > 0 ? `; ${report.missing} files the index lists are gone` : ''}${report.otherLinkType > 0 ? `; ${report.otherLinkType} matching packets of another link type left out` : ''}${report.unreadable > 0 ? `; ${report.unreadable} unreadable records skipped` : ''}${report.unreadableFiles > 0 ? `; ${report.unreadableFiles} files that are not captures skipped` : ''}\n`,
          );
      },
    );
}
