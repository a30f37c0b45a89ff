import type { ObservationBase } from '../../observe/observation.js';

/**
 * A neighbour advertisement: LLDP (IEEE 802.1AB) or Cisco's CDP. Switches, phones, and many
 * monitors and modalities announce their name, description, capabilities and management address.
 */
export interface NeighbourAdvertisementObservation extends ObservationBase {
  kind: 'neighbour.advertisement';
  protocol: 'lldp' | 'cdp';
  /** The frame's source MAC: the advertising port. */
  sourceMac: string;
  /** LLDP chassis ID or CDP device ID, as text (a MAC, a name, …). */
  chassisId: string | undefined;
  portId: string | undefined;
  systemName: string | undefined;
  /** LLDP system description or CDP software version. */
  systemDescription: string | undefined;
  /** CDP platform (the hardware model). */
  platform: string | undefined;
  /** Enabled capabilities, e.g. `bridge`, `router`, `station`. */
  capabilities: string[];
  /** The first IPv4 or IPv6 management address. */
  managementAddress: string | undefined;
  vlanId: number;
}
