import {
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  StorageType,
} from '@nats-io/jetstream';
import { connect, type NatsConnection, nkeyAuthenticator } from '@nats-io/transport-node';
import { type RelaySecurity, readSeed } from './sensor-credentials.js';

/** Where the relay's messages go: a NATS server and the JetStream stream they are kept in. */
export interface RelayEndpoint {
  /** `nats://host:port`, with `user:password@` when the server asks for them. */
  url: string;
  /** The stream's name; its subjects are `<stream>.<site>.<sensor>.<kind>`. */
  stream: string;
  /** Credentials and TLS, when the server asks for them. */
  security?: RelaySecurity;
}

/** The default stream name (`--stream`). */
export const defaultStream = 'VIGIL';

/** How long JetStream remembers a message id to refuse its repeat (the collector's mark covers longer). */
const duplicateWindowNs = 10 * 60 * 1_000_000_000;

/** The subject a sensor's message of one kind goes to. */
export function subjectOf(stream: string, site: string, sensor: string, kind: string): string {
  return `${stream}.${site}.${sensor}.${kind}`;
}

/**
 * Names that become subject tokens: letters, digits, `-` and `_`, so that no site or sensor can
 * publish into another's subjects with a `.`, `*` or `>`.
 */
export function checkSubjectToken(what: string, value: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value))
    throw new Error(
      `${what} "${value}" must be 1 to 64 letters, digits, "-" or "_" (it names NATS subjects)`,
    );
  return value;
}

/**
 * Connects to NATS, reconnecting for ever after a loss (the publisher and collector wait through
 * an outage rather than fail), with the URL's user and password as credentials when it has them.
 * Resolves once connected: the first connection is retried every second too, until `signal`
 * aborts (then it rejects), so that a sensor stopping while NATS is away can exit.
 */
export async function connectRelay(
  url: string,
  name: string,
  signal?: AbortSignal,
  security: RelaySecurity = {},
): Promise<NatsConnection> {
  const parsed = new URL(url);
  const user = decodeURIComponent(parsed.username);
  const pass = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  const options = {
    servers: parsed.toString().replace(/\/$/, ''),
    name,
    ...(user === '' ? {} : { user, pass }),
    ...(security.credsFile === undefined
      ? {}
      : { authenticator: nkeyAuthenticator(readSeed(security.credsFile)) }),
    ...(security.tlsCa === undefined && security.tlsCert === undefined
      ? {}
      : {
          tls: {
            ...(security.tlsCa === undefined ? {} : { caFile: security.tlsCa }),
            ...(security.tlsCert === undefined ? {} : { certFile: security.tlsCert }),
            ...(security.tlsKey === undefined ? {} : { keyFile: security.tlsKey }),
          },
        }),
    ...(security.inboxPrefix === undefined ? {} : { inboxPrefix: security.inboxPrefix }),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    // Generous: a sensor's event loop is busy with packets while it connects, and an attempt
    // that times out can leave its socket behind in the client.
    timeout: 20_000,
  };
  for (;;) {
    try {
      return await connect(options);
    } catch (error) {
      // Credentials refused will not be accepted by trying again, nor a certificate refused.
      if (/authoriz|authentic/i.test(String(error))) throw error;
      if (isCertificateError(error))
        throw new Error(
          `TLS to ${options.servers} failed: ${(error as Error).message} (check --tls-ca and the names the server's certificate carries)`,
        );
      if (signal?.aborted) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      if (signal?.aborted) throw new Error(`not connected to ${options.servers}: stopped`);
    }
  }
}

/** Node's verdicts on a server certificate (its name, its issuer, its dates), as opposed to a network that is down. */
function isCertificateError(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code ?? '');
  return (
    code.startsWith('ERR_TLS_') ||
    /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code) ||
    /certificate|altname/i.test(String(error))
  );
}

/** The stream, created when missing: file storage, every message kept until a collector's policy says. */
export async function ensureStream(connection: NatsConnection, stream: string): Promise<JetStreamManager> {
  const manager = await jetstreamManager(connection);
  try {
    await manager.streams.info(stream);
  } catch {
    await manager.streams.add({
      name: stream,
      subjects: [`${stream}.>`],
      storage: StorageType.File,
      duplicate_window: duplicateWindowNs,
    });
  }
  return manager;
}

export function jetstreamOf(connection: NatsConnection): JetStreamClient {
  return jetstream(connection);
}
