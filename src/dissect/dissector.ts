import { formatIpAddress, formatMac } from '../decode/address-format.js';
import type { PacketView } from '../decode/packet-view.js';
import type { Evidence, NetworkEndpoint, ObservationSink } from '../observe/observation.js';

/** Malformed messages per protocol; the pipeline reports them and goes on. */
export class DissectCounters {
  readonly malformedByProtocol = new Map<string, number>();
  malformed = 0;

  countMalformed(protocol: string): void {
    this.malformed += 1;
    this.malformedByProtocol.set(protocol, (this.malformedByProtocol.get(protocol) ?? 0) + 1);
  }
}

export interface DissectContext {
  /** The capture's name, for evidence. */
  captureName: string;
  emit: ObservationSink;
  counters: DissectCounters;
}

/**
 * A protocol dissector: recognises its packets from the decoded headers and turns their bytes
 * into observations. It must not throw on any input: bad bytes are counted as malformed.
 * Dissectors are listed in `registry.ts` and nowhere else.
 */
export interface Dissector {
  /** The protocol's name as devices list it in `protocols` (e.g. `dhcp`). */
  readonly protocol: string;
  /** A cheap test on the decoded headers (ports, EtherType, first payload bytes). */
  matches(view: PacketView): boolean;
  dissect(view: PacketView, context: DissectContext): void;
}

/** The evidence pointer for the packet currently in `view`. */
export function evidenceOf(view: PacketView, context: DissectContext): Evidence {
  return {
    capture: context.captureName,
    packetNumber: view.packet.packetNumber,
    fileOffset: view.packet.fileOffset,
  };
}

/** The source (or destination) of the packet in `view`, as observations name endpoints. */
export function packetEndpoint(view: PacketView, isSource: boolean): NetworkEndpoint {
  const macOffset = isSource ? view.sourceMacOffset : view.destinationMacOffset;
  return {
    ip: formatIpAddress(view.networkLayer, isSource ? view.sourceAddress : view.destinationAddress),
    port: isSource ? view.sourcePort : view.destinationPort,
    mac: macOffset >= 0 ? formatMac(view.packet.data, macOffset) : undefined,
  };
}
