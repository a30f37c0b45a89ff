import type { NetworkEndpoint, ObservationBase } from '../../observe/observation.js';

/** A BACnet/IP message (ASHRAE 135 Annex J); an I-Am identifies the device. */
export interface BacnetMessageObservation extends ObservationBase {
  kind: 'bacnet.message';
  sender: NetworkEndpoint;
  receiver: NetworkEndpoint;
  bvlcFunction: string;
  apduType: string | undefined;
  /** e.g. `who-is`, `i-am`, `read-property`. */
  service: string | undefined;
  /** From an I-Am: the device object's instance number, unique on the BACnet internetwork. */
  deviceInstance: number | undefined;
  maxApdu: number | undefined;
  /** ASHRAE-assigned vendor identifier. */
  vendorId: number | undefined;
}
