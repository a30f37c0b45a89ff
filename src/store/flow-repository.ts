import { type Kysely, sql } from 'kysely';
import type { FlowRecord } from '../flows/flow-record.js';
import type { ActivityFlow } from '../govern/maintenance/utilisation.js';
import type { Evidence } from '../observe/observation.js';
import { chunks } from './chunks.js';
import { evidenceColumns, evidenceFromColumns } from './evidence-columns.js';
import type { AddressPairTable, FlowTable as FlowRow, VigilDatabase } from './schema.js';
import { stableId } from './stable-id.js';
import { isoFromMs } from './timestamp-text.js';

/** A stored flow as `vigil flows --json` prints it. */
export interface StoredFlow {
  id: string;
  ipVersion: number;
  protocol: number;
  vlanId: number;
  initiator: { address: string; port: number; mac: string | null };
  responder: { address: string; port: number; mac: string | null };
  packetsFromInitiator: number;
  bytesFromInitiator: number;
  packetsFromResponder: number;
  bytesFromResponder: number;
  tcpFlagsFromInitiator: number;
  tcpFlagsFromResponder: number;
  firstSeen: string;
  lastSeen: string;
  endReason: string;
  evidence: Evidence;
}

/**
 * Aggregated flows. A flow's id is derived from its endpoints and first packet time, so the same
 * capture ingested again writes the same rows.
 *
 * @example
 * await store.flows.insert(records, 'trace.pcap');
 */
export class FlowRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  /**
   * Stores flows. Two addresses a flow joins for the first time change the risk of their devices
   * (their peers, the Internet, untrusted networks): those devices are stamped as committed and
   * changed, so that a live server rebuilds their rows (see migration 0029).
   */
  async insert(entries: readonly { flow: FlowRecord; evidence: Evidence }[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map(({ flow, evidence }) => toRow(flow, evidence));
    const pairs = new Map<string, AddressPairTable>();
    for (const row of rows)
      pairs.set(`${row.initiator_address} ${row.responder_address}`, {
        initiator_address: row.initiator_address,
        responder_address: row.responder_address,
      });
    await this.db.transaction().execute(async (transaction) => {
      for (const chunk of chunks(rows, 500)) {
        await transaction
          .insertInto('flows')
          .values(chunk)
          .onConflict((conflict) => conflict.column('id').doNothing())
          .execute();
      }
      const joined = new Set<string>();
      for (const chunk of chunks([...pairs.values()], 500)) {
        const added = await transaction
          .insertInto('address_pairs')
          .values(chunk)
          .onConflict((conflict) => conflict.columns(['initiator_address', 'responder_address']).doNothing())
          .returning(['initiator_address', 'responder_address'])
          .execute();
        for (const pair of added) joined.add(pair.initiator_address).add(pair.responder_address);
      }
      const stampedAt = new Date().toISOString();
      for (const addresses of chunks([...joined], 500))
        await transaction
          .updateTable('devices')
          .set({ committed_at: stampedAt, changed_at: stampedAt })
          .where('id', 'in', (query) =>
            query
              .selectFrom('device_attributes')
              .select('device_id')
              .where('name', '=', 'ip')
              .where('value', 'in', addresses),
          )
          .execute();
    });
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('flows')
      .select((expression) => expression.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /**
   * Who opened connections to whom: each distinct initiator and responder address pair; only the
   * pairs one of `addresses` is in when they are given.
   */
  /**
   * Flows per initiator, responder, transport and responder port: who reached whom over which
   * service, for the zone map's labels and its crossings. One grouped query.
   */
  async services(): Promise<
    { initiator: string; responder: string; protocol: number; port: number; flows: number }[]
  > {
    const rows = await this.db
      .selectFrom('flows')
      .select(({ fn }) => [
        'initiator_address',
        'responder_address',
        'protocol',
        'responder_port',
        fn.countAll<number>().as('flows'),
      ])
      .groupBy(['initiator_address', 'responder_address', 'protocol', 'responder_port'])
      .execute();
    return rows.map((row) => ({
      initiator: row.initiator_address,
      responder: row.responder_address,
      protocol: Number(row.protocol),
      port: Number(row.responder_port),
      flows: Number(row.flows),
    }));
  }

  async addressPairs(addresses?: readonly string[]): Promise<{ initiator: string; responder: string }[]> {
    // Each pair once, as the flows joined them (see `insert`): not a scan of every flow.
    const query = this.db.selectFrom('address_pairs').select(['initiator_address', 'responder_address']);
    const rows =
      addresses === undefined
        ? await query.execute()
        : (
            await Promise.all(
              [...chunks([...new Set(addresses)], 500)].map((batch) =>
                query
                  .where((expression) =>
                    expression.or([
                      expression('initiator_address', 'in', batch),
                      expression('responder_address', 'in', batch),
                    ]),
                  )
                  .execute(),
              ),
            )
          ).flat();
    const pairs = new Map<string, { initiator: string; responder: string }>();
    for (const row of rows)
      pairs.set(`${row.initiator_address} ${row.responder_address}`, {
        initiator: row.initiator_address,
        responder: row.responder_address,
      });
    return [...pairs.values()];
  }

  /**
   * Every flow to or from any of `addresses`, reduced to what utilisation reads (ports, times,
   * bytes), one batch of addresses at a time: the cost grows with those devices' flows, by index.
   */
  async *activityOf(addresses: readonly string[]): AsyncGenerator<ActivityFlow> {
    for (const batch of chunks([...new Set(addresses)], 200)) {
      const rows = await this.db
        .selectFrom('flows')
        .select([
          'initiator_address',
          'responder_address',
          'protocol',
          'initiator_port',
          'responder_port',
          'first_seen',
          'last_seen',
          'bytes_from_initiator',
          'bytes_from_responder',
        ])
        .where((expression) =>
          expression.or([
            expression('initiator_address', 'in', batch),
            expression('responder_address', 'in', batch),
          ]),
        )
        .execute();
      for (const row of rows)
        yield {
          initiatorAddress: row.initiator_address,
          responderAddress: row.responder_address,
          protocol: row.protocol,
          initiatorPort: row.initiator_port,
          responderPort: row.responder_port,
          firstSeenMs: Date.parse(row.first_seen),
          lastSeenMs: Date.parse(row.last_seen),
          bytes: Number(row.bytes_from_initiator) + Number(row.bytes_from_responder),
        };
    }
  }

  /** The latest flows to or from any of `addresses`, newest first, at most `limit`. */
  async ofAddresses(addresses: readonly string[], limit: number): Promise<StoredFlow[]> {
    if (addresses.length === 0) return [];
    const rows = await this.db
      .selectFrom('flows')
      .selectAll()
      .where((expression) =>
        expression.or([
          expression('initiator_address', 'in', addresses),
          expression('responder_address', 'in', addresses),
        ]),
      )
      .orderBy('first_seen', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }

  /**
   * Who opened what to whom within a window (by first packet, ISO bounds, both optional): one row
   * per initiator, responder, transport and responder port, with its flows, packets and bytes
   * summed, for policy learned from the store and a device's communication profile. One grouped
   * query.
   */
  async conversations(
    window: { since?: string; until?: string } = {},
    /** Only the conversations one of these addresses is in, as initiator or responder. */
    addresses?: readonly string[],
  ): Promise<
    {
      initiator: string;
      responder: string;
      protocol: number;
      port: number;
      flows: number;
      packets: number;
      bytes: number;
      firstSeen: string;
      lastSeen: string;
      /** Some flow of it was answered (see `PolicyFlow.answered`). */
      answered: boolean;
    }[]
  > {
    let query = this.db
      .selectFrom('flows')
      .select(({ fn }) => [
        'initiator_address',
        'responder_address',
        'protocol',
        'responder_port',
        fn.countAll<number>().as('flows'),
        fn.sum<number>('packets_from_initiator').as('packets_out'),
        fn.sum<number>('packets_from_responder').as('packets_in'),
        fn.sum<number>('bytes_from_initiator').as('bytes_out'),
        fn.sum<number>('bytes_from_responder').as('bytes_in'),
        fn.min('first_seen').as('first_seen'),
        fn.max('last_seen').as('last_seen'),
        // Answered as src/segment/policy-flow.ts's isAnswered: TCP accepted (SYN-ACK) or more than
        // resets from the responder; any other transport.
        fn
          .max(
            sql<number>`case when protocol <> 6 or (tcp_flags_from_responder & 2) <> 0 or (packets_from_responder > 0 and (tcp_flags_from_responder | 16) <> 20) then 1 else 0 end`,
          )
          .as('answered'),
      ])
      .groupBy(['initiator_address', 'responder_address', 'protocol', 'responder_port']);
    if (window.since !== undefined) query = query.where('first_seen', '>=', window.since);
    if (window.until !== undefined) query = query.where('first_seen', '<', window.until);
    if (addresses !== undefined)
      query = query.where((expression) =>
        expression.or([
          expression('initiator_address', 'in', addresses.length > 0 ? [...addresses] : ['']),
          expression('responder_address', 'in', addresses.length > 0 ? [...addresses] : ['']),
        ]),
      );
    const rows = await query.execute();
    return rows.map((row) => ({
      initiator: row.initiator_address,
      responder: row.responder_address,
      protocol: Number(row.protocol),
      port: Number(row.responder_port),
      flows: Number(row.flows),
      packets: Number(row.packets_out) + Number(row.packets_in),
      bytes: Number(row.bytes_out) + Number(row.bytes_in),
      firstSeen: String(row.first_seen),
      lastSeen: String(row.last_seen),
      answered: Number(row.answered) > 0,
    }));
  }

  /** The flows in order of first packet, at most `limit`. */
  async list(limit: number): Promise<StoredFlow[]> {
    const rows = await this.db
      .selectFrom('flows')
      .selectAll()
      .orderBy('first_seen')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }
}

function toRow(flow: FlowRecord, evidence: Evidence): FlowRow {
  const firstSeen = isoFromMs(flow.firstSeenMs);
  const key = [
    flow.vlanId,
    flow.protocol,
    flow.initiator.address,
    flow.initiator.port,
    flow.responder.address,
    flow.responder.port,
    firstSeen,
  ].join('|');
  return {
    id: stableId('flow', key, 20),
    ip_version: flow.ipVersion,
    protocol: flow.protocol,
    vlan_id: flow.vlanId,
    initiator_address: flow.initiator.address,
    initiator_port: flow.initiator.port,
    initiator_mac: flow.initiator.mac ?? null,
    responder_address: flow.responder.address,
    responder_port: flow.responder.port,
    responder_mac: flow.responder.mac ?? null,
    packets_from_initiator: flow.packetsFromInitiator,
    bytes_from_initiator: flow.bytesFromInitiator,
    packets_from_responder: flow.packetsFromResponder,
    bytes_from_responder: flow.bytesFromResponder,
    tcp_flags_from_initiator: flow.tcpFlagsFromInitiator,
    tcp_flags_from_responder: flow.tcpFlagsFromResponder,
    first_seen: firstSeen,
    last_seen: isoFromMs(flow.lastSeenMs),
    end_reason: flow.endReason,
    ...evidenceColumns(evidence),
  };
}

function fromRow(row: FlowRow): StoredFlow {
  return {
    id: row.id,
    ipVersion: row.ip_version,
    protocol: row.protocol,
    vlanId: row.vlan_id,
    initiator: { address: row.initiator_address, port: row.initiator_port, mac: row.initiator_mac },
    responder: { address: row.responder_address, port: row.responder_port, mac: row.responder_mac },
    packetsFromInitiator: row.packets_from_initiator,
    bytesFromInitiator: row.bytes_from_initiator,
    packetsFromResponder: row.packets_from_responder,
    bytesFromResponder: row.bytes_from_responder,
    tcpFlagsFromInitiator: row.tcp_flags_from_initiator,
    tcpFlagsFromResponder: row.tcp_flags_from_responder,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    endReason: row.end_reason,
    evidence: evidenceFromColumns(row),
  };
}
