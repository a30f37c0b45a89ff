import type { DetectionConfig } from '../config/detection.js';
import { BoundedMap } from '../detect/bounded-map.js';
import type { FlowRecord } from '../flows/flow-record.js';
import { isHostAddress, isPrivateAddress } from '../inventory/private-address.js';
import type { Evidence, NetworkEndpoint, Observation } from '../observe/observation.js';
import { type FactCategory, partsOfReaches, reachesFact } from './fact-category.js';
import { HostActivity } from './host-activity.js';

const tcpSyn = 0x02;
/** DIMSE requests that read studies out of an archive: queries and retrievals. */
const queryCommands = new Set(['C-FIND-RQ', 'C-MOVE-RQ', 'C-GET-RQ']);
/** Observations recorded together (see `ActivityCollector.observe`). */
const batchSize = 1024;

/**
 * Gathers, from the observations of a run, what each host of the hospital did: the services it
 * answered and opened, the peers on each side, the application operations (DICOM command and SOP
 * class, HL7 message type, FHIR interaction), the names it asked for and the bytes it sent
 * outside per hour. Hosts are kept by address, at most `maxTrackedKeys` of them; the baseline
 * stage ties them to devices at the end of the run.
 *
 * @example
 * const activity = new ActivityCollector(detectionConfig());
 * pipeline sink: (observation) => activity.observe(observation)
 * activity.hosts(); // HostActivity per address
 */
export class ActivityCollector {
  /** Activity by address; `null` marks an address that is no hospital host (public, broadcast), so it is judged once. */
  readonly #hosts: BoundedMap<string, HostActivity | null>;
  /** The AE titles of each DICOM association, by connection, for its commands. */
  readonly #associations: BoundedMap<string, { calling: string; called: string }>;
  readonly #config: Readonly<DetectionConfig>;
  /** `dicom client` and `dicom server` by observation kind, made once rather than per observation. */
  readonly #sides = new Map<string, [string, string]>();
  /** The endpoints of the last observation of each kind (see `#isRepeat`). */
  readonly #lastConnection = new Map<string, { client: NetworkEndpoint; server: NetworkEndpoint }>();
  /** Observations taken in and not yet recorded (see `observe`). */
  readonly #pending: Observation[] = [];
  /** Observations were recorded since the clients were last written from the others' reaches. */
  #hasNewFacts = false;

  constructor(config: Readonly<DetectionConfig>) {
    this.#config = config;
    this.#hosts = new BoundedMap(config.maxTrackedKeys);
    this.#associations = new BoundedMap(config.maxTrackedKeys);
  }

  /** Hosts forgotten because too many were active at once. */
  get evicted(): number {
    this.#drain();
    return this.#hosts.evicted;
  }

  hosts(): HostActivity[] {
    this.#drain();
    const hosts = [...this.#hosts.values()].filter((host): host is HostActivity => host !== null);
    if (this.#hasNewFacts) this.#addClients(hosts);
    this.#hasNewFacts = false;
    return hosts;
  }

  /**
   * Each host's clients, from the others' `reaches`: the same flows seen from the far end, written
   * once per distinct fact here rather than once per flow while packets wait.
   */
  #addClients(hosts: readonly HostActivity[]): void {
    const byAddress = new Map(hosts.map((host) => [host.ip, host]));
    for (const client of hosts)
      for (const [fact, sighting] of client.facts.get('reaches') ?? []) {
        const { service, address } = partsOfReaches(fact);
        const server = byAddress.get(address);
        if (server === undefined) continue;
        server.add(
          'clients',
          `${client.ip} to ${service}`,
          sighting.firstSeenMs,
          sighting.evidence,
          client.ip,
          client.mac,
        );
      }
  }

  /**
   * Takes an observation in. They are recorded a batch at a time: between two packets the hosts'
   * facts have left the processor's caches, and a flow recorded inline cost three times what it
   * costs among a thousand others.
   */
  readonly observe = (observation: Observation): void => {
    if (this.#pending.push(observation) >= batchSize) this.#drain();
  };

  #drain(): void {
    const pending = this.#pending;
    if (pending.length > 0) this.#hasNewFacts = true;
    for (let index = 0; index < pending.length; index += 1) this.#record(pending[index]!);
    pending.length = 0;
  }

  #record(observation: Observation): void {
    if (observation.kind === 'flow.summary') {
      this.#flow(observation.flow, observation.evidence);
      return;
    }
    if ('client' in observation && 'server' in observation && !this.#isRepeat(observation)) {
      const [asClient, asServer] = this.#sidesOf(observation.kind);
      const { client, server, timestampMs, evidence } = observation;
      this.#add(client, 'protocols', asClient, timestampMs, evidence, server);
      this.#add(server, 'protocols', asServer, timestampMs, evidence, client);
    }
    const { timestampMs: at, evidence } = observation;
    switch (observation.kind) {
      case 'dicom.association': {
        if (observation.isAccepted)
          this.#associations.set(connectionOf(observation.client, observation.server), {
            calling: observation.callingAeTitle,
            called: observation.calledAeTitle,
          });
        return;
      }
      case 'dicom.command': {
        if (!observation.isFromInitiator || !observation.command.endsWith('-RQ')) return;
        const { client, server, command } = observation;
        const titles = this.#associations.get(connectionOf(client, server));
        const sop = observation.sopClassName ?? observation.sopClass ?? 'no SOP class';
        this.#add(server, 'dicomOperations', `server ${command} ${sop}`, at, evidence, client);
        this.#add(client, 'dicomOperations', `client ${command} ${sop}`, at, evidence, server);
        if (queryCommands.has(command))
          this.#add(
            server,
            'dicomQueryCallers',
            `${aeTitle(titles?.calling)} at ${client.ip}`,
            at,
            evidence,
            client,
          );
        if (command === 'C-STORE-RQ')
          this.#add(
            client,
            'dicomStoreDestinations',
            `${aeTitle(titles?.called)} at ${server.ip}`,
            at,
            evidence,
            server,
          );
        return;
      }
      case 'hl7.message': {
        if (!observation.isFromInitiator) return;
        const { client, server } = observation;
        const sender = `${observation.sendingApplication || '?'}|${observation.sendingFacility || '?'} at ${client.ip}`;
        this.#add(server, 'hl7Senders', sender, at, evidence, client);
        const type =
          observation.messageType ??
          (observation.messageCode === undefined
            ? undefined
            : `${observation.messageCode}^${observation.triggerEvent ?? ''}`);
        if (type !== undefined) this.#add(server, 'hl7MessageTypes', type, at, evidence, client);
        return;
      }
      case 'fhir.exchange':
        this.#add(
          observation.server,
          'fhirInteractions',
          `${observation.interaction}${observation.resourceType ? ` ${observation.resourceType}` : ''}`,
          at,
          evidence,
          observation.client,
        );
        return;
      case 'telnet.login':
      case 'ftp.login':
        if (observation.isPasswordSent && !(observation.kind === 'ftp.login' && observation.isAnonymous))
          this.#add(
            observation.server,
            'cleartextLogins',
            observation.kind === 'ftp.login' ? 'FTP' : 'telnet',
            at,
            evidence,
            observation.client,
          );
        return;
      case 'http.request':
        if (observation.hasBasicAuthorization)
          this.#add(observation.server, 'cleartextLogins', 'HTTP Basic', at, evidence, observation.client);
        return;
      case 'tls.client-hello':
        if (observation.serverName !== undefined)
          this.#add(
            observation.client,
            'tlsNames',
            observation.serverName.toLowerCase(),
            at,
            evidence,
            observation.server,
          );
        return;
      case 'dns.message':
        if (observation.protocol === 'dns' && observation.isResponse)
          this.#add(
            observation.receiver,
            'dnsServers',
            observation.sender.ip,
            at,
            evidence,
            observation.sender,
          );
        return;
      default:
        return;
    }
  }

  /**
   * Whether the observation is of the same connection as the last of its kind: a connection's
   * dissector reuses its endpoint objects, so an HTTP keep-alive's hundredth request adds nothing
   * the first did not, and is passed over without a lookup.
   */
  #isRepeat(observation: { kind: string; client: NetworkEndpoint; server: NetworkEndpoint }): boolean {
    const last = this.#lastConnection.get(observation.kind);
    if (last !== undefined && last.client === observation.client && last.server === observation.server)
      return true;
    if (last === undefined)
      this.#lastConnection.set(observation.kind, { client: observation.client, server: observation.server });
    else {
      last.client = observation.client;
      last.server = observation.server;
    }
    return false;
  }

  #sidesOf(kind: string): [string, string] {
    let sides = this.#sides.get(kind);
    if (sides === undefined) {
      const family = kind.slice(0, kind.indexOf('.'));
      sides = [`${family} client`, `${family} server`];
      this.#sides.set(kind, sides);
    }
    return sides;
  }

  #flow(flow: FlowRecord, evidence: Evidence): void {
    if (flow.protocol !== 6 && flow.protocol !== 17) return;
    const { initiator, responder } = flow;
    if (!isHostAddress(responder.address) || !isHostAddress(initiator.address)) return;
    const answered =
      flow.protocol === 6 ? (flow.tcpFlagsFromResponder & tcpSyn) !== 0 : flow.packetsFromResponder > 0;
    const initiatorInside = isPrivateAddress(initiator.address);
    const responderInside = isPrivateAddress(responder.address);
    const sentOut = initiatorInside && !responderInside && flow.bytesFromInitiator > 0;
    const sentIn = responderInside && !initiatorInside && flow.bytesFromResponder > 0;
    // Each end's activity is looked up once per flow, and only where there is something to write:
    // an unanswered probe makes no activity for its target, nor for its (perhaps spoofed) source.
    const from =
      initiatorInside && (answered || sentOut) ? this.#hostAt(initiator.address, initiator.mac) : undefined;
    const to =
      responderInside && (answered || sentIn) ? this.#hostAt(responder.address, responder.mac) : undefined;
    const at = flow.firstSeenMs;
    if (answered) {
      const service = serviceName(flow.protocol, responder.port);
      if (from !== undefined) {
        if (responderInside) {
          if (from.isFull('reaches')) from.dropped += 1;
          else
            from.add(
              'reaches',
              reachesFact(service, responder.address),
              at,
              evidence,
              responder.address,
              responder.mac,
            );
        } else from.add('outsidePeers', responder.address, at, evidence, responder.address, responder.mac);
      }
      if (to !== undefined) {
        to.add('serves', service, at, evidence);
      }
    }
    if (sentOut)
      from?.sentOutside(
        responder.address,
        flow.bytesFromInitiator,
        flow.firstSeenMs,
        flow.lastSeenMs,
        evidence,
      );
    if (sentIn)
      to?.sentOutside(
        initiator.address,
        flow.bytesFromResponder,
        flow.firstSeenMs,
        flow.lastSeenMs,
        evidence,
      );
  }

  #add(
    end: NetworkEndpoint,
    category: FactCategory,
    fact: string,
    atMs: number,
    evidence: Evidence,
    peer?: NetworkEndpoint,
  ): void {
    this.#hostAt(end.ip, end.mac)?.add(category, fact, atMs, evidence, peer?.ip, peer?.mac);
  }

  /** The activity of a hospital host; none for public addresses, which are not devices. */
  #hostAt(ip: string, mac: string | undefined): HostActivity | undefined {
    const known = this.#hosts.get(ip);
    if (known === null) return undefined;
    let host: HostActivity | undefined = known;
    if (host === undefined) {
      if (!isPrivateAddress(ip) || !isHostAddress(ip)) {
        this.#hosts.set(ip, null);
        return undefined;
      }
      host = new HostActivity(ip, this.#config.maxBaselineFactsPerCategory, this.#config.maxBaselineHours);
      this.#hosts.set(ip, host);
    }
    if (mac !== undefined) host.mac = mac;
    return host;
  }
}

/** `tcp/443`, `udp/161`: made once per port rather than per flow. */
const serviceNames = [new Map<number, string>(), new Map<number, string>()];
function serviceName(protocol: number, port: number): string {
  const names = serviceNames[protocol === 6 ? 0 : 1]!;
  let name = names.get(port);
  if (name === undefined) {
    name = `${protocol === 6 ? 'tcp' : 'udp'}/${port}`;
    names.set(port, name);
  }
  return name;
}

function connectionOf(client: NetworkEndpoint, server: NetworkEndpoint): string {
  return `${client.ip}:${client.port}>${server.ip}:${server.port}`;
}

function aeTitle(title: string | undefined): string {
  return title === undefined ? 'an unknown AE' : `"${title.trim()}"`;
}
