import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DeviceDraft } from '../inventory/device-draft.js';
import { compareVersions } from '../inventory/version-order.js';
import { evidenceColumns } from './evidence-columns.js';
import type { DeviceEventTable, VigilDatabase } from './schema.js';
import { stableId } from './stable-id.js';
import { isoFromMs } from './timestamp-text.js';

/**
 * Attributes whose change is worth a line of history: where the device is (a randomised MAC
 * that rotated, an address) and what it runs.
 * Host names are not among them: one device rightly has several (DHCP, DNS, NetBIOS) at once.
 */
const trackedAttributes = ['mac', 'ip', 'manufacturer', 'model', 'software-version'];

/** For events no packet shows: an analyst's change, a silence. */
export const noEvidence = { evidence_capture: null, evidence_packet: null, evidence_offset: null } as const;

/** Content-derived, so the same event recorded twice is one row. */
export function eventId(event: Omit<DeviceEventTable, 'id'>): string {
  const key = [event.device_id, event.kind, event.attribute, event.before, event.after, event.at].join(
    '\u0000',
  );
  return `evt-${createHash('sha256').update(key).digest('hex').slice(0, 20)}`;
}

export function eventRow(event: Omit<DeviceEventTable, 'id'>): DeviceEventTable {
  return { id: eventId(event), ...event };
}

/**
 * What an ingest batch changes in the devices' history, read before the batch is written: new
 * devices, and tracked attributes that gain a value other than the one held (an IP after a
 * renewal, new firmware; firmware that went backwards is its own kind). Compared per attribute
 * with the value that was best supported.
 */
export async function historyOfBatch(
  db: Kysely<VigilDatabase>,
  drafts: readonly DeviceDraft[],
): Promise<DeviceEventTable[]> {
  const ids = drafts.map((draft) => stableId('dev', draft.identityKey));
  if (ids.length === 0) return [];
  const existing = new Set(
    (await db.selectFrom('devices').select('id').where('id', 'in', ids).execute()).map((row) => row.id),
  );
  // An empty IN list is a syntax error on PostgreSQL: a batch of new devices holds nothing to compare.
  const held =
    existing.size === 0
      ? []
      : await db
          .selectFrom('device_attributes')
          .select(['device_id', 'name', 'value', 'confidence', 'first_seen', 'last_seen'])
          .where('device_id', 'in', [...existing])
          .where('name', 'in', trackedAttributes)
          .execute();
  const valuesOf = new Map<string, typeof held>();
  for (const row of held) {
    const key = `${row.device_id}\u0000${row.name}`;
    valuesOf.set(key, [...(valuesOf.get(key) ?? []), row]);
  }
  const events: DeviceEventTable[] = [];
  drafts.forEach((draft, index) => {
    const deviceId = ids[index]!;
    const attributes = [...draft.attributes.values()];
    if (!existing.has(deviceId)) {
      const first = attributes.reduce(
        (earliest, a) => (a.firstSeenMs < earliest.firstSeenMs ? a : earliest),
        attributes[0]!,
      );
      events.push(
        eventRow({
          device_id: deviceId,
          at: isoFromMs(draft.firstSeenMs),
          kind: 'new-device',
          attribute: null,
          before: null,
          after: null,
          actor: 'ingest',
          reason: null,
          ...(first === undefined ? noEvidence : evidenceColumns(first.evidence)),
        }),
      );
    }
    for (const name of trackedAttributes) {
      const previous = valuesOf.get(`${deviceId}\u0000${name}`) ?? [];
      const heldValues = new Set(previous.map((row) => row.value));
      // The value held most recently, then each new one in the order traffic showed them.
      let current = [...previous].sort(
        (a, b) => b.last_seen.localeCompare(a.last_seen) || b.confidence - a.confidence,
      )[0]?.value;
      const seen = attributes.filter((a) => a.name === name).sort((a, b) => a.firstSeenMs - b.firstSeenMs);
      for (const attribute of seen) {
        if (heldValues.has(attribute.value) || attribute.value === current) continue;
        if (current !== undefined) {
          const isDowngrade =
            name === 'software-version' && (compareVersions(attribute.value, current) ?? 0) < 0;
          events.push(
            eventRow({
              device_id: deviceId,
              at: isoFromMs(attribute.firstSeenMs),
              kind: isDowngrade ? 'firmware-downgrade' : 'attribute-changed',
              attribute: name,
              before: current,
              after: attribute.value,
              actor: 'ingest',
              reason: null,
              ...evidenceColumns(attribute.evidence),
            }),
          );
        }
        current = attribute.value;
      }
    }
  });
  return events;
}
