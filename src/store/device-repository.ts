import { type Kysely, sql } from 'kysely';
import { defaultPipelineConfig } from '../config/defaults.js';
import { classifyDevice } from '../inventory/classification/classify.js';
import { defaultClassifier } from '../inventory/classification/default-classifier.js';
import type { AttributeDraft, DeviceDraft, FindingDraft } from '../inventory/device-draft.js';
import type {
  DeviceAttribute,
  DeviceEvent,
  DeviceFinding,
  DeviceRecord,
} from '../inventory/device-record.js';
import { attributeValues, overrideSource } from '../inventory/device-record.js';
import { mergeInto } from '../inventory/draft-book.js';
import { rotationKeyOf } from '../inventory/randomised-mac.js';
import { chunks } from './chunks.js';
import { eventRow, historyOfBatch, noEvidence } from './device-history.js';
import { evidenceColumns, evidenceFromColumns } from './evidence-columns.js';
import type {
  DeviceAttributeTable,
  DeviceEventTable,
  DeviceFindingTable,
  DeviceProtocolTable,
  DeviceTable,
  VigilDatabase,
} from './schema.js';
import { stableId } from './stable-id.js';
import { isoFromMs, msFromIso } from './timestamp-text.js';

/** `excluded.X` if earlier than the stored value; portable where LEAST/MIN(a, b) are not. */
const earlier = (table: string, column: string) =>
  sql<string>`case when excluded.${sql.ref(column)} < ${sql.ref(`${table}.${column}`)} then excluded.${sql.ref(column)} else ${sql.ref(`${table}.${column}`)} end`;
const later = (table: string, column: string) =>
  sql<string>`case when excluded.${sql.ref(column)} > ${sql.ref(`${table}.${column}`)} then excluded.${sql.ref(column)} else ${sql.ref(`${table}.${column}`)} end`;
/** The evidence column of whichever row saw the value first. */
const fromEarlier = (table: string, column: string) =>
  sql<string>`case when excluded.first_seen < ${sql.ref(`${table}.first_seen`)} then excluded.${sql.ref(column)} else ${sql.ref(`${table}.${column}`)} end`;

/** The device an address belongs to (an absorbed device as its keeper) and when that device's own row was last seen. */
export interface AddressOwner {
  id: string;
  lastSeen: string;
}

/** A device as a commit left it: when it was written, when it last changed, and its sightings. */
export interface CommittedDevice {
  id: string;
  committedAt: string;
  /** When a commit last changed what the device is (see migration 0029); null if none has said. */
  changedAt: string | null;
  firstSeen: string;
  lastSeen: string;
}

/** Above this many addresses, `devicesOfAddresses` reads every address once instead of in lists. */
const manyAddresses = 5_000;

/**
 * Devices with their attributes and protocols. Merging is idempotent: first-seen times only move
 * earlier, last-seen times only later, confidence only up, so ingesting the same capture again
 * changes nothing.
 *
 * @example
 * await store.devices.merge(builder.devices(), 1000);
 * const device = await store.devices.find('00:1a:01:23:45:67');
 */
export class DeviceRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  /**
   * Merges an ingest's devices; returns the history events it wrote (new devices, changes,
   * downgrades). `onMerged` hears the ids the drafts were merged into, batch by batch.
   */
  async merge(
    drafts: readonly DeviceDraft[],
    batchRows: number,
    onMerged?: (deviceIds: string[]) => void,
  ): Promise<RecordedDeviceEvent[]> {
    const recorded: RecordedDeviceEvent[] = [];
    for (let start = 0; start < drafts.length; start += batchRows) {
      const batch = await this.#resolveIdentities(drafts.slice(start, start + batchRows));
      onMerged?.(batch.map((draft) => stableId('dev', draft.identityKey)));
      await this.db.transaction().execute(async (transaction) => {
        // Read before writing: what is new or changed is judged against what the store held.
        const events = await historyOfBatch(transaction, batch);
        const committedAt = new Date().toISOString();
        const devices: DeviceTable[] = [];
        const attributes: DeviceAttributeTable[] = [];
        const protocols: DeviceProtocolTable[] = [];
        const findings: DeviceFindingTable[] = [];
        for (const draft of batch) {
          const id = stableId('dev', draft.identityKey);
          devices.push({
            id,
            identity_key: draft.identityKey,
            first_seen: isoFromMs(draft.firstSeenMs),
            last_seen: isoFromMs(draft.lastSeenMs),
            committed_at: committedAt,
            changed_at: committedAt,
          });
          for (const attribute of draft.attributes.values())
            attributes.push({ ...attributeRow(id, attribute), changed_at: committedAt });
          for (const finding of draft.findings.values())
            findings.push({ ...findingRow(id, finding), changed_at: committedAt });
          for (const protocol of draft.protocols.values()) {
            protocols.push({
              device_id: id,
              protocol: protocol.protocol,
              first_seen: isoFromMs(protocol.firstSeenMs),
              last_seen: isoFromMs(protocol.lastSeenMs),
              changed_at: committedAt,
            });
          }
        }
        // Every upsert returns its rows' `changed_at`: this commit's time marks a row it brought
        // in or changed, and so a device whose inventory row must be rebuilt (see migration 0029).
        const isNew = new Set<string>();
        const changed = new Set<string>();
        const noteChanged = (rows: readonly { device_id: string; changed_at?: string | null }[]) => {
          for (const row of rows)
            if (row.changed_at === committedAt && !isNew.has(row.device_id)) changed.add(row.device_id);
        };
        if (devices.length > 0) {
          const written = await transaction
            .insertInto('devices')
            .values(devices)
            .onConflict((conflict) =>
              conflict.column('id').doUpdateSet({
                first_seen: earlier('devices', 'first_seen'),
                last_seen: later('devices', 'last_seen'),
                committed_at: committedAt,
              }),
            )
            .returning(['id', 'changed_at'])
            .execute();
          // A device new in this commit carries the stamp already.
          for (const row of written) if (row.changed_at === committedAt) isNew.add(row.id);
        }
        for (const chunk of chunks(attributes, 500)) {
          const written = await transaction
            .insertInto('device_attributes')
            .values(chunk)
            .onConflict((conflict) =>
              conflict.columns(['device_id', 'name', 'value', 'source']).doUpdateSet({
                changed_at: sql<string>`case when excluded.confidence > device_attributes.confidence then excluded.changed_at else device_attributes.changed_at end`,
                confidence: sql<number>`case when excluded.confidence > device_attributes.confidence then excluded.confidence else device_attributes.confidence end`,
                evidence_capture: fromEarlier('device_attributes', 'evidence_capture'),
                evidence_packet: sql<number>`${fromEarlier('device_attributes', 'evidence_packet')}`,
                evidence_offset: sql<number>`${fromEarlier('device_attributes', 'evidence_offset')}`,
                first_seen: earlier('device_attributes', 'first_seen'),
                last_seen: later('device_attributes', 'last_seen'),
              }),
            )
            .returning(['device_id', 'changed_at'])
            .execute();
          noteChanged(written);
        }
        for (const chunk of chunks(findings, 500)) {
          const written = await transaction
            .insertInto('device_findings')
            .values(chunk)
            .onConflict((conflict) =>
              conflict.columns(['device_id', 'type']).doUpdateSet({
                evidence_capture: fromEarlier('device_findings', 'evidence_capture'),
                evidence_packet: sql<number>`${fromEarlier('device_findings', 'evidence_packet')}`,
                evidence_offset: sql<number>`${fromEarlier('device_findings', 'evidence_offset')}`,
                first_seen: earlier('device_findings', 'first_seen'),
                last_seen: later('device_findings', 'last_seen'),
                // The latest ingest's measure replaces an older one; none keeps what was there.
                detail: sql<string | null>`coalesce(excluded.detail, device_findings.detail)`,
                changed_at: sql<string>`case when excluded.detail is not null and excluded.detail <> coalesce(device_findings.detail, '') then excluded.changed_at else device_findings.changed_at end`,
              }),
            )
            .returning(['device_id', 'changed_at'])
            .execute();
          noteChanged(written);
        }
        for (const chunk of chunks(protocols, 1000)) {
          const written = await transaction
            .insertInto('device_protocols')
            .values(chunk)
            .onConflict((conflict) =>
              conflict.columns(['device_id', 'protocol']).doUpdateSet({
                first_seen: earlier('device_protocols', 'first_seen'),
                last_seen: later('device_protocols', 'last_seen'),
              }),
            )
            .returning(['device_id', 'changed_at'])
            .execute();
          noteChanged(written);
        }
        for (const chunk of chunks([...changed], 500))
          await transaction
            .updateTable('devices')
            .set({ changed_at: committedAt })
            .where('id', 'in', chunk)
            .execute();
        recorded.push(...(await this.#recordEvents(events, transaction)));
      });
    }
    return recorded;
  }

  /**
   * Devices of this ingest that are devices the store already holds: one known only by its IP
   * address (no ARP or DHCP in the capture bound it) is the MAC-keyed device an earlier ingest
   * bound that address to, the most recently seen; one with a randomised MAC is the device whose
   * earlier randomised MAC sent the same DHCP host name (see `randomised-mac.ts`). Others stay
   * as they are.
   */
  async #resolveIdentities(batch: readonly DeviceDraft[]): Promise<DeviceDraft[]> {
    const addresses = batch
      .filter((draft) => draft.identityKey.startsWith('ip:'))
      .map((draft) => draft.identityKey.slice(3));
    // An empty IN list is a syntax error on PostgreSQL.
    const holders =
      addresses.length === 0
        ? []
        : await this.db
            .selectFrom('device_attributes')
            .innerJoin('devices', 'devices.id', 'device_attributes.device_id')
            .select([
              'device_attributes.value as ip',
              'devices.identity_key as identityKey',
              'devices.last_seen as lastSeen',
            ])
            .where('device_attributes.name', '=', 'ip')
            .where('device_attributes.value', 'in', addresses)
            .where('devices.identity_key', 'like', 'mac:%')
            .orderBy('devices.last_seen', 'desc')
            .execute();
    const holderOf = new Map<string, string>();
    for (const holder of holders) if (!holderOf.has(holder.ip)) holderOf.set(holder.ip, holder.identityKey);
    const rotated = await this.#devicesByRotationKey(batch);
    return foldSameDevice(
      batch.map((draft) => {
        const rotationKey = rotationKeyOf(draft);
        const holder = draft.identityKey.startsWith('ip:')
          ? holderOf.get(draft.identityKey.slice(3))
          : rotationKey === undefined
            ? undefined
            : rotated.get(rotationKey);
        return holder === undefined ? draft : { ...draft, identityKey: holder };
      }),
    );
  }

  /** Stored devices with randomised MACs, by the DHCP host name that links their rotations (see `randomised-mac.ts`). */
  async #devicesByRotationKey(batch: readonly DeviceDraft[]): Promise<Map<string, string>> {
    const keys = [...new Set(batch.flatMap((draft) => rotationKeyOf(draft) ?? []))];
    if (keys.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('device_attributes')
      .innerJoin('devices', 'devices.id', 'device_attributes.device_id')
      .select(['device_attributes.value as hostname', 'devices.identity_key as identityKey'])
      .where('device_attributes.name', '=', 'hostname')
      .where('device_attributes.source', '=', 'dhcp.message')
      .where((expression) => expression(expression.fn('lower', ['device_attributes.value']), 'in', keys))
      .where('devices.identity_key', 'like', 'mac:%')
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('device_attributes as flag')
            .select('flag.device_id')
            .whereRef('flag.device_id', '=', 'devices.id')
            .where('flag.name', '=', 'mac.locally-administered'),
        ),
      )
      .orderBy('devices.last_seen', 'desc')
      .execute();
    const byKey = new Map<string, string>();
    for (const row of rows)
      if (!byKey.has(row.hostname.toLowerCase())) byKey.set(row.hostname.toLowerCase(), row.identityKey);
    return byKey;
  }

  /**
   * Records `went-silent` for each device last seen more than `silentAfterMs` before `nowMs` (the
   * latest traffic the store holds) that has no such event since, stamped when the silence
   * began: last seen plus the threshold.
   */
  async recordSilence(nowMs: number, silentAfterMs: number): Promise<RecordedDeviceEvent[]> {
    const quiet = await this.db
      .selectFrom('devices')
      .select(['id', 'last_seen'])
      .where('last_seen', '<', isoFromMs(nowMs - silentAfterMs))
      // Only devices traffic showed can fall silent; an asset never seen has nothing to lose.
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('device_protocols')
            .select('device_protocols.device_id')
            .whereRef('device_protocols.device_id', '=', 'devices.id'),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('device_events')
              .select('device_events.id')
              .whereRef('device_events.device_id', '=', 'devices.id')
              .where('device_events.kind', '=', 'went-silent')
              .whereRef('device_events.at', '>', 'devices.last_seen'),
          ),
        ),
      )
      .execute();
    const events = quiet.map((device) =>
      eventRow({
        device_id: device.id,
        at: isoFromMs(msFromIso(device.last_seen) + silentAfterMs),
        kind: 'went-silent',
        attribute: null,
        before: device.last_seen,
        after: null,
        actor: 'ingest',
        reason: null,
        ...noEvidence,
      }),
    );
    return this.#recordEvents(events);
  }

  /** Events are written once: their ids come from their content. Returns those written now. */
  async #recordEvents(
    events: readonly DeviceEventTable[],
    db: Kysely<VigilDatabase> = this.db,
  ): Promise<RecordedDeviceEvent[]> {
    const written = new Set<string>();
    for (const chunk of chunks(events, 500)) {
      const rows = await db
        .insertInto('device_events')
        .values(chunk)
        .onConflict((conflict) => conflict.column('id').doNothing())
        .returning('id')
        .execute();
      for (const row of rows) written.add(row.id);
    }
    return events.filter((event) => written.has(event.id)).map(recordedEventOf);
  }

  /** The latest time any device was seen, in milliseconds; undefined for an empty store. */
  async latestSightingMs(): Promise<number | undefined> {
    // Newest first by the index on last_seen, to the first device traffic showed (declared
    // devices have no protocols): a few rows read, however many the store holds.
    const row = await this.db
      .selectFrom('devices')
      .select('last_seen')
      .where(({ exists, selectFrom }) =>
        exists(selectFrom('device_protocols').select('protocol').whereRef('device_id', '=', 'devices.id')),
      )
      .orderBy('last_seen', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? undefined : msFromIso(row.last_seen);
  }

  /**
   * Devices a commit wrote at or after `since` (ISO time), with when, oldest first, by the
   * column's index: what a live server rebuilds, whatever the store holds besides.
   */
  async committedSince(since: string, limit: number): Promise<{ id: string; committedAt: string }[]> {
    // Both columns are in the index: the rows a reader takes again cost no table read.
    const rows = await this.db
      .selectFrom('devices')
      .select(['id', 'committed_at'])
      .where('committed_at', '>=', since)
      .orderBy('committed_at')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ id: row.id, committedAt: row.committed_at ?? since }));
  }

  /** These devices as their last commit left them: when they changed, and their sightings. */
  async committed(ids: readonly string[]): Promise<CommittedDevice[]> {
    const devices: CommittedDevice[] = [];
    for (const chunk of chunks(ids, 500)) {
      const rows = await this.db
        .selectFrom('devices')
        .select(['id', 'committed_at', 'changed_at', 'first_seen', 'last_seen'])
        .where('id', 'in', chunk)
        .execute();
      for (const row of rows)
        devices.push({
          id: row.id,
          committedAt: row.committed_at ?? '',
          changedAt: row.changed_at ?? null,
          firstSeen: row.first_seen,
          lastSeen: row.last_seen,
        });
    }
    return devices;
  }

  /** Devices last seen at or after this ISO time are online (see `DeviceRecord.status`); undefined for an empty store. */
  async onlineSince(): Promise<string | undefined> {
    const latestMs = await this.latestSightingMs();
    return latestMs === undefined
      ? undefined
      : isoFromMs(latestMs - defaultPipelineConfig.deviceSilentAfterMs);
  }

  /** Every device's sightings and when a commit last changed it (see migration 0029), by id. */
  async sightings(): Promise<Map<string, Pick<CommittedDevice, 'changedAt' | 'firstSeen' | 'lastSeen'>>> {
    const rows = await this.db
      .selectFrom('devices')
      .select(['id', 'changed_at', 'first_seen', 'last_seen'])
      .execute();
    return new Map(
      rows.map((row) => [
        row.id,
        { changedAt: row.changed_at ?? null, firstSeen: row.first_seen, lastSeen: row.last_seen },
      ]),
    );
  }

  /** The device's history, oldest first, with that of devices merged into it. */
  async history(deviceId: string): Promise<DeviceEvent[]> {
    // A keeper's history includes that of the devices merged into it.
    const absorbed = await this.db
      .selectFrom('device_merges')
      .select('absorbed_id')
      .where('keeper_id', '=', deviceId)
      .execute();
    const rows = await this.db
      .selectFrom('device_events')
      .selectAll()
      .where('device_id', 'in', [deviceId, ...absorbed.map((row) => row.absorbed_id)])
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((row) => {
      const { deviceId: _, ...event } = recordedEventOf(row);
      return event;
    });
  }

  /**
   * An analyst's value for one attribute (source `override`, confidence 1): it outranks every
   * observation, now and in later ingests, until cleared. Recorded in the history with who set
   * it, why, and the value it replaced.
   */
  async setOverride(
    deviceId: string,
    name: string,
    value: string,
    actor: string,
    reason: string | null,
    atMs: number,
  ): Promise<void> {
    const before = await this.#bestValue(deviceId, name);
    await this.declare(deviceId, [
      {
        name,
        value,
        source: overrideSource,
        confidence: 1,
        firstSeenMs: atMs,
        lastSeenMs: atMs,
        evidence: { capture: `override by ${actor}`, packetNumber: 0, fileOffset: 0 },
      },
    ]);
    await this.#recordEvents([
      eventRow({
        device_id: deviceId,
        at: isoFromMs(atMs),
        kind: 'override-set',
        attribute: name,
        before: before ?? null,
        after: value,
        actor,
        reason,
        ...noEvidence,
      }),
    ]);
  }

  /** Removes an override: what observations say applies again. Returns false when there was none. */
  async clearOverride(
    deviceId: string,
    name: string,
    actor: string,
    reason: string | null,
    atMs: number,
  ): Promise<boolean> {
    const removed = await this.db
      .selectFrom('device_attributes')
      .select('value')
      .where('device_id', '=', deviceId)
      .where('name', '=', name)
      .where('source', '=', overrideSource)
      .execute();
    if (removed.length === 0) return false;
    await this.db
      .deleteFrom('device_attributes')
      .where('device_id', '=', deviceId)
      .where('name', '=', name)
      .where('source', '=', overrideSource)
      .execute();
    const after = (await this.#bestValue(deviceId, name)) ?? null;
    await this.#recordEvents([
      eventRow({
        device_id: deviceId,
        at: isoFromMs(atMs),
        kind: 'override-cleared',
        attribute: name,
        before: removed[0]!.value,
        after,
        actor,
        reason,
        ...noEvidence,
      }),
    ]);
    return true;
  }

  async #bestValue(deviceId: string, name: string): Promise<string | undefined> {
    const device = (
      await this.#assemble(
        await this.db.selectFrom('devices').selectAll().where('id', '=', deviceId).execute(),
      )
    )[0];
    if (device === undefined) return undefined;
    if (name === 'type' || name === 'category') return device[name] ?? undefined;
    return attributeValues(device.attributes, name)[0];
  }

  /**
   * Declared attributes (an asset list's, source `cmms` or an analyst's) for an existing device:
   * those of the same names and source are replaced, so a re-import says what the list says now.
   * The device's first and last seen are network sightings and stay as they are.
   */
  async declare(deviceId: string, attributes: readonly AttributeDraft[]): Promise<void> {
    if (attributes.length === 0) return;
    await this.db.transaction().execute(async (transaction) => {
      for (const source of new Set(attributes.map((attribute) => attribute.source)))
        await transaction
          .deleteFrom('device_attributes')
          .where('device_id', '=', deviceId)
          .where('source', '=', source)
          .where(
            'name',
            'in',
            attributes.filter((a) => a.source === source).map((a) => a.name),
          )
          .execute();
      await transaction
        .insertInto('device_attributes')
        .values(attributes.map((attribute) => attributeRow(deviceId, attribute)))
        .execute();
    });
  }

  /** Removes declared attributes of these names and source from a device. */
  async removeDeclared(deviceId: string, source: string, names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    await this.db
      .deleteFrom('device_attributes')
      .where('device_id', '=', deviceId)
      .where('source', '=', source)
      .where('name', 'in', names)
      .execute();
  }

  /**
   * A finding made from what the store holds rather than from one packet (an MDS2 answer that
   * traffic contradicts): set on the device, replacing the one of the same type.
   */
  async setFinding(deviceId: string, finding: FindingDraft): Promise<void> {
    const row = findingRow(deviceId, finding);
    await this.db
      .insertInto('device_findings')
      .values(row)
      .onConflict((conflict) =>
        conflict.columns(['device_id', 'type']).doUpdateSet({
          detail: row.detail,
          last_seen: row.last_seen,
          evidence_capture: row.evidence_capture,
          evidence_packet: row.evidence_packet,
          evidence_offset: row.evidence_offset,
        }),
      )
      .execute();
  }

  /** A device known only from declarations (an asset no traffic showed); returns its id. */
  async createDeclared(
    identityKey: string,
    attributes: readonly AttributeDraft[],
    atMs: number,
  ): Promise<string> {
    const id = stableId('dev', identityKey);
    await this.db
      .insertInto('devices')
      .values({ id, identity_key: identityKey, first_seen: isoFromMs(atMs), last_seen: isoFromMs(atMs) })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute();
    await this.declare(id, attributes);
    return id;
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('devices')
      .select((expression) => expression.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** All devices, most recently seen first; merged devices once, as their keeper. */
  async list(): Promise<DeviceRecord[]> {
    const devices = await this.db
      .selectFrom('devices')
      .selectAll()
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('device_merges').select('absorbed_id').whereRef('absorbed_id', '=', 'devices.id'),
          ),
        ),
      )
      .orderBy('last_seen', 'desc')
      .orderBy('id')
      .execute();
    return this.#assemble(devices);
  }

  /**
   * The device each address belongs to, as `list()` would show it (an absorbed device as its
   * keeper; of two devices claiming one address, the one seen last), without assembling records.
   */
  async devicesOfAddresses(addresses: readonly string[]): Promise<Map<string, string>> {
    return new Map(
      [...(await this.ownersOfAddresses(addresses))].map(([address, owner]) => [address, owner.id]),
    );
  }

  /**
   * As `devicesOfAddresses`, with when each owner was last seen (its own row's sighting, by
   * which two devices claiming one address are told apart), for callers that remember owners.
   */
  async ownersOfAddresses(addresses: readonly string[]): Promise<Map<string, AddressOwner>> {
    const owners = new Map<string, AddressOwner>();
    const wanted = new Set(addresses);
    const query = this.db
      .selectFrom('device_attributes')
      .innerJoin('devices', 'devices.id', 'device_attributes.device_id')
      .select(['device_attributes.value as address', 'devices.id as id', 'devices.last_seen as lastSeen'])
      .where('device_attributes.name', '=', 'ip');
    // Many addresses (the peers of a server everyone talks to): one pass over every address is
    // far cheaper than hundreds of lists of 500 (PostgreSQL took 85 s for 100,000 that way).
    const batches = wanted.size > manyAddresses ? [undefined] : [...chunks([...wanted], 500)];
    for (const batch of batches) {
      const rows =
        batch === undefined
          ? (await query.execute()).filter((row) => wanted.has(row.address))
          : await query.where('device_attributes.value', 'in', batch).execute();
      for (const row of rows) {
        const current = owners.get(row.address);
        if (
          current === undefined ||
          row.lastSeen > current.lastSeen ||
          (row.lastSeen === current.lastSeen && row.id < current.id)
        )
          owners.set(row.address, { id: row.id, lastSeen: row.lastSeen });
      }
    }
    const merges = await this.db.selectFrom('device_merges').select(['absorbed_id', 'keeper_id']).execute();
    const keeperOf = new Map(merges.map((merge) => [merge.absorbed_id, merge.keeper_id]));
    return new Map(
      [...owners].map(([address, owner]) => [
        address,
        { id: keeperOf.get(owner.id) ?? owner.id, lastSeen: owner.lastSeen },
      ]),
    );
  }

  /** The device each MAC belongs to (an absorbed device as its keeper), without assembling records. */
  async devicesOfMacs(macs: readonly string[]): Promise<Map<string, string>> {
    const owners = new Map<string, string>();
    for (const batch of chunks([...new Set(macs.map((mac) => mac.toLowerCase()))], 500)) {
      const rows = await this.db
        .selectFrom('devices')
        .select(['id', 'identity_key as identityKey'])
        .where(
          'identity_key',
          'in',
          batch.map((mac) => `mac:${mac}`),
        )
        .execute();
      for (const row of rows) owners.set(row.identityKey.slice('mac:'.length), row.id);
    }
    if (owners.size === 0) return owners;
    const merges = await this.db.selectFrom('device_merges').select(['absorbed_id', 'keeper_id']).execute();
    const keeperOf = new Map(merges.map((merge) => [merge.absorbed_id, merge.keeper_id]));
    return new Map([...owners].map(([mac, id]) => [mac, keeperOf.get(id) ?? id]));
  }

  /** The ids of devices holding an attribute of this name (by index): what one attribute's readers need, not the fleet. */
  async idsWithAttribute(name: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('device_attributes')
      .select('device_id')
      .distinct()
      .where('name', '=', name)
      .execute();
    return rows.map((row) => row.device_id);
  }

  /** Devices by id (an absorbed one as its keeper), assembled; ids not stored are left out. */
  async getMany(ids: readonly string[]): Promise<DeviceRecord[]> {
    const found: DeviceTable[] = [];
    for (const batch of chunks([...new Set(ids)], 500))
      found.push(...(await this.db.selectFrom('devices').selectAll().where('id', 'in', batch).execute()));
    return this.#assemble(found);
  }

  /** A device by id, MAC (any case or separator) or IP address. */
  async find(query: string): Promise<DeviceRecord | undefined> {
    const macHex = query.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
    const mac =
      /^[0-9a-fA-F]{2}([:.-]?[0-9a-fA-F]{2}){5}$/.test(query) && macHex.length === 12
        ? macHex.match(/../g)!.join(':')
        : undefined;
    const devices = await this.db
      .selectFrom('devices')
      .selectAll()
      .where((expression) =>
        expression.or([
          expression('id', '=', query),
          expression(
            'id',
            'in',
            expression
              .selectFrom('device_attributes')
              .select('device_id')
              .where((inner) =>
                inner.or([
                  inner.and([inner('name', '=', 'mac'), inner('value', '=', mac ?? '')]),
                  inner.and([inner('name', '=', 'ip'), inner('value', '=', query)]),
                ]),
              ),
          ),
        ]),
      )
      .orderBy('last_seen', 'desc')
      .execute();
    return (await this.#assemble(devices))[0];
  }

  /**
   * Folds merged devices: an absorbed device found stands for its keeper, and each keeper
   * gathers its absorbed devices (their rows are read with its own; its seen range spans theirs).
   */
  async #withMerges(found: DeviceTable[]) {
    const merges = await this.db.selectFrom('device_merges').select(['absorbed_id', 'keeper_id']).execute();
    const keeperOf = new Map(merges.map((merge) => [merge.absorbed_id, merge.keeper_id]));
    if (merges.length === 0) return { devices: found, keeperOf, absorbed: [] as DeviceTable[] };
    const keeperIds = [...new Set(found.map((device) => keeperOf.get(device.id) ?? device.id))];
    const absorbedIds = merges
      .filter((merge) => keeperIds.includes(merge.keeper_id))
      .map((merge) => merge.absorbed_id);
    const related = await this.db
      .selectFrom('devices')
      .selectAll()
      .where('id', 'in', [...keeperIds, ...absorbedIds])
      .execute();
    const byId = new Map(related.map((device) => [device.id, device]));
    const absorbed = related.filter((device) => keeperOf.has(device.id));
    const devices = keeperIds.map((id) => {
      const keeper = { ...byId.get(id)! };
      for (const member of absorbed.filter((device) => keeperOf.get(device.id) === id)) {
        if (member.first_seen < keeper.first_seen) keeper.first_seen = member.first_seen;
        if (member.last_seen > keeper.last_seen) keeper.last_seen = member.last_seen;
      }
      return keeper;
    });
    return { devices, keeperOf, absorbed };
  }

  /**
   * An analyst's merge: `absorbedId` is shown as part of `keeperId` from now on (devices it had
   * absorbed move with it). Its rows stay its own, so traffic keeps landing on it and a split
   * restores it whole. Recorded in the keeper's history with who and why.
   */
  async mergeDevices(
    keeperId: string,
    absorbedId: string,
    actor: string,
    reason: string | null,
    atMs: number,
  ): Promise<void> {
    if (keeperId === absorbedId) throw new Error('a device cannot be merged into itself');
    const at = isoFromMs(atMs);
    await this.db.transaction().execute(async (transaction) => {
      await transaction
        .updateTable('device_merges')
        .set({ keeper_id: keeperId })
        .where('keeper_id', '=', absorbedId)
        .execute();
      await transaction
        .insertInto('device_merges')
        .values({ absorbed_id: absorbedId, keeper_id: keeperId, at, actor, reason })
        .execute();
      await this.#recordEvents(
        [
          eventRow({
            device_id: keeperId,
            at,
            kind: 'merged',
            attribute: null,
            before: absorbedId,
            after: keeperId,
            actor,
            reason,
            ...noEvidence,
          }),
        ],
        transaction,
      );
    });
  }

  /** Undoes a merge: `absorbedId` is a device of its own again, with all its rows. Returns false when it was not merged into `keeperId`. */
  async splitDevices(
    keeperId: string,
    absorbedId: string,
    actor: string,
    reason: string | null,
    atMs: number,
  ): Promise<boolean> {
    const removed = await this.db
      .deleteFrom('device_merges')
      .where('absorbed_id', '=', absorbedId)
      .where('keeper_id', '=', keeperId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return false;
    await this.#recordEvents([
      eventRow({
        device_id: keeperId,
        at: isoFromMs(atMs),
        kind: 'split',
        attribute: null,
        before: keeperId,
        after: absorbedId,
        actor,
        reason,
        ...noEvidence,
      }),
    ]);
    return true;
  }

  async #assemble(found: DeviceTable[]): Promise<DeviceRecord[]> {
    if (found.length === 0) return [];
    const { devices, keeperOf, absorbed } = await this.#withMerges(found);
    const attributesByDevice = new Map<string, DeviceAttribute[]>();
    const protocolsByDevice = new Map<string, string[]>();
    const findingsByDevice = new Map<string, DeviceFinding[]>();
    for (const ids of chunks(
      [...devices.map((device) => device.id), ...absorbed.map((device) => device.id)],
      500,
    )) {
      // The three reads are independent: on PostgreSQL they run on separate connections at once.
      const [attributeRows, findingRows, protocolRows] = await Promise.all([
        this.db
          .selectFrom('device_attributes')
          .selectAll()
          .where('device_id', 'in', ids)
          .orderBy('device_id')
          .orderBy('name')
          .orderBy('value')
          .orderBy('source')
          .execute(),
        this.db
          .selectFrom('device_findings')
          .selectAll()
          .where('device_id', 'in', ids)
          .orderBy('type')
          .execute(),
        this.db
          .selectFrom('device_protocols')
          .select(['device_id', 'protocol'])
          .where('device_id', 'in', ids)
          .orderBy('protocol')
          .execute(),
      ]);
      for (const row of attributeRows) {
        const owner = keeperOf.get(row.device_id) ?? row.device_id;
        const list = attributesByDevice.get(owner) ?? [];
        list.push({
          name: row.name,
          value: row.value,
          source: row.source,
          confidence: row.confidence,
          firstSeen: row.first_seen,
          lastSeen: row.last_seen,
          evidence: evidenceFromColumns(row),
        });
        attributesByDevice.set(owner, list);
      }
      for (const row of findingRows) {
        const owner = keeperOf.get(row.device_id) ?? row.device_id;
        const list = findingsByDevice.get(owner) ?? [];
        list.push({
          type: row.type,
          severity: row.severity,
          summary: row.summary,
          remedy: row.remedy,
          detail: row.detail,
          firstSeen: row.first_seen,
          lastSeen: row.last_seen,
          evidence: evidenceFromColumns(row),
        });
        findingsByDevice.set(owner, list);
      }
      for (const row of protocolRows) {
        const owner = keeperOf.get(row.device_id) ?? row.device_id;
        const list = protocolsByDevice.get(owner) ?? [];
        if (!list.includes(row.protocol)) list.push(row.protocol);
        protocolsByDevice.set(owner, list);
      }
    }
    const { rules, taxonomy } = defaultClassifier();
    // Online means seen within the silence threshold of the latest traffic the store holds.
    const onlineSince = await this.onlineSince();
    return devices.map((device) => {
      const attributes = attributesByDevice.get(device.id) ?? [];
      const protocols = protocolsByDevice.get(device.id) ?? [];
      const classification = classifyDevice({ attributes, protocols }, rules, taxonomy);
      return {
        id: device.id,
        macs: attributeValues(attributes, 'mac').sort(),
        ips: attributeValues(attributes, 'ip'),
        hostnames: attributeValues(attributes, 'hostname'),
        vendor: attributeValues(attributes, 'vendor')[0] ?? null,
        type: classification.type?.value ?? null,
        category: classification.category?.value ?? null,
        model: attributeValues(attributes, 'model')[0] ?? null,
        firmware: attributeValues(attributes, 'software-version')[0] ?? null,
        manufacturer: attributeValues(attributes, 'manufacturer')[0] ?? null,
        roles: attributeValues(attributes, 'clinical.role'),
        protocols,
        classification,
        assetTag: attributeValues(attributes, 'asset.tag')[0] ?? null,
        // Protocols come only from traffic: a device with none is known from declarations alone.
        seenOnNetwork: protocols.length > 0,
        knownBy: knownByOf(device.identity_key),
        status:
          protocols.length === 0
            ? 'not seen'
            : onlineSince !== undefined && device.last_seen >= onlineSince
              ? 'online'
              : 'offline',
        firstSeen: device.first_seen,
        lastSeen: device.last_seen,
        attributes,
        findings: (findingsByDevice.get(device.id) ?? []).sort(
          (left, right) => severityRank(right.severity) - severityRank(left.severity),
        ),
      };
    });
  }
}

const severityOrder = ['low', 'medium', 'high', 'critical'];

function severityRank(severity: string): number {
  return severityOrder.indexOf(severity);
}

function findingRow(deviceId: string, finding: FindingDraft): DeviceFindingTable {
  return {
    device_id: deviceId,
    type: finding.type,
    severity: finding.severity,
    summary: finding.summary,
    remedy: finding.remedy,
    first_seen: isoFromMs(finding.firstSeenMs),
    last_seen: isoFromMs(finding.lastSeenMs),
    ...evidenceColumns(finding.evidence),
    detail: finding.detail ?? null,
  };
}

function attributeRow(deviceId: string, attribute: AttributeDraft): DeviceAttributeTable {
  return {
    device_id: deviceId,
    name: attribute.name,
    value: attribute.value,
    source: attribute.source,
    confidence: attribute.confidence,
    first_seen: isoFromMs(attribute.firstSeenMs),
    last_seen: isoFromMs(attribute.lastSeenMs),
    ...evidenceColumns(attribute.evidence),
  };
}

/** Drafts that resolved to one device become one draft: a row may be written once per statement. */
function foldSameDevice(drafts: DeviceDraft[]): DeviceDraft[] {
  const byKey = new Map<string, DeviceDraft>();
  for (const draft of drafts) {
    const owner = byKey.get(draft.identityKey);
    if (owner === undefined) byKey.set(draft.identityKey, draft);
    else mergeInto(owner, draft);
  }
  return [...byKey.values()];
}

/** How the device is told apart: its MAC, only its IP address (behind a router), or an asset record. */
function knownByOf(identityKey: string): DeviceRecord['knownBy'] {
  if (identityKey.startsWith('mac:')) return 'mac';
  if (identityKey.startsWith('ip:')) return 'ip';
  return 'asset';
}

/** A history event as a merge or a silence check wrote it, with its device. */
export interface RecordedDeviceEvent extends DeviceEvent {
  deviceId: string;
}

function recordedEventOf(row: DeviceEventTable): RecordedDeviceEvent {
  return {
    deviceId: row.device_id,
    at: row.at,
    kind: row.kind,
    attribute: row.attribute,
    before: row.before,
    after: row.after,
    actor: row.actor,
    reason: row.reason,
    evidence:
      row.evidence_capture === null
        ? null
        : {
            capture: row.evidence_capture,
            packetNumber: Number(row.evidence_packet),
            fileOffset: Number(row.evidence_offset),
          },
  };
}
