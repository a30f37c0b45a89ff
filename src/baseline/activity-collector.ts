import type { DetectionConfig } from '../config/detection.js';
import { BoundedMap } from '../detect/bounded-map.js';
import type { FlowRecord } from '../flows/flow-record.js';
import { isHostAddress, isPrivateAddress } from '../inventory/private-address.js';
import type { Evidence, NetworkEndpoint, Observation } from '../observe/observation.js';
import { clientsFact, type FactCategory, reachesFact } from './fact-category.js';
import { HostActivity } from './host-activity.js';
import { ipv4Number, ipv4Text, ReachTable } from './reach-table.js';

const tcpSyn = 0x02;
/** DIMSE requests that read studies out of an archive: queries and retrievals. */
const queryCommands = new Set(['C-FIND-RQ', 'C-MOVE-RQ', 'C-GET-RQ']);
/** Kinds whose every observation may add a fact beyond its protocols (see `#record`). */
const factKinds = new Set<Observation['kind']>([
  'dicom.association',
  'dicom.command',
  'hl7.message',
  'fhir.exchange',
  'telnet.login',
  'ftp.login',
  'tls.client-hello',
  'dns.message',
]);
/**
 * `reaches` held as numbers before they are written out to their hosts: the table stays at 3 MB,
 * small enough that its random writes stay in the processor's cache; a fact met again after the
 * write-out is found among its host's facts instead.
 */
const maxPendingReaches = 32_768;
/** Observations recorded together (see `ActivityCollector.observe`). */
const batchSize = 64;

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
  /** The `reaches` of IPv4 hosts as numbers until read (see `ReachTable`). */
  readonly #reaches = new ReachTable();
  /** `dicom client` and `dicom server` by observation kind and by family, made once rather than per observation. */
  readonly #sides = new Map<string, readonly [string, string]>();
  /** The endpoints of the last observation of each protocol family (see `#isRepeat`). */
  readonly #lastConnection = new Map<
    readonly [string, string],
    { client: NetworkEndpoint; server: NetworkEndpoint }
  >();
  /** Whether observations of a kind name a client and a server, learned from the first of each. */
  readonly #carriesEndpoints = new Map<string, boolean>();
  /** Observations taken in and not yet recorded (see `observe`). */
  readonly #pending: Observation[] = [];

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
    this.#writeOutReaches();
    return [...this.#hosts.values()].filter((host): host is HostActivity => host !== null);
  }

  /**
   * Takes an observation in. Those worth recording are recorded a few dozen at a time: between
   * two flows the packet path has pushed the hosts' facts out of the processor's caches, and
   * recorded one by one they cost three times as much. The batch stays small because what waits
   * in it outlives the young generation and is copied by each collection (measured on the bench
   * capture: one at a time +31 % on the pipeline, 64 +9 %, 1024 +10 % with more collection).
   */
  readonly observe = (observation: Observation): void => {
    if (!this.#isWorthRecording(observation)) return;
    if (this.#pending.push(observation) >= batchSize) this.#drain();
  };

  /**
   * Whether an observation can add anything: a flow, a kind with facts of its own, or the first
   * of a connection (its protocols). An HTTP keep-alive's later requests and responses are most
   * of what the dissectors report and add nothing.
   */
  #isWorthRecording(observation: Observation): boolean {
    const { kind } = observation;
    if (kind === 'flow.summary') return true;
    let carriesEndpoints = this.#carriesEndpoints.get(kind);
    if (carriesEndpoints === undefined) {
      carriesEndpoints = 'client' in observation && 'server' in observation;
      this.#carriesEndpoints.set(kind, carriesEndpoints);
    }
    const isNewConnection =
      carriesEndpoints &&
      !this.#isRepeat(observation as Observation & { client: NetworkEndpoint; server: NetworkEndpoint });
    if (isNewConnection || factKinds.has(kind)) return true;
    return kind === 'http.request' && observation.hasBasicAuthorization;
  }

  #drain(): void {
    const pending = this.#pending;
    for (let index = 0; index < pending.length; index += 1) this.#record(pending[index]!);
    pending.length = 0;
  }

  #record(observation: Observation): void {
    if (observation.kind === 'flow.summary') {
      this.#flow(observation.flow, observation.evidence);
      return;
    }
    if (this.#carriesEndpoints.get(observation.kind) === true) {
      const [asClient, asServer] = this.#sidesOf(observation.kind);
      const { client, server, timestampMs, evidence } = observation as Observation & {
        client: NetworkEndpoint;
        server: NetworkEndpoint;
      };
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
   * Whether the observation is of the same connection as the last of its protocol family: a
   * connection's dissector reuses its endpoint objects, so an HTTP keep-alive's hundredth request
   * adds nothing the first did not, nor does the response to the first request (its protocols are
   * the request's), and they are passed over without a lookup.
   */
  #isRepeat(observation: { kind: string; client: NetworkEndpoint; server: NetworkEndpoint }): boolean {
    const family = this.#sidesOf(observation.kind);
    const last = this.#lastConnection.get(family);
    if (last !== undefined && last.client === observation.client && last.server === observation.server)
      return true;
    if (last === undefined)
      this.#lastConnection.set(family, { client: observation.client, server: observation.server });
    else {
      last.client = observation.client;
      last.server = observation.server;
    }
    return false;
  }

  /** The protocol family's two sides, one pair per family (`http.request` and `http.response` share it). */
  #sidesOf(kind: string): readonly [string, string] {
    let sides = this.#sides.get(kind);
    if (sides === undefined) {
      const family = kind.slice(0, kind.indexOf('.'));
      sides = this.#sides.get(family) ?? [`${family} client`, `${family} server`];
      this.#sides.set(family, sides);
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
        if (responderInside) this.#reach(from, to, flow.protocol, service, responder, at, evidence);
        else from.add('outsidePeers', responder.address, at, evidence, responder.address, responder.mac);
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

  /**
   * `from` opened `service` on `responder`, and so is among the responder's clients: kept as
   * numbers in the reach table for IPv4 hosts, as facts at once otherwise.
   */
  #reach(
    from: HostActivity,
    to: HostActivity | undefined,
    protocol: 6 | 17,
    service: string,
    responder: FlowRecord['responder'],
    atMs: number,
    evidence: Evidence,
  ): void {
    const owner = ipv4Number(from.ip);
    const address = ipv4Number(responder.address);
    if (owner < 0 || address < 0) {
      from.add(
        'reaches',
        reachesFact(service, responder.address),
        atMs,
        evidence,
        responder.address,
        responder.mac,
      );
      to?.add('clients', clientsFact(from.ip, service), atMs, evidence, from.ip, from.mac);
      return;
    }
    from.saw(atMs);
    const reaches = this.#reaches;
    if (reaches.sightAgain(owner, address, protocol, responder.port, atMs, evidence)) return;
    if (!from.hasRoom('reaches')) {
      from.dropped += 1;
      return;
    }
    reaches.insert(owner, address, protocol, responder.port, atMs, evidence);
    from.pendingReaches += 1;
    if (reaches.size >= maxPendingReaches) this.#writeOutReaches();
  }

  /**
   * Moves the reach table's facts to their hosts: `tcp/104 on 10.1.0.5` among the reaching
   * host's `reaches`, `10.1.0.9 to tcp/104` among the reached host's `clients`.
   */
  #writeOutReaches(): void {
    if (this.#reaches.size === 0) return;
    const byAddress = new Map<number, HostActivity>();
    for (const host of this.#hosts.values()) if (host !== null) byAddress.set(ipv4Number(host.ip), host);
    this.#reaches.drain(({ owner: ownerAddress, address, protocol, port, firstSeenMs, evidence }) => {
      const owner = byAddress.get(ownerAddress);
      const peer = byAddress.get(address);
      const ownerIp = owner?.ip ?? ipv4Text(ownerAddress);
      const service = serviceName(protocol, port);
      if (owner !== undefined) {
        // A host forgotten and met again counts afresh; its earlier facts still go to it.
        if (owner.pendingReaches > 0) owner.pendingReaches -= 1;
        const peerIp = peer?.ip ?? ipv4Text(address);
        owner.add('reaches', reachesFact(service, peerIp), firstSeenMs, evidence, peerIp, peer?.mac);
      }
      if (peer === undefined) return;
      // Each client and service comes out of the table once, so one that finds no room was not held.
      if (peer.hasRoom('clients'))
        peer.add('clients', clientsFact(ownerIp, service), firstSeenMs, evidence, ownerIp, owner?.mac);
      else peer.dropped += 1;
    });
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
    // Compared first: a new string kept on an old record survives every scavenge until replaced.
    if (mac !== undefined && host.mac !== mac) host.mac = mac;
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
