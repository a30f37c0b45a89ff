import { isLocallyAdministeredMac } from '../decode/address-format.js';
import type {
  ArpBindingObservation,
  DhcpMessageObservation,
  Evidence,
  FlowSummaryObservation,
  Observation,
} from '../observe/observation.js';
import { attributeConfidence } from './attribute-confidence.js';
import type { DeviceDraft } from './device-draft.js';
import type { OuiRegistry } from './oui-registry.js';

/**
 * Folds observations into per-device drafts keyed by MAC. Every attribute keeps its source,
 * confidence, first and last seen time and the packet that first showed it.
 *
 * @example
 * const builder = new InventoryBuilder(OuiRegistry.load());
 * for (const observation of observations) builder.observe(observation);
 * await store.devices.merge(builder.devices());
 */
export class InventoryBuilder {
  readonly #devices = new Map<string, DeviceDraft>();

  constructor(readonly ouiRegistry: OuiRegistry) {}

  observe(observation: Observation): void {
    switch (observation.kind) {
      case 'arp.binding':
        this.#observeArp(observation);
        break;
      case 'dhcp.message':
        this.#observeDhcp(observation);
        break;
      case 'flow.summary':
        this.#observeFlow(observation);
        break;
    }
  }

  devices(): DeviceDraft[] {
    return [...this.#devices.values()];
  }

  #observeArp(observation: ArpBindingObservation): void {
    const device = this.#deviceForMac(observation.mac, observation);
    this.#addProtocol(device, 'arp', observation.timestampMs);
    if (observation.ip !== undefined) {
      this.#addAttribute(
        device,
        'ip',
        observation.ip,
        'arp.binding',
        attributeConfidence.ipFromArp,
        observation,
      );
    }
  }

  #observeDhcp(observation: DhcpMessageObservation): void {
    const client = this.#deviceForMac(observation.clientMac, observation);
    this.#addProtocol(client, 'dhcp', observation.timestampMs);
    const add = (name: string, value: string | undefined, confidence: number) => {
      if (value !== undefined)
        this.#addAttribute(client, name, value, 'dhcp.message', confidence, observation);
    };
    if (observation.isFromClient) {
      add('hostname', observation.hostname, attributeConfidence.hostnameFromClient);
      add('hostname', observation.fqdn, attributeConfidence.hostnameFromClient);
      add('ip', observation.clientIp, attributeConfidence.ipFromDhcpClient);
      add('dhcp.vendor-class', observation.vendorClass, attributeConfidence.dhcpClientOption);
      add('dhcp.client-id', observation.clientId, attributeConfidence.dhcpClientOption);
      add('dhcp.fqdn', observation.fqdn, attributeConfidence.dhcpClientOption);
      add(
        'dhcp.parameter-request-list',
        observation.parameterRequestList?.join(','),
        attributeConfidence.dhcpClientOption,
      );
      add('dhcp.requested-ip', observation.requestedIp, attributeConfidence.requestedAddress);
      add('dhcp.server-id', observation.serverId, attributeConfidence.dhcpClientOption);
      return;
    }
    add('ip', observation.leasedIp, attributeConfidence.ipFromDhcpAck);
    add('hostname', observation.hostname, attributeConfidence.hostnameFromServer);
    add('dhcp.server-id', observation.serverId, attributeConfidence.ipFromDhcpServer);
    // A relayed reply comes from the relay's MAC; only a direct one identifies the server.
    if (
      observation.relayIp === undefined &&
      observation.senderMac !== undefined &&
      observation.senderMac !== observation.clientMac
    ) {
      const server = this.#deviceForMac(observation.senderMac, observation);
      this.#addProtocol(server, 'dhcp', observation.timestampMs);
      const serverIp = observation.serverId ?? observation.senderIp;
      if (serverIp) {
        this.#addAttribute(
          server,
          'ip',
          serverIp,
          'dhcp.message',
          attributeConfidence.ipFromDhcpServer,
          observation,
        );
      }
      this.#addAttribute(
        server,
        'role',
        'dhcp-server',
        'dhcp.message',
        attributeConfidence.roleFromBehaviour,
        observation,
      );
    }
  }

  /** Traffic extends the last-seen time of devices already known by MAC; it creates none (routers carry many IPs). */
  #observeFlow(observation: FlowSummaryObservation): void {
    for (const endpoint of [observation.flow.initiator, observation.flow.responder]) {
      const device = endpoint.mac === undefined ? undefined : this.#devices.get(`mac:${endpoint.mac}`);
      if (device !== undefined && observation.flow.lastSeenMs > device.lastSeenMs) {
        device.lastSeenMs = observation.flow.lastSeenMs;
      }
    }
  }

  #deviceForMac(mac: string, observation: Observation): DeviceDraft {
    const identityKey = `mac:${mac}`;
    let device = this.#devices.get(identityKey);
    if (device === undefined) {
      device = {
        identityKey,
        firstSeenMs: observation.timestampMs,
        lastSeenMs: observation.timestampMs,
        attributes: new Map(),
        protocols: new Map(),
      };
      this.#devices.set(identityKey, device);
    }
    this.#addAttribute(
      device,
      'mac',
      mac,
      observation.kind,
      attributeConfidence.macFromLinkLayer,
      observation,
    );
    const firstOctet = Number.parseInt(mac.slice(0, 2), 16);
    if (isLocallyAdministeredMac(firstOctet)) {
      // Randomised (private) addresses belong to no registry: a lookup would name a stranger.
      this.#addAttribute(
        device,
        'mac.locally-administered',
        'true',
        'mac-address',
        attributeConfidence.macFlag,
        observation,
      );
    } else {
      const assignment = this.ouiRegistry.lookup(mac);
      if (
        assignment !== undefined &&
        assignment.organization !== '' &&
        assignment.organization !== 'Private'
      ) {
        this.#addAttribute(
          device,
          'vendor',
          assignment.organization,
          `ieee-oui:${assignment.registry}`,
          attributeConfidence.vendorFromOui,
          observation,
        );
      }
    }
    return device;
  }

  #addAttribute(
    device: DeviceDraft,
    name: string,
    value: string,
    source: string,
    confidence: number,
    observation: { timestampMs: number; evidence: Evidence },
  ): void {
    const key = `${name}\u0000${value}\u0000${source}`;
    const existing = device.attributes.get(key);
    const at = observation.timestampMs;
    if (existing === undefined) {
      device.attributes.set(key, {
        name,
        value,
        source,
        confidence,
        firstSeenMs: at,
        lastSeenMs: at,
        evidence: observation.evidence,
      });
    } else {
      if (at < existing.firstSeenMs) {
        existing.firstSeenMs = at;
        existing.evidence = observation.evidence;
      }
      if (at > existing.lastSeenMs) existing.lastSeenMs = at;
    }
    if (at < device.firstSeenMs) device.firstSeenMs = at;
    if (at > device.lastSeenMs) device.lastSeenMs = at;
  }

  #addProtocol(device: DeviceDraft, protocol: string, at: number): void {
    const existing = device.protocols.get(protocol);
    if (existing === undefined) device.protocols.set(protocol, { protocol, firstSeenMs: at, lastSeenMs: at });
    else {
      existing.firstSeenMs = Math.min(existing.firstSeenMs, at);
      existing.lastSeenMs = Math.max(existing.lastSeenMs, at);
    }
  }
}
