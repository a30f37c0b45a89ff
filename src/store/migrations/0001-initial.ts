import type { Kysely, Migration } from 'kysely';

/** Devices with their evidenced attributes and protocols, aggregated flows, and ingest runs. */
export const initialMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('devices')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('identity_key', 'text', (column) => column.notNull().unique())
      .addColumn('first_seen', 'text', (column) => column.notNull())
      .addColumn('last_seen', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('device_attributes')
      .addColumn('device_id', 'text', (column) =>
        column.notNull().references('devices.id').onDelete('cascade'),
      )
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('value', 'text', (column) => column.notNull())
      .addColumn('source', 'text', (column) => column.notNull())
      .addColumn('confidence', 'double precision', (column) => column.notNull())
      .addColumn('first_seen', 'text', (column) => column.notNull())
      .addColumn('last_seen', 'text', (column) => column.notNull())
      .addColumn('evidence_capture', 'text', (column) => column.notNull())
      .addColumn('evidence_packet', 'bigint', (column) => column.notNull())
      .addColumn('evidence_offset', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('device_attributes_pk', ['device_id', 'name', 'value', 'source'])
      .execute();
    await db.schema
      .createIndex('device_attributes_by_value')
      .on('device_attributes')
      .columns(['name', 'value'])
      .execute();
    await db.schema
      .createTable('device_protocols')
      .addColumn('device_id', 'text', (column) =>
        column.notNull().references('devices.id').onDelete('cascade'),
      )
      .addColumn('protocol', 'text', (column) => column.notNull())
      .addColumn('first_seen', 'text', (column) => column.notNull())
      .addColumn('last_seen', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('device_protocols_pk', ['device_id', 'protocol'])
      .execute();
    await db.schema
      .createTable('flows')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('ip_version', 'integer', (column) => column.notNull())
      .addColumn('protocol', 'integer', (column) => column.notNull())
      .addColumn('vlan_id', 'integer', (column) => column.notNull())
      .addColumn('initiator_address', 'text', (column) => column.notNull())
      .addColumn('initiator_port', 'integer', (column) => column.notNull())
      .addColumn('initiator_mac', 'text')
      .addColumn('responder_address', 'text', (column) => column.notNull())
      .addColumn('responder_port', 'integer', (column) => column.notNull())
      .addColumn('responder_mac', 'text')
      .addColumn('packets_from_initiator', 'bigint', (column) => column.notNull())
      .addColumn('bytes_from_initiator', 'bigint', (column) => column.notNull())
      .addColumn('packets_from_responder', 'bigint', (column) => column.notNull())
      .addColumn('bytes_from_responder', 'bigint', (column) => column.notNull())
      .addColumn('tcp_flags_from_initiator', 'integer', (column) => column.notNull())
      .addColumn('tcp_flags_from_responder', 'integer', (column) => column.notNull())
      .addColumn('first_seen', 'text', (column) => column.notNull())
      .addColumn('last_seen', 'text', (column) => column.notNull())
      .addColumn('end_reason', 'text', (column) => column.notNull())
      .addColumn('evidence_capture', 'text', (column) => column.notNull())
      .addColumn('evidence_packet', 'bigint', (column) => column.notNull())
      .addColumn('evidence_offset', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('flows_by_first_seen').on('flows').column('first_seen').execute();
    await db.schema
      .createTable('ingest_runs')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('source', 'text', (column) => column.notNull())
      .addColumn('format', 'text', (column) => column.notNull())
      .addColumn('packets', 'bigint', (column) => column.notNull())
      .addColumn('bytes', 'bigint', (column) => column.notNull())
      .addColumn('flows', 'integer', (column) => column.notNull())
      .addColumn('devices', 'integer', (column) => column.notNull())
      .addColumn('observations', 'integer', (column) => column.notNull())
      .addColumn('malformed', 'integer', (column) => column.notNull())
      .addColumn('capture_errors', 'integer', (column) => column.notNull())
      .addColumn('capture_first_seen', 'text')
      .addColumn('capture_last_seen', 'text')
      .addColumn('ingested_at', 'text', (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['ingest_runs', 'flows', 'device_protocols', 'device_attributes', 'devices']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
