import { readFileSync } from 'node:fs';
import { createUser, fromSeed } from '@nats-io/nkeys';
import type { SensorEnrolment } from '../store/relay-repository.js';
import { subjectOf } from './jetstream-connection.js';

/**
 * What a sensor or a collector shows NATS besides the URL: an NKey seed file (`vigil sensor
 * enroll` writes one), TLS files, and for a sensor the inbox prefix its permissions allow.
 */
export interface RelaySecurity {
  /** A file holding an NKey user seed (`SU…`), as `vigil sensor enroll` writes it. */
  credsFile?: string;
  /** The CA that signed the server's certificate (and a client certificate and key, if the server asks for one). */
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  /** Replies come to subjects under this prefix: a sensor may read its own replies only. */
  inboxPrefix?: string;
}

/** A new NKey user pair: the seed for the sensor's file, the public key for the store and NATS. */
export function newNkey(): { seed: string; publicKey: string } {
  const pair = createUser();
  return { seed: new TextDecoder().decode(pair.getSeed()), publicKey: pair.getPublicKey() };
}

/** The seed in a credentials file, checked; the error names the file and what was expected. */
export function readSeed(file: string): Uint8Array {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new Error(
      `${file}: cannot read the credentials file (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  const seed = new TextEncoder().encode(text);
  try {
    if (!text.startsWith('SU')) throw new Error('not a user seed');
    fromSeed(seed);
  } catch {
    throw new Error(`${file}: expected an NKey user seed (SU…) as vigil sensor enroll writes it`);
  }
  return seed;
}

/** The inbox prefix of a sensor (its replies; see `RelaySecurity.inboxPrefix`). */
export function inboxPrefixOf(site: string, name: string): string {
  return `_INBOX_${site}_${name}`;
}

/**
 * What an enrolled sensor may do on NATS: publish to its own subjects (`STREAM.site.name.*`),
 * ask for the stream's and the account's JetStream info, and hear replies on its own inbox. Nothing else: not another
 * sensor's or site's subjects, not the stream's messages, not the JetStream API beyond that.
 */
export function sensorPermissions(stream: string, site: string, name: string) {
  return {
    publish: [subjectOf(stream, site, name, '>'), `$JS.API.STREAM.INFO.${stream}`, '$JS.API.INFO'],
    subscribe: [`${inboxPrefixOf(site, name)}.>`],
  };
}

/**
 * The `authorization` block for nats-server: the collector with its own key (all it needs), and
 * every enrolled sensor by its public key with `sensorPermissions`. Included from the server's
 * configuration and reloaded (`nats-server --signal reload`) after each enrolment.
 */
export function natsAuthorization(
  stream: string,
  enrolments: readonly SensorEnrolment[],
  collectorPublicKey: string,
): string {
  const list = (subjects: readonly string[]) => subjects.map((subject) => JSON.stringify(subject)).join(', ');
  const sensors = enrolments.map((enrolment) => {
    const allowed = sensorPermissions(stream, enrolment.site, enrolment.name);
    return `    # sensor ${enrolment.site}/${enrolment.name}, enrolled ${enrolment.enrolledAt} by ${enrolment.enrolledBy}
    { nkey: ${JSON.stringify(enrolment.publicKey)}, permissions: { publish: { allow: [${list(allowed.publish)}] }, subscribe: { allow: [${list(allowed.subscribe)}] } } }`;
  });
  return `# Written by vigil sensor nats-config: the collector and every enrolled sensor of stream ${stream}.
authorization {
  users = [
    # the collector
    { nkey: ${JSON.stringify(collectorPublicKey)} }
${sensors.join('\n')}
  ]
}
`;
}
