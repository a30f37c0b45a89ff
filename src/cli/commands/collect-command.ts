import type { Command } from 'commander';
import { pipelineConfig } from '../../config/defaults.js';
import { collect } from '../../relay/collector.js';
import { checkSubjectToken, defaultStream } from '../../relay/jetstream-connection.js';
import { sensorSilentAfterMs } from '../../relay/sensor-silence.js';
import { exitDespiteLeakedConnections } from '../exit-when-done.js';
import { securityOf } from '../relay-security-option.js';
import { parseSeconds } from '../seconds-option.js';
import { storeOptionDescription, withChangingStore } from '../store-option.js';

/**
 * `vigil collect --nats URL --db postgres://…`: the central half of distributed mode. Consumes
 * what every sensor of every site publishes and stores it, until SIGINT or SIGTERM (or, with
 * `--until-caught-up`, once nothing is pending).
 */
export function registerCollectCommand(program: Command): void {
  program
    .command('collect')
    .description('store what sensors publish to NATS JetStream (vigil sensor --nats), until interrupted')
    .requiredOption('--nats <url>', 'the NATS server the sensors publish to (nats://host:4222)')
    .option('--db <location>', storeOptionDescription)
    .option('--stream <name>', 'the JetStream stream the sensors publish to', defaultStream)
    .option(
      '--durable <name>',
      'the durable consumer: a restarted collector resumes where it acknowledged last',
      'collector',
    )
    .option(
      '--ack-wait <seconds>',
      'how long a message handed to a collector that died waits before it is handed out again',
      parseSeconds,
      30,
    )
    .option(
      '--silent-after <seconds>',
      'raise an alert when a sensor has not been heard this long (once per silence)',
      parseSeconds,
      sensorSilentAfterMs / 1000,
    )
    .option('--require-enrolment', 'refuse what sensors not enrolled (vigil sensor enroll) publish; counted')
    .option('--creds <file>', 'the collector’s NKey seed file (vigil sensor nats-config --collector-creds)')
    .option('--tls-ca <file>', 'the CA that signed the NATS server’s certificate (tls://host:4222)')
    .option('--tls-cert <file>', 'a client certificate, when the server asks for one')
    .option('--tls-key <file>', 'the client certificate’s key')
    .option('--until-caught-up', 'stop once every published message is stored')
    .option('--json', 'print the final counters as JSON')
    .action(
      async (options: {
        nats: string;
        db?: string;
        stream: string;
        durable: string;
        ackWait: number;
        silentAfter: number;
        requireEnrolment?: boolean;
        creds?: string;
        tlsCa?: string;
        tlsCert?: string;
        tlsKey?: string;
        untilCaughtUp?: boolean;
        json?: boolean;
      }) => {
        const stream = checkSubjectToken('--stream', options.stream);
        const durable = checkSubjectToken('--durable', options.durable);
        const stopping = new AbortController();
        const stop = () => stopping.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        const log = (line: string) => process.stderr.write(`collect: ${line}\n`);
        const counters = await withChangingStore(options.db, (store) =>
          collect({
            store,
            endpoint: { url: options.nats, stream, security: securityOf(options) },
            requireEnrolment: options.requireEnrolment ?? false,
            durable,
            config: pipelineConfig({}),
            ackWaitMs: options.ackWait * 1000,
            silentAfterMs: options.silentAfter * 1000,
            untilCaughtUp: options.untilCaughtUp ?? false,
            signal: stopping.signal,
            log,
          }),
        );
        process.removeListener('SIGINT', stop);
        process.removeListener('SIGTERM', stop);
        if (options.json) process.stdout.write(`${JSON.stringify(counters, null, 2)}\n`);
        else
          process.stdout.write(
            `${Object.entries(counters)
              .map(([name, value]) => `${name.padEnd(12)} ${value}`)
              .join('\n')}\n`,
          );
        exitDespiteLeakedConnections();
      },
    );
}
