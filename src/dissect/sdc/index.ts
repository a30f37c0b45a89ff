import { IpProtocol, type PacketView } from '../../decode/packet-view.js';
import { type DissectContext, type Dissector, evidenceOf, packetEndpoint } from '../dissector.js';
import type { Protocol } from '../protocol.js';
import { maxMessageBytes, mdpwsNamespace, medicalDeviceType, wsDiscoveryPort } from './consts.js';
import { readDiscoveryMessage } from './discovery-message.js';
import { foldDpwsMetadata, foldWsDiscovery } from './fold.js';
import { dpwsMetadataApplication } from './metadata-exchange.js';
import type { DpwsMetadataObservation, WsDiscoveryObservation } from './observation.js';

/**
 * WS-Discovery over UDP 3702 (OASIS WS-Discovery; DPWS; IEEE 11073-20702 for SDC): devices
 * announcing themselves (Hello, Bye), clients probing, and the matches devices answer with.
 * An SDC medical device names itself by the MDPWS MedicalDevice type and SDC scopes.
 */
export const wsDiscoveryDissector: Dissector = {
  protocol: 'ws-discovery',
  matches: (view) =>
    view.hasTransport &&
    view.ipProtocol === IpProtocol.udp &&
    (view.sourcePort === wsDiscoveryPort || view.destinationPort === wsDiscoveryPort),
  dissect(view: PacketView, context: DissectContext): void {
    const length = Math.min(view.payloadLength, maxMessageBytes);
    const data = view.packet.data;
    // SOAP over UDP is one envelope per datagram (SOAP-over-UDP 1.1 §3).
    const message =
      length > 0 && data[view.payloadOffset] === 0x3c
        ? readDiscoveryMessage(data.toString('utf8', view.payloadOffset, view.payloadOffset + length))
        : undefined;
    if (message === undefined) {
      context.counters.countMalformed('ws-discovery');
      return;
    }
    const observation: WsDiscoveryObservation = {
      kind: 'ws-discovery.message',
      timestampMs: view.packet.timestampMs,
      evidence: evidenceOf(view, context),
      sender: packetEndpoint(view, true),
      receiver: packetEndpoint(view, false),
      ...message,
      isSdcMedicalDevice: message.types.some(
        (type) => type.namespace === mdpwsNamespace && type.name === medicalDeviceType,
      ),
    };
    context.emit(observation);
  },
};

/**
 * WS-Discovery and SDC, with DPWS metadata fetched over HTTP: its dissectors, observations and
 * what they tell about devices (see `../protocol.ts`).
 */
export const sdcProtocol: Protocol<WsDiscoveryObservation | DpwsMetadataObservation> = {
  name: 'ws-discovery',
  packetDissector: wsDiscoveryDissector,
  httpApplication: dpwsMetadataApplication,
  kinds: ['ws-discovery.message', 'dpws.metadata'],
  fold: (book, observation) =>
    observation.kind === 'dpws.metadata'
      ? foldDpwsMetadata(book, observation)
      : foldWsDiscovery(book, observation),
};
