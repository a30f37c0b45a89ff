import { type ChildProcess, spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  collectArgs,
  expectSameContents,
  type Finished,
  freePort,
  natsUrl,
  ready,
  relayHospital,
  type SensorReport,
  type StoreContents,
  sensorArgs,
  startConfiguredNatsServer,
  startVigil,
  stopCollectorOnceApplied,
  streamName,
  vigil,
} from './support/relay-harness.js';
import { storeContents } from './support/store-contents.js';
import { temporaryDirectory, temporaryPostgresStore } from './support/temporary-store.js';

/**
 * Who may feed the central store: sensors enrolled with an NKey publish to their own site's
 * subjects only, through a nats-server this file starts with the authorization `vigil sensor
 * nats-config` writes; a revoked sensor is refused once NATS reloads; the collector counts (or,
 * with --require-enrolment, refuses) what sensors it never enrolled send; and the relay runs over
 * TLS with client certificates (made here with openssl).
 */

/** A CA, a server certificate for 127.0.0.1, a client certificate and a second CA, made with openssl. */
function issueCertificates(directory: string) {
  const file = (name: string) => join(directory, name);
  const openssl = (...args: string[]) => {
    const result = spawnSync('openssl', args, { encoding: 'utf8' });
    expect(result.status, `openssl ${args.join(' ')}\n${result.stderr}`).toBe(0);
  };
  /** A self-signed certificate authority named `name`, its key and certificate as `stem`.key/.pem. */
  const authority = (stem: string, name: string) =>
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      file(`${stem}.key`),
      '-out',
      file(`${stem}.pem`),
    );
  authority('ca', 'Vigil test CA');
  for (const [name, extension] of [
    // The NATS client checks a server at 127.0.0.1 under the name localhost (nats.js #303).
    ['server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth'],
    ['client', 'extendedKeyUsage=clientAuth'],
  ] as const) {
    writeFileSync(file(`${name}.ext`), `${extension}\n`);
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=vigil-${name}`,
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.csr`),
    );
    openssl(
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      file(`${name}.ext`),
      '-out',
      file(`${name}.pem`),
    );
  }
  authority('other-ca', 'Another CA');
  return {
    ca: file('ca.pem'),
    otherCa: file('other-ca.pem'),
    serverCert: file('server.pem'),
    serverKey: file('server.key'),
    clientCert: file('client.pem'),
    clientKey: file('client.key'),
  };
}

describe.skipIf(!ready)('relay security: enrolled sensors, revocation, TLS', () => {
  let directory: string;
  let capture: string;
  let expected: StoreContents;

  beforeAll(async () => {
    directory = temporaryDirectory('vigil-relay-security-');
    ({ capture, expected } = await relayHospital(directory));
  }, 120_000);

  const expectSameAsIngest = (store: Parameters<typeof expectSameContents>[0], what: string) =>
    expectSameContents(store, expected, what);

  it('lets an enrolled sensor publish to its own subjects only, through a NATS that asks for credentials', async () => {
    const central = await temporaryPostgresStore();
    const port = await freePort();
    const natsDirectory = temporaryDirectory('vigil-nats-auth-');
    const credentials = join(natsDirectory, 'credentials');
    const url = `nats://127.0.0.1:${port}`;
    const stream = streamName('enrolled');
    let nats: ChildProcess | undefined;
    try {
      const enrolled = JSON.parse(
        (
          await vigil([
            'sensor',
            'enroll',
            'span1',
            '--site',
            'north',
            '--db',
            central.store.location,
            '--out',
            credentials,
            '--stream',
            stream,
            '--json',
          ])
        ).stdout,
      ) as { publicKey: string; credsFile: string };
      const seed = readFileSync(enrolled.credsFile, 'utf8').trim();
      expect(seed).toMatch(/^SU[A-Z2-7]{56}$/);
      expect(statSync(enrolled.credsFile).mode & 0o777).toBe(0o600);
      // The store keeps the public key and nothing of the seed, in any table.
      const dumped = spawnSync('pg_dump', ['--data-only', central.store.location], { encoding: 'utf8' });
      expect(dumped.status, dumped.stderr).toBe(0);
      expect(dumped.stdout).toContain(enrolled.publicKey);
      expect(dumped.stdout).not.toContain(seed);
      expect(dumped.stdout).not.toContain(seed.slice(2, 30));

      const authorization = join(natsDirectory, 'authorization.conf');
      const collectorCreds = join(credentials, 'collector.nk');
      // The authorization for the collector and every sensor enrolled now, as NATS reads it.
      const writeAuthorization = () =>
        vigil([
          'sensor',
          'nats-config',
          '--db',
          central.store.location,
          '--stream',
          stream,
          '--out',
          authorization,
          '--collector-creds',
          collectorCreds,
        ]);
      await writeAuthorization();
      nats = await startConfiguredNatsServer(port, natsDirectory, ['include ./authorization.conf']);
      const collector = startVigil(
        collectArgs(url, stream, central.store.location, ['--creds', collectorCreds, '--require-enrolment']),
      );

      const sensorWith = (site: string, extra: string[]) =>
        startVigil(
          sensorArgs({
            read: capture,
            nats: url,
            stream,
            site,
            name: 'span1',
            spool: join(directory, `enrolled-${site}-${extra.length}`),
            extra: ['--drain-timeout', '5', ...extra],
          }),
        ).finished;
      const own = await sensorWith('north', ['--creds', enrolled.credsFile]);
      expect(own.code, own.stderr).toBe(0);
      const ownReport = JSON.parse(own.stdout) as SensorReport;
      expect(ownReport.relay).toMatchObject({ outboxLeft: 0 });
      // The same credentials claiming another site: NATS refuses, the sensor keeps its outbox.
      const elsewhere = await sensorWith('south', ['--creds', enrolled.credsFile]);
      expect(elsewhere.stderr).toContain('Permissions Violation');
      expect((JSON.parse(elsewhere.stdout) as SensorReport).relay.published).toBe(0);
      // No credentials at all: not even a connection.
      const anonymous = await sensorWith('north', []);
      expect(anonymous.stderr).toContain('Authorization Violation');

      const collected = await stopCollectorOnceApplied(collector, central.store, ownReport.relay.published);
      expect(JSON.parse(collected.stdout)).toMatchObject({ unenrolled: 0, refused: 0, malformed: 0 });
      await expectSameAsIngest(central.store, 'from an enrolled sensor');
      expect((await central.store.relay.sensors()).map((sensor) => sensor.id)).toEqual(['north/span1']);

      // Revoked: the next configuration leaves it out, and NATS, reloaded, refuses its credentials.
      const revoke = ['sensor', 'revoke', 'span1', '--site', 'north', '--db', central.store.location];
      await vigil([...revoke, '--reason', 'sensor replaced']);
      expect(await central.store.relay.enrolments()).toEqual([]);
      const [audited] = await central.store.audit.list(1, { action: 'sensor-revoked' });
      expect(audited).toMatchObject({ target: 'sensor north/span1', before: enrolled.publicKey });
      const again = await startVigil(revoke).finished;
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('sensor north/span1 is not enrolled');
      await writeAuthorization();
      expect(readFileSync(authorization, 'utf8')).not.toContain(enrolled.publicKey);
      nats.kill('SIGHUP');
      let revoked: Finished | undefined;
      for (let attempt = 0; attempt < 5; attempt += 1) {
        revoked = await sensorWith('north', ['--creds', enrolled.credsFile]);
        if (revoked.stderr.includes('Authorization Violation')) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(revoked?.stderr).toContain('Authorization Violation');
    } finally {
      nats?.kill('SIGKILL');
      await central.drop();
    }
  }, 240_000);

  it('counts what sensors not enrolled publish, and refuses it with --require-enrolment', async () => {
    const counted = await temporaryPostgresStore();
    const refusing = await temporaryPostgresStore();
    try {
      const stream = streamName('unenrolled');
      await vigil(
        sensorArgs({
          read: capture,
          nats: natsUrl,
          stream,
          site: 'north',
          name: 'rogue',
          spool: join(directory, 'rogue'),
        }),
      );
      const stored = JSON.parse(
        (await vigil(collectArgs(natsUrl, stream, counted.store.location, ['--until-caught-up']))).stdout,
      ) as { applied: number; unenrolled: number; refused: number; heartbeats: number };
      expect(stored.refused).toBe(0);
      expect(stored.unenrolled).toBe(stored.applied + stored.heartbeats);
      expect(stored.unenrolled).toBeGreaterThan(0);
      await expectSameAsIngest(counted.store, 'from a sensor not enrolled, counted');

      const refused = JSON.parse(
        (
          await vigil(
            collectArgs(natsUrl, stream, refusing.store.location, [
              '--until-caught-up',
              '--require-enrolment',
              '--durable',
              'strict',
            ]),
          )
        ).stdout,
      ) as { applied: number; unenrolled: number; refused: number };
      expect(refused).toMatchObject({
        applied: 0,
        unenrolled: stored.unenrolled,
        refused: stored.unenrolled,
      });
      expect((await storeContents(refusing.store)).devices).toEqual([]);
      expect(await refusing.store.relay.sensors()).toEqual([]);
    } finally {
      await counted.drop();
      await refusing.drop();
    }
  }, 240_000);

  it('relays through a NATS that takes TLS connections only, with client certificates', async () => {
    const central = await temporaryPostgresStore();
    const port = await freePort();
    const natsDirectory = temporaryDirectory('vigil-nats-tls-');
    const url = `nats://127.0.0.1:${port}`;
    const stream = streamName('tls');
    const pki = issueCertificates(natsDirectory);
    let nats: ChildProcess | undefined;
    try {
      nats = await startConfiguredNatsServer(port, natsDirectory, [
        `tls { cert_file: ${JSON.stringify(pki.serverCert)}, key_file: ${JSON.stringify(pki.serverKey)}, ca_file: ${JSON.stringify(pki.ca)}, verify: true, timeout: 5 }`,
      ]);
      const tls = ['--tls-ca', pki.ca, '--tls-cert', pki.clientCert, '--tls-key', pki.clientKey];
      const collector = startVigil(collectArgs(url, stream, central.store.location, tls));
      const sent = await startVigil(
        sensorArgs({
          read: capture,
          nats: url,
          stream,
          site: 'north',
          name: 'span1',
          spool: join(directory, 'tls'),
          extra: ['--drain-timeout', '5', ...tls],
        }),
      ).finished;
      expect(sent.code, sent.stderr).toBe(0);
      const report = JSON.parse(sent.stdout) as SensorReport;
      expect(report.relay).toMatchObject({ outboxLeft: 0 });
      expect(report.relay.published).toBeGreaterThan(0);
      const collected = await stopCollectorOnceApplied(collector, central.store, report.relay.published);
      expect(JSON.parse(collected.stdout)).toMatchObject({ malformed: 0 });
      await expectSameContents(central.store, expected, 'through TLS');

      // Without a client certificate the server does not take the connection: nothing is sent.
      const refused = await startVigil(
        sensorArgs({
          read: capture,
          nats: url,
          stream,
          site: 'north',
          name: 'span2',
          spool: join(directory, 'tls-no-certificate'),
          extra: ['--drain-timeout', '3', '--tls-ca', pki.ca],
        }),
      ).finished;
      const refusedReport = (JSON.parse(refused.stdout) as SensorReport).relay;
      expect(refusedReport.published).toBe(0);
      expect(refusedReport.outboxLeft).toBeGreaterThan(0); // kept in its spool for a later run
      // A server certificate from a CA the sensor does not trust: said at once, not retried.
      const untrusted = await startVigil(
        sensorArgs({
          read: capture,
          nats: url,
          stream,
          site: 'north',
          name: 'span3',
          spool: join(directory, 'tls-untrusted'),
          extra: [
            '--drain-timeout',
            '5',
            '--tls-ca',
            pki.otherCa,
            '--tls-cert',
            pki.clientCert,
            '--tls-key',
            pki.clientKey,
          ],
        }),
      ).finished;
      expect((JSON.parse(untrusted.stdout) as SensorReport).relay.published).toBe(0);
      expect(untrusted.stderr).toContain(`TLS to nats://127.0.0.1:${port} failed: unable to verify`);
    } finally {
      nats?.kill('SIGKILL');
      await central.drop();
    }
  }, 240_000);
});
