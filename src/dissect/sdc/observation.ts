import type { NetworkEndpoint, ObservationBase } from '../../observe/observation.js';
import type { DeviceMetadata } from './device-metadata.js';
import type { QualifiedName } from './discovery-message.js';

/**
 * A WS-Discovery message (UDP 3702), the discovery of DPWS devices and, with IEEE 11073 SDC,
 * of medical devices: what the target service announces (types, scopes, transport addresses).
 */
export interface WsDiscoveryObservation extends ObservationBase {
  kind: 'ws-discovery.message';
  sender: NetworkEndpoint;
  receiver: NetworkEndpoint;
  /** `Hello`, `Bye`, `Probe`, `ProbeMatches`, `Resolve`, `ResolveMatches`. */
  action: string;
  endpoint: string | undefined;
  types: QualifiedName[];
  scopes: string[];
  /** An SDC patient context scope was present; its value (a patient identifier) is not kept. */
  hasPatientScope: boolean;
  xAddrs: string[];
  /** The types include MDPWS `MedicalDevice` (IEEE 11073-20702): an SDC medical device. */
  isSdcMedicalDevice: boolean;
}

/** A DPWS device's metadata (ThisModel, ThisDevice) as it answered a client's Get over HTTP. */
export interface DpwsMetadataObservation extends ObservationBase, DeviceMetadata {
  kind: 'dpws.metadata';
  client: NetworkEndpoint;
  /** The device that answered. */
  server: NetworkEndpoint;
}
