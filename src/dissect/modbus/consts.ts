/** Modbus/TCP's registered port (Modbus Messaging on TCP/IP Implementation Guide v1.0b §3.1.3). */
export const modbusPort = 502;
/** MBAP header: transaction, protocol (0), length, unit identifier (guide §3.1.3). */
export const mbapHeaderBytes = 7;
/** The length field counts the unit identifier and a PDU of at most 253 bytes. */
export const maxMbapLength = 254;

/** Public function codes (Modbus Application Protocol v1.1b3 §5.1). */
export const modbusFunctionNames: Readonly<Record<number, string>> = {
  1: 'read-coils',
  2: 'read-discrete-inputs',
  3: 'read-holding-registers',
  4: 'read-input-registers',
  5: 'write-single-coil',
  6: 'write-single-register',
  7: 'read-exception-status',
  8: 'diagnostics',
  11: 'get-comm-event-counter',
  12: 'get-comm-event-log',
  15: 'write-multiple-coils',
  16: 'write-multiple-registers',
  17: 'report-server-id',
  20: 'read-file-record',
  21: 'write-file-record',
  22: 'mask-write-register',
  23: 'read-write-multiple-registers',
  24: 'read-fifo-queue',
  43: 'encapsulated-interface-transport',
};

/** Functions that change a controller's outputs, registers or files. */
export const modbusWriteFunctions = new Set([5, 6, 15, 16, 21, 22, 23]);

export function modbusFunctionName(code: number): string {
  return modbusFunctionNames[code] ?? `function-${code}`;
}

/** Distinct (unit, function, direction) combinations reported per connection; polling repeats them. */
export const maxReportedCombinations = 64;
