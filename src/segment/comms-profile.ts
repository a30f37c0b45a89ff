import { deviceSubject } from '../baseline/baseline.js';
import type { FactCategory } from '../baseline/fact-category.js';
import type { DeviceRecord } from '../inventory/device-record.js';
import type { Store } from '../store/open-store.js';
import type { CommsProfile, ServiceUse } from './comms.js';
import { isRouted, protocolName } from './protocol-names.js';

/** The baseline categories that say which application operations a device took part in. */
const operationCategories: readonly FactCategory[] = [
  'protocols',
  'dicomOperations',
  'dicomStoreDestinations',
  'dicomQueryCallers',
  'hl7MessageTypes',
  'hl7Senders',
  'fhirInteractions',
  'tlsNames',
];

/**
 * A device's communication profile from the store: its conversations (one grouped query over the
 * flows of its addresses), each peer tied to the device that owns it, and the operations its
 * latest baseline holds. Nothing here is patient data: addresses, ports, counts, message types.
 *
 * @example
 * const profile = await commsProfile(store, device); // { services: [{ direction: 'out', peer: { name: 'pacs' }, protocol: 'tcp', port: 104, … }] }
 */
export async function commsProfile(store: Store, device: DeviceRecord): Promise<CommsProfile> {
  const own = new Set(device.ips);
  const conversations = (await store.flows.conversations({}, device.ips)).filter(
    (conversation) => isRouted(conversation.initiator) && isRouted(conversation.responder),
  );
  const peers = [
    ...new Set(
      conversations.map((conversation) =>
        own.has(conversation.initiator) ? conversation.responder : conversation.initiator,
      ),
    ),
  ];
  const owners = await store.devices.ownersOfAddresses(peers);
  const named = new Map(
    (await store.devices.getMany([...new Set([...owners.values()].map((owner) => owner.id))])).map(
      (record) => [record.id, record.hostnames[0] ?? record.type ?? record.id],
    ),
  );
  const services: ServiceUse[] = conversations
    .map((conversation) => {
      const direction: ServiceUse['direction'] = own.has(conversation.initiator) ? 'out' : 'in';
      const address = direction === 'out' ? conversation.responder : conversation.initiator;
      const owner = owners.get(address);
      return {
        direction,
        peer: {
          address,
          deviceId: owner?.id ?? null,
          name: owner === undefined ? null : (named.get(owner.id) ?? null),
        },
        protocol: protocolName(conversation.protocol),
        port: conversation.port,
        flows: conversation.flows,
        packets: conversation.packets,
        bytes: conversation.bytes,
        firstSeen: conversation.firstSeen,
        lastSeen: conversation.lastSeen,
      };
    })
    .sort((a, b) => b.flows - a.flows || b.bytes - a.bytes || a.peer.address.localeCompare(b.peer.address));
  const baseline = (await store.baselines.latest([deviceSubject(device.id)])).get(deviceSubject(device.id));
  const operations: CommsProfile['operations'] = {};
  for (const category of operationCategories) {
    const facts = baseline?.profile.facts[category];
    if (facts !== undefined && facts.length > 0) operations[category] = facts;
  }
  const times = services.flatMap((service) => [service.firstSeen, service.lastSeen]).sort();
  return {
    deviceId: device.id,
    name: device.hostnames[0] ?? `${device.type ?? 'device'} ${device.ips[0] ?? device.macs[0] ?? ''}`.trim(),
    addresses: device.ips,
    totals: {
      peers: peers.length,
      flows: services.reduce((sum, service) => sum + service.flows, 0),
      packets: services.reduce((sum, service) => sum + service.packets, 0),
      bytes: services.reduce((sum, service) => sum + service.bytes, 0),
    },
    firstSeen: times[0] ?? null,
    lastSeen: times.at(-1) ?? null,
    services,
    operations,
  };
}
