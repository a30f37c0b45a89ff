import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromSeed } from '@nats-io/nkeys';
import type { Command } from 'commander';
import { checkSubjectToken, defaultStream } from '../../relay/jetstream-connection.js';
import { natsAuthorization, newNkey, readSeed, sensorPermissions } from '../../relay/sensor-credentials.js';
import { actorOf, byOptionDescription, storeOptionDescription, withChangingStore } from '../store-option.js';

/** Writes a secret only its owner may read; the mode is set before a byte is in it. */
function writeSecret(file: string, text: string): void {
  writeFileSync(file, '', { mode: 0o600 });
  chmodSync(file, 0o600);
  writeFileSync(file, text, { mode: 0o600 });
}

/**
 * `vigil sensor enroll NAME --site S` and `vigil sensor nats-config`: a sensor's identity. Enrolling
 * makes an NKey pair, writes the seed to the sensor's credentials file (mode 600, the only copy)
 * and stores the public key centrally; the NATS configuration written from the store lets each
 * enrolled sensor publish to its own subjects only.
 */
export function registerSensorEnrolCommands(sensor: Command): void {
  sensor
    .command('enroll')
    .description('issue a sensor’s credentials: an NKey whose public half the central store keeps')
    .argument('<name>', 'the sensor’s name within its site (letters, digits, - and _)')
    .requiredOption('--site <name>', 'the site the sensor watches')
    .option('--db <location>', storeOptionDescription)
    .option('--out <dir>', 'where to write the credentials file SITE-NAME.nk', '.')
    .option('--stream <name>', 'the JetStream stream the sensor publishes to', defaultStream)
    .option('--by <name>', byOptionDescription)
    .option('--json', 'print what was enrolled as JSON')
    .action(
      async (
        rawName: string,
        options: { site: string; db?: string; out: string; stream: string; by?: string; json?: boolean },
      ) => {
        const site = checkSubjectToken('--site', options.site);
        const name = checkSubjectToken('sensor name', rawName);
        const stream = checkSubjectToken('--stream', options.stream);
        const key = newNkey();
        mkdirSync(options.out, { recursive: true });
        const credsFile = join(options.out, `${site}-${name}.nk`);
        await withChangingStore(options.db, async (store) => {
          const before = await store.relay.enrolment(site, name);
          await store.relay.enrol({
            site,
            name,
            publicKey: key.publicKey,
            enrolledAt: new Date().toISOString(),
            enrolledBy: actorOf(options.by),
          });
          await store.audit.append({
            actor: actorOf(options.by),
            action: 'sensor-enrolled',
            target: `sensor ${site}/${name}`,
            before: before?.publicKey ?? null,
            after: key.publicKey,
          });
        });
        // Written after the store took the public key: a failed enrolment leaves no orphan secret.
        writeSecret(credsFile, `${key.seed}\n`);
        const allowed = sensorPermissions(stream, site, name);
        const report = {
          sensor: `${site}/${name}`,
          publicKey: key.publicKey,
          credsFile,
          publish: allowed.publish,
        };
        if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else
          process.stdout.write(
            `enrolled sensor ${site}/${name}\npublic key  ${key.publicKey}\ncredentials ${credsFile} (the only copy of the secret: move it to the sensor, run it with --creds)\nmay publish ${allowed.publish.join(', ')}\nnext: vigil sensor nats-config --out FILE, then reload nats-server\n`,
          );
      },
    );

  sensor
    .command('revoke')
    .description('withdraw a sensor’s credentials: the next NATS configuration leaves it out')
    .argument('<name>', 'the sensor’s name within its site')
    .requiredOption('--site <name>', 'the site the sensor watches')
    .option('--db <location>', storeOptionDescription)
    .option('--reason <text>', 'why (kept in the audit log)')
    .option('--by <name>', byOptionDescription)
    .action(async (rawName: string, options: { site: string; db?: string; reason?: string; by?: string }) => {
      const site = checkSubjectToken('--site', options.site);
      const name = checkSubjectToken('sensor name', rawName);
      const revoked = await withChangingStore(options.db, async (store) => {
        const before = await store.relay.enrolment(site, name);
        if (before === undefined) return false;
        await store.relay.revoke(site, name);
        await store.audit.append({
          actor: actorOf(options.by),
          action: 'sensor-revoked',
          target: `sensor ${site}/${name}`,
          before: before.publicKey,
          after: options.reason === undefined ? 'revoked' : `revoked: ${options.reason}`,
        });
        return true;
      });
      if (!revoked) {
        process.stderr.write(`vigil sensor revoke: sensor ${site}/${name} is not enrolled\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(
        `revoked sensor ${site}/${name}\nnext: vigil sensor nats-config --out FILE, then reload nats-server (until then its credentials still connect; a collector run with --require-enrolment refuses what it sends from now on)\n`,
      );
    });

  sensor
    .command('nats-config')
    .description('write the nats-server authorization block for the collector and every enrolled sensor')
    .requiredOption('--out <file>', 'the file to write (include it from nats-server.conf)')
    .requiredOption(
      '--collector-creds <file>',
      'the collector’s NKey seed file (vigil collect --creds); made when it does not exist',
    )
    .option('--db <location>', storeOptionDescription)
    .option('--stream <name>', 'the JetStream stream', defaultStream)
    .action(async (options: { out: string; collectorCreds: string; db?: string; stream: string }) => {
      const stream = checkSubjectToken('--stream', options.stream);
      if (!existsSync(options.collectorCreds)) writeSecret(options.collectorCreds, `${newNkey().seed}\n`);
      const collectorKey = fromSeed(readSeed(options.collectorCreds)).getPublicKey();
      const enrolments = await withChangingStore(options.db, (store) => store.relay.enrolments());
      writeFileSync(options.out, natsAuthorization(stream, enrolments, collectorKey));
      process.stdout.write(
        `wrote ${options.out}: the collector and ${enrolments.length} enrolled sensor${enrolments.length === 1 ? '' : 's'}; reload nats-server to apply it\n`,
      );
    });
}
