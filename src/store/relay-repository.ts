import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RelayKind } from '../relay/relay-message.js';
import { chunks } from './chunks.js';
import type { VigilDatabase } from './schema.js';
import type { DroppedCounts, SensorHealth, SensorRow } from './sensor-row.js';

export type { DroppedCounts, SensorHealth, SensorRow } from './sensor-row.js';

/** A message waiting in a sensor's outbox. */
/** A sensor enrolled centrally: the public half of its NKey, never the seed. */
export interface SensorEnrolment {
  site: string;
  name: string;
  publicKey: string;
  enrolledAt: string;
  enrolledBy: string;
}

export interface OutboxMessage {
  seq: number;
  kind: RelayKind;
  /** The message's `items`, as JSON. */
  items: string;
  bytes: number;
}

/** Nothing dropped: what a sensor's outbox reports before it ever fills. */
export const noDrops = (): DroppedCounts => ({
  flowsMessages: 0,
  flows: 0,
  devicesMessages: 0,
  devices: 0,
  detectionsMessages: 0,
  detections: 0,
});

/**
 * The relay's rows: on a sensor its outbox (messages in the order they were committed, removed
 * once JetStream acknowledged them) and its state; on the collector the messages applied, the
 * sensors heard and the devices each saw. `db` may be a transaction: the outbox is written in the
 * commit's own (see `AlertRepository.put`), the applied mark in the alerts'.
 */
export class RelayRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  /** This store's sensor instance id, chosen the first time it is asked for. */
  async instance(): Promise<string> {
    const existing = await this.#state('instance');
    if (existing !== undefined) return existing;
    const chosen = randomUUID().slice(0, 8);
    await this.db
      .insertInto('relay_state')
      .values({ name: 'instance', value: chosen })
      .onConflict((conflict) => conflict.column('name').doNothing())
      .execute();
    return (await this.#state('instance')) ?? chosen;
  }

  /**
   * Queues message bodies in order, each numbered after the last ever queued. A body that would
   * take the outbox past `maxBytes` is dropped and counted instead: a sensor cut off from NATS
   * for days keeps the oldest part of what it learned and says what it lost.
   */
  async append(bodies: readonly { kind: RelayKind; items: string }[], maxBytes: number): Promise<void> {
    if (bodies.length === 0) return;
    let seq = Number((await this.#state('seq')) ?? 0);
    let { bytes } = await this.outboxSize();
    const dropped = await this.dropped();
    let dropping = false;
    const now = new Date().toISOString();
    for (const body of bodies) {
      const size = Buffer.byteLength(body.items);
      if (bytes + size > maxBytes) {
        dropping = true;
        dropped[`${body.kind}Messages`] += 1;
        dropped[body.kind] += itemCount(body.items);
        continue;
      }
      seq += 1;
      bytes += size;
      await this.db
        .insertInto('relay_outbox')
        .values({ seq, kind: body.kind, payload: body.items, bytes: size, created_at: now })
        .execute();
    }
    await this.#setState('seq', String(seq));
    if (dropping) await this.#setState('dropped', JSON.stringify(dropped));
  }

  /** The oldest messages waiting, up to `limit`. */
  async pending(limit: number): Promise<OutboxMessage[]> {
    const rows = await this.db.selectFrom('relay_outbox').selectAll().orderBy('seq').limit(limit).execute();
    return rows.map((row) => ({
      seq: Number(row.seq),
      kind: row.kind as RelayKind,
      items: row.payload,
      bytes: Number(row.bytes),
    }));
  }

  /** Removes a message JetStream has acknowledged. */
  async remove(seq: number): Promise<void> {
    await this.db.deleteFrom('relay_outbox').where('seq', '=', seq).execute();
  }

  async outboxSize(): Promise<{ messages: number; bytes: number }> {
    const row = await this.db
      .selectFrom('relay_outbox')
      .select(({ fn }) => [fn.countAll<number>().as('messages'), fn.sum<number>('bytes').as('bytes')])
      .executeTakeFirstOrThrow();
    return { messages: Number(row.messages), bytes: Number(row.bytes ?? 0) };
  }

  async dropped(): Promise<DroppedCounts> {
    const text = await this.#state('dropped');
    return text === undefined ? noDrops() : { ...noDrops(), ...(JSON.parse(text) as Partial<DroppedCounts>) };
  }

  async isApplied(messageId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('relay_applied')
      .select('message_id')
      .where('message_id', '=', messageId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async markApplied(messageId: string, sensorId: string): Promise<void> {
    await this.db
      .insertInto('relay_applied')
      .values({ message_id: messageId, sensor_id: sensorId, applied_at: new Date().toISOString() })
      .onConflict((conflict) => conflict.column('message_id').doNothing())
      .execute();
  }

  /** Notes a message from a sensor: heard now, one more message, and its health when it sent some. */
  async heard(site: string, name: string, health?: SensorHealth): Promise<void> {
    const now = new Date().toISOString();
    const id = `${site}/${name}`;
    const healthText = health === undefined ? 'null' : JSON.stringify(health);
    await this.db
      .insertInto('sensors')
      .values({ id, site, name, first_heard: now, last_heard: now, messages: 1, health: healthText })
      .onConflict((conflict) =>
        conflict.column('id').doUpdateSet((update) => ({
          last_heard: now,
          messages: update('sensors.messages', '+', 1),
          ...(health === undefined ? {} : { health: healthText }),
        })),
      )
      .execute();
  }

  async sensors(): Promise<SensorRow[]> {
    const rows = await this.db.selectFrom('sensors').selectAll().orderBy('id').execute();
    return rows.map((row) => ({
      id: row.id,
      site: row.site,
      name: row.name,
      firstHeard: row.first_heard,
      lastHeard: row.last_heard,
      messages: Number(row.messages),
      health: JSON.parse(row.health) as SensorHealth | null,
    }));
  }

  /**
   * Enrols a sensor by the public half of its NKey; a sensor enrolled again gets the new key
   * (its old credentials stop working once the NATS configuration is written again).
   */
  async enrol(enrolment: SensorEnrolment): Promise<void> {
    const row = {
      id: `${enrolment.site}/${enrolment.name}`,
      site: enrolment.site,
      name: enrolment.name,
      public_key: enrolment.publicKey,
      enrolled_at: enrolment.enrolledAt,
      enrolled_by: enrolment.enrolledBy,
    };
    await this.db
      .insertInto('sensor_enrolments')
      .values(row)
      .onConflict((conflict) =>
        conflict.column('id').doUpdateSet({
          public_key: row.public_key,
          enrolled_at: row.enrolled_at,
          enrolled_by: row.enrolled_by,
        }),
      )
      .execute();
  }

  /** Forgets a sensor's enrolment. What it sent stays. */
  async revoke(site: string, name: string): Promise<void> {
    await this.db.deleteFrom('sensor_enrolments').where('id', '=', `${site}/${name}`).execute();
  }

  /** One sensor's enrolment, or undefined when it is not enrolled. */
  async enrolment(site: string, name: string): Promise<SensorEnrolment | undefined> {
    return (await this.enrolments()).find((enrolment) => enrolment.site === site && enrolment.name === name);
  }

  async enrolments(): Promise<SensorEnrolment[]> {
    const rows = await this.db.selectFrom('sensor_enrolments').selectAll().orderBy('id').execute();
    return rows.map((row) => ({
      site: row.site,
      name: row.name,
      publicKey: row.public_key,
      enrolledAt: row.enrolled_at,
      enrolledBy: row.enrolled_by,
    }));
  }

  /** Records that a sensor saw these devices (ids as the store knows them). */
  async sighted(deviceIds: readonly string[], site: string, name: string): Promise<void> {
    const now = new Date().toISOString();
    const sensorId = `${site}/${name}`;
    // One statement per thousand devices: a message carries hundreds of them.
    for (const chunk of chunks([...new Set(deviceIds)], 1_000)) {
      await this.db
        .insertInto('device_sightings')
        .values(
          chunk.map((id) => ({
            device_id: id,
            sensor_id: sensorId,
            site,
            first_heard: now,
            last_heard: now,
          })),
        )
        .onConflict((conflict) =>
          conflict.columns(['device_id', 'sensor_id']).doUpdateSet({ last_heard: now }),
        )
        .execute();
    }
  }

  async sightingsOf(deviceId: string): Promise<{ sensorId: string; site: string; lastHeard: string }[]> {
    const rows = await this.db
      .selectFrom('device_sightings')
      .selectAll()
      .where('device_id', '=', deviceId)
      .orderBy('sensor_id')
      .execute();
    return rows.map((row) => ({ sensorId: row.sensor_id, site: row.site, lastHeard: row.last_heard }));
  }

  async #state(name: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('relay_state')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.value;
  }

  async #setState(name: string, value: string): Promise<void> {
    await this.db
      .insertInto('relay_state')
      .values({ name, value })
      .onConflict((conflict) => conflict.column('name').doUpdateSet({ value }))
      .execute();
  }
}

/** Items in a message body (a JSON array), without parsing it again. */
function itemCount(items: string): number {
  return (JSON.parse(items) as unknown[]).length;
}
