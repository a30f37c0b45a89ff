import { deviceSubject, typeSubject } from '../baseline/baseline.js';
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
 * A communication profile from the store: the conversations of the subject's addresses (one
 * grouped query), summed per peer, direction and service, each peer tied to the device that owns
 * it, and the operations the subject's latest baseline holds. The subject is a device, or a group
 * of devices (a type: its members' flows and the type's baseline). Nothing here is patient data:
 * addresses, ports, counts, message types.
 *
 * @example
 * const profile = await commsProfile(store, deviceSubjectOf(device)); // { services: [{ direction: 'out', peer: { name: 'pacs' }, protocol: 'tcp', port: 104, … }] }
 */
export async function commsProfile(
  store: Store,
  subject: { id: string; name: string; devices: readonly DeviceRecord[]; baseline: string },
): Promise<CommsProfile> {
  const own = new Set(subject.devices.flatMap((device) => device.ips));
  const conversations = (await store.flows.conversations({}, [...own])).filter(
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
  const summed = new Map<string, ServiceUse>();
  for (const conversation of conversations) {
    const direction: ServiceUse['direction'] = !own.has(conversation.initiator)
      ? 'in'
      : own.has(conversation.responder)
        ? 'within'
        : 'out';
    const address = direction === 'in' ? conversation.initiator : conversation.responder;
    const protocol = protocolName(conversation.protocol);
    const key = `${direction} ${address} ${protocol} ${conversation.port}`;
    const member = direction === 'in' ? conversation.responder : conversation.initiator;
    const known = summed.get(key);
    if (known !== undefined) {
      known.flows += conversation.flows;
      known.packets += conversation.packets;
      known.bytes += conversation.bytes;
      if (conversation.firstSeen < known.firstSeen) known.firstSeen = conversation.firstSeen;
      if (conversation.lastSeen > known.lastSeen) known.lastSeen = conversation.lastSeen;
      if (!known.memberAddresses.includes(member)) known.memberAddresses.push(member);
      continue;
    }
    const owner = owners.get(address);
    summed.set(key, {
      direction,
      peer: {
        address,
        deviceId: owner?.id ?? null,
        name: owner === undefined ? null : (named.get(owner.id) ?? null),
      },
      protocol,
      port: conversation.port,
      memberAddresses: [member],
      flows: conversation.flows,
      packets: conversation.packets,
      bytes: conversation.bytes,
      firstSeen: conversation.firstSeen,
      lastSeen: conversation.lastSeen,
    });
  }
  const services = [...summed.values()].sort(
    (a, b) => b.flows - a.flows || b.bytes - a.bytes || a.peer.address.localeCompare(b.peer.address),
  );
  const baseline = (await store.baselines.latest([subject.baseline])).get(subject.baseline);
  const operations: CommsProfile['operations'] = {};
  for (const category of operationCategories) {
    const facts = baseline?.profile.facts[category];
    if (facts !== undefined && facts.length > 0) operations[category] = facts;
  }
  const times = services.flatMap((service) => [service.firstSeen, service.lastSeen]).sort();
  return {
    subject: subject.id,
    name: subject.name,
    devices: subject.devices.length,
    addresses: [...own],
    totals: {
      peers: peers.filter((peer) => !own.has(peer)).length,
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

/** One device as the subject of a profile, with its own baseline. */
export function deviceCommsSubject(device: DeviceRecord) {
  return {
    id: device.id,
    name: device.hostnames[0] ?? `${device.type ?? 'device'} ${device.ips[0] ?? device.macs[0] ?? ''}`.trim(),
    devices: [device],
    baseline: deviceSubject(device.id),
  };
}

/** The devices of one type as the subject of a profile, with the type's baseline. */
export function typeCommsSubject(type: string, devices: readonly DeviceRecord[]) {
  return {
    id: typeSubject(type),
    name: type,
    devices: devices.filter((device) => device.type === type),
    baseline: typeSubject(type),
  };
}
