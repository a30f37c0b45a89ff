import type { NatsConnection } from '@nats-io/transport-node';
import type { Store } from '../store/open-store.js';
import type { SensorHealth } from '../store/relay-repository.js';
import {
  connectRelay,
  ensureStream,
  jetstreamOf,
  type RelayEndpoint,
  subjectOf,
} from './jetstream-connection.js';
import { messageIdOf, relayMessageText } from './relay-message.js';

export interface PublisherCounters {
  /** Messages JetStream acknowledged (duplicates it refused by id included). */
  published: number;
  /** Of those, repeats JetStream recognised by their id. */
  duplicates: number;
  /** Publish attempts that failed (no connection, no acknowledgement in time); each was retried. */
  failures: number;
  connected: boolean;
}

/** How many outbox messages a pass publishes before looking again. */
const passSize = 64;
const publishTimeoutMs = 5_000;

/**
 * Publishes a sensor's outbox to JetStream in order, removing each message once acknowledged:
 * at least once, since a message published and not yet removed when the sensor dies goes again,
 * with the same id. While NATS is unreachable the outbox grows (bounded by the ingest's
 * `relay.maxOutboxBytes`) and is drained after the connection returns.
 */
export class OutboxPublisher {
  readonly counters: PublisherCounters = { published: 0, duplicates: 0, failures: 0, connected: false };
  #connection: NatsConnection | undefined;
  #stopping = false;
  readonly #stopped = new AbortController();
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  #instance = '';

  constructor(
    private readonly store: Store,
    private readonly endpoint: RelayEndpoint,
    private readonly site: string,
    private readonly sensor: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts connecting and publishing in the background. */
  async start(): Promise<void> {
    this.#instance = await this.store.relay.instance();
    this.#loop = this.#run();
  }

  /** Publishes what was just committed without waiting for the next poll. */
  nudge(): void {
    this.#wake?.();
  }

  /**
   * Sends the sensor's figures on its heartbeat subject, if connected; a heartbeat missed is
   * not queued (the next one says more).
   */
  async heartbeat(health: SensorHealth): Promise<void> {
    const connection = this.#connection;
    if (connection === undefined || connection.isClosed() || !this.counters.connected) return;
    const body = JSON.stringify({
      v: 1,
      site: this.site,
      sensor: this.sensor,
      instance: this.#instance,
      health,
    });
    try {
      await jetstreamOf(connection).publish(
        subjectOf(this.endpoint.stream, this.site, this.sensor, 'heartbeat'),
        body,
        {
          timeout: publishTimeoutMs,
        },
      );
    } catch {
      // Counted with the rest when the outbox fails to publish; a heartbeat alone is not retried.
    }
  }

  /**
   * Stops after draining the outbox, or after `drainMs` when NATS cannot be reached (what is
   * left stays in the outbox for the sensor's next run), with a last heartbeat when connected.
   */
  async stop(drainMs: number, finalHealth?: () => Promise<SensorHealth>): Promise<{ left: number }> {
    const deadline = Date.now() + drainMs;
    while (Date.now() < deadline && (await this.store.relay.outboxSize()).messages > 0) {
      this.nudge();
      await sleep(50);
    }
    // The last word of a run: a short replay may never have been connected at a commit, and
    // may stop before the first connection is made; it waits for one as it would to drain.
    while (finalHealth !== undefined && !this.counters.connected && Date.now() < deadline) await sleep(50);
    if (finalHealth !== undefined) await this.heartbeat(await finalHealth());
    this.#stopping = true;
    this.#stopped.abort();
    this.nudge();
    await this.#loop;
    await this.#connection?.close();
    return { left: (await this.store.relay.outboxSize()).messages };
  }

  async #run(): Promise<void> {
    const connecting = connectRelay(
      this.endpoint.url,
      `vigil sensor ${this.site}/${this.sensor}`,
      this.#stopped.signal,
      this.endpoint.security,
    ).then((connection) => {
      if (this.#stopping) {
        void connection.close();
        return;
      }
      this.#connection = connection;
      this.counters.connected = true;
      this.log(
        `connected to ${this.endpoint.url.replace(/\/\/[^@/]*@/, '//')}, stream ${this.endpoint.stream}`,
      );
      void (async () => {
        for await (const status of connection.status()) {
          if (status.type === 'disconnect') {
            this.counters.connected = false;
            this.log('NATS connection lost; the outbox keeps what is committed until it returns');
          } else if (status.type === 'reconnect') {
            this.counters.connected = true;
            this.log('NATS connection back; draining the outbox');
            this.nudge();
          }
        }
      })();
    });
    connecting.catch((error: unknown) =>
      this.log(
        this.#stopping
          ? 'stopped before NATS answered: the spool keeps what is left for the next run'
          : `cannot connect to NATS: ${String(error)}`,
      ),
    );
    let streamReady = false;
    while (!this.#stopping) {
      const connection = this.#connection;
      if (connection !== undefined && this.counters.connected) {
        if (!streamReady) {
          try {
            await ensureStream(connection, this.endpoint.stream);
            streamReady = true;
          } catch (error) {
            this.log(`cannot reach stream ${this.endpoint.stream}: ${String(error)}`);
            await sleep(500);
            continue;
          }
        }
        const published = await this.#publishPass(connection);
        if (published > 0) continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  /** Publishes up to `passSize` messages in order; stops at the first failure. */
  async #publishPass(connection: NatsConnection): Promise<number> {
    const client = jetstreamOf(connection);
    const messages = await this.store.relay.pending(passSize);
    let published = 0;
    for (const message of messages) {
      const body = relayMessageText(
        {
          site: this.site,
          sensor: this.sensor,
          instance: this.#instance,
          seq: message.seq,
          kind: message.kind,
        },
        message.items,
      );
      try {
        const ack = await client.publish(
          subjectOf(this.endpoint.stream, this.site, this.sensor, message.kind),
          body,
          {
            msgID: messageIdOf({ instance: this.#instance, seq: message.seq }),
            timeout: publishTimeoutMs,
          },
        );
        if (ack.duplicate) this.counters.duplicates += 1;
      } catch {
        this.counters.failures += 1;
        await sleep(500);
        return published;
      }
      await this.store.relay.remove(message.seq);
      this.counters.published += 1;
      published += 1;
    }
    return published;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
