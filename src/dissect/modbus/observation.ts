import type { NetworkEndpoint, ObservationBase } from '../../observe/observation.js';

/** A Modbus/TCP unit and function a connection used, reported once per connection. */
export interface ModbusMessageObservation extends ObservationBase {
  kind: 'modbus.message';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  isRequest: boolean;
  unitId: number;
  functionCode: number;
  functionName: string;
  /** The function changes coils, registers or files. */
  isWrite: boolean;
  /** Set on an exception reply (Modbus Application Protocol §7). */
  exceptionCode: number | undefined;
}
